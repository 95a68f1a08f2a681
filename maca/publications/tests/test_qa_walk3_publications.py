"""The QA officer, the approver and a board member walking a briefing and the
annual report, third time: what each of them found wrong on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Finding, FindingTag, Theme
from maca.publications import checking, drafting, rendering, services
from maca.publications.document import Document
from maca.publications.models import Kind, PublicationSettings, Status
from maca.publications.sources import AuditRow, YearRecord
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.publications.tests.pdf import pdf_text
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _a_finding_on_each_of_thirteen_themes(world, audit):
    """Besides the builder's Voice of the child and Think family, a concern on
    each of 10 more themes and a strength alone on an 11th: 13 themes."""
    p = world.partnership
    qa = world["qa"].user
    taken = {"voice_of_child", "think_family"}
    themes = list(Theme.objects.filter(partnership=p).exclude(key__in=taken).order_by("key")[:11])
    case = audit.audit_cases.order_by("number").first()
    for index, theme in enumerate(themes):
        finding = Finding.objects.create(
            partnership=p,
            audit=audit,
            audit_case=case,
            agency=world.health,
            polarity="strength" if index == len(themes) - 1 else "concern",
            text=f"What the meeting agreed about {theme.name.lower()}.",
            tags_confirmed_at=timezone.now(),
        )
        FindingTag.objects.create(partnership=p, finding=finding, theme=theme, confirmed_by=qa)
    return themes[-1].name  # the theme with a strength only: the one a top twelve left off


def test_the_annual_report_shows_every_theme_of_the_year_not_only_twelve(world, client_for):
    audit = audit_with_findings(world)
    strength_only = _a_finding_on_each_of_thirteen_themes(world, audit)
    year = audit.programme.year
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    label = f"{year}–{str(year + 1)[-2:]}"
    page = client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode()
    themes = read_tables(page)[f"Themes across {label}"]
    assert len(themes.rows) == 13
    assert themes.cell(strength_only, "Strengths") == "1"
    # As the partnership's own page of themes over the years counts it.
    years = read_tables(client_for(world["qa"]).get(reverse("findings:themes_over_years")).content.decode())
    assert years["Each theme over the years"].cell(strength_only, "Strengths") == "1"


def test_a_six_step_briefing_shows_every_theme_of_its_audit_not_only_twelve(world, client_for):
    audit = audit_with_findings(world)
    strength_only = _a_finding_on_each_of_thirteen_themes(world, audit)
    briefing = six_step_for(world, audit)
    page = client_for(world["qa"]).get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    themes = read_tables(page)["Strengths and findings by theme"]
    assert len(themes.rows) == 13
    assert themes.cell(strength_only, "Strengths") == "1"


def _a_name_typed_twice_in_a_section(world):
    publication = six_step_for(world)  # Kayden Ashworth held for case 1
    version = publication.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("findings")
    version = services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\nKayden was seen at home, and Kayden spoke to the nurse.",
        expected_version=version.version,
    )
    first, second = checking.check_version(version)
    assert first.fingerprint == second.fingerprint  # the same name in the same section: kept once for both
    return publication, version, first


def test_keeping_a_name_says_it_keeps_each_place_it_is_in_the_section(world, client_for):
    publication, _version, hit = _a_name_typed_twice_in_a_section(world)
    url = reverse("publications:override", args=[publication.pk, hit.fingerprint])
    page = words_of(client_for(world["qa"]).get(url).content.decode())
    assert "‘Kayden’ is there 2 times, in ‘4. Findings identified per case’: your reason keeps each of them." in page
    assert "Kayden was seen at home" in page
    assert "and Kayden spoke to the nurse" in page


def test_the_approver_is_told_on_the_publication_what_was_kept_with_a_reason(world, client_for):
    publication, version, hit = _a_name_typed_twice_in_a_section(world)
    services.hit_override(
        actor=world["qa"].user, version=version, fingerprint=hit.fingerprint, reason="Agreed with the family."
    )
    version.refresh_from_db()
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    PublicationSettings.objects.update_or_create(
        partnership=world.partnership, defaults={"approver_role": world["admin"].membership.role}
    )
    url = reverse("publications:detail", args=[publication.pk])
    page = words_of(client_for(world["admin"]).get(url).content.decode())
    # Counted as the safety check lists it: one thing, kept in its 2 places.
    assert "The safety check found nothing left to fix: 1 thing was kept with a reason." in page


def test_the_annual_reports_safety_check_speaks_of_the_years_audits_not_one_audit(world, client_for):
    audit = audit_with_findings(world)  # Kayden Ashworth held for case 1
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    version = report.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("impact")
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="impact",
        heading=section.heading,
        text=f"{section.text}\n\nKayden’s family joined a parents’ group.",
        expected_version=version.version,
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:check", args=[report.pk])).content.decode())
    assert "names held for the year’s audits’ cases" in page
    assert "A name held for someone in the audited cases." in page
    assert "this audit’s cases" not in page


def test_a_name_kept_in_two_places_is_listed_once_as_kept_with_how_many_times(world, client_for):
    publication, version, hit = _a_name_typed_twice_in_a_section(world)
    services.hit_override(
        actor=world["qa"].user, version=version, fingerprint=hit.fingerprint, reason="Agreed with the family."
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:check", args=[publication.pk])).content.decode())
    kept = "Name in ‘4. Findings identified per case’: ‘Kayden’, 2 times."
    assert page.count(kept) == 1
    assert page.count("“Agreed with the family.”") == 1


def test_the_annual_report_names_the_themes_raised_in_more_than_one_audit_as_it_says_to_look_at_them(world, client_for):
    first = audit_with_findings(world)  # Think family concerns, Voice of the child strengths
    second = audit_with_findings(world, child_names={})
    assert first.programme_id == second.programme_id
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=first.programme.year
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert "Themes found in more than one audit are where the partnership’s learning should go first." in page
    assert "Raised as a concern in more than one of the year’s audits: Think family." in page


def test_a_chart_of_every_theme_fits_its_pdf_page_with_its_heading_and_never_runs_into_the_footer():
    themes = [(f"Practice theme number {n}", n % 3, 23 - n, 1) for n in range(1, 24)]
    audit = AuditRow("Neglect in babies", "Neglect", None, 4, 6, "Closed", 3, 9, [], [])
    year = YearRecord(2025, "2025–26", [audit], themes, [], [], None, "No actions were raised in 2025–26.")
    document = drafting.annual_report(year, partnership_name="Testshire Safeguarding Children Partnership")
    pages = pdf_text(rendering.pdf_bytes(document, rendering.Letterhead("Testshire"))).split("\f")
    with_summary = next(page for page in pages if "Raised most often as a concern in 2025–26" in page)
    # The chart's heading, summary and every bar on one page: not the heading
    # left alone there and the picture overrunning the next page's foot.
    assert "Practice theme number 1\n" in with_summary
    assert "Practice theme number 23" in with_summary


def _replace_form(version, hit) -> dict:
    return {
        "version": version.version,
        "address": hit.address,
        "start": hit.hit.start,
        "end": hit.hit.end,
        "found": hit.hit.text,
        "new": hit.proposal,
    }


def test_a_replacement_pressed_after_the_same_person_changed_the_draft_in_another_tab_says_it_was_them(
    world, client_for
):
    publication, version, hit = _a_name_typed_twice_in_a_section(world)
    form = _replace_form(version, hit)  # the check page, opened in one tab
    section = Document.from_json(version.document).section("findings")
    services.section_update(  # the section saved in another tab, by the same person
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"Kayden was seen.\n\n{section.text}",
        expected_version=version.version,
    )
    qa = client_for(world["qa"])
    page = words_of(qa.post(reverse("publications:replace", args=[publication.pk]), form, follow=True).content.decode())
    assert "You changed this publication on another page (another tab or window) after opening this one" in page
    assert "Someone else changed this record" not in page


def test_a_replacement_pressed_after_another_person_changed_the_draft_names_them(world, client_for):
    publication, version, hit = _a_name_typed_twice_in_a_section(world)
    form = _replace_form(version, hit)
    section = Document.from_json(version.document).section("findings")
    services.section_update(
        actor=world["admin"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"Kayden was seen.\n\n{section.text}",
        expected_version=version.version,
    )
    page = words_of(
        client_for(world["qa"])
        .post(reverse("publications:replace", args=[publication.pk]), form, follow=True)
        .content.decode()
    )
    admin = world["admin"].user.full_name
    assert f"{admin} changed the section ‘4. Findings identified per case’ on " in page
    assert "so it has not been replaced" in page
