"""What a third QA walk of the publications found, as each person meets it:
a briefing drafted before the audit's meeting says plainly what is not yet
known; how many agencies reported is said the same way on every page and in
the annual report; a section is never published as a heading with nothing
under it; strengths and findings about no one agency are named as the
findings pages name them; saving the settings unchanged changes nothing; the
versions table says who published; the practice page names the kind of
publication; and each page's title names its publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.findings.models import Finding
from maca.programme.models import AuditKind
from maca.programme.tests.factories import AuditFactory
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind
from maca.publications.tests.builders import CONCERN, STRENGTH, audit_with_findings, publish, six_step_for
from maca.returns.tests.builders import audit_with_returns
from maca.tests.forms_shown import fields_shown
from maca.tests.tables import read_tables
from maca.tests.test_page_titles import title_and_heading
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    assert response.status_code == 200, response.status_code
    return words_of(response.content.decode())


def _draft(world, kind, audit):
    return services.publication_create(actor=world["qa"].user, partnership=world.partnership, kind=kind, audit=audit)


def _section(publication, key: str):
    return Document.from_json(publication.versions.order_by("-number").first().document).section(key)


# 1. Drafted before the meeting -------------------------------------------------------------


def test_a_briefing_drafted_before_any_case_is_chosen_says_what_is_not_yet_known(world, client_for):
    day = timezone.localdate() + dt.timedelta(days=90)
    # In a programme whose years allow the meeting (this year's, once 2026–27's have passed).
    audit = AuditFactory(partnership=world.partnership, planned_meeting_date=day)
    qa = client_for(world["qa"])
    six = _words(qa.get(reverse("publications:detail", args=[_draft(world, Kind.SIX_STEP, audit).pk])))
    for wrong in ("0 cases", "0 strengths", "0 findings", "Each agency audited", "The agencies met", "chosen by"):
        assert wrong not in six
    assert "No cases have been chosen yet." in six
    assert "Once the cases are chosen, each agency will audit its own records of them" in six
    assert f"The agencies are due to meet on {day.day} {day:%B %Y} to agree the strengths and findings" in six
    assert "No strengths or findings have been agreed yet: the agencies agree them when they meet." in six

    summary = _words(qa.get(reverse("publications:detail", args=[_draft(world, Kind.LEARNING_SUMMARY, audit).pk])))
    for wrong in ("0 cases", "0 strengths", "Each agency audited", "chosen by"):
        assert wrong not in summary
    assert "No cases have been chosen yet. Once the cases are chosen, each agency will audit its own records" in summary
    assert "No strengths or findings have been agreed yet" in summary
    messages = _words(qa.get(reverse("publications:detail", args=[_draft(world, Kind.KEY_MESSAGES, audit).pk])))
    assert "0 cases" not in messages
    seven = _words(qa.get(reverse("publications:detail", args=[_draft(world, Kind.SEVEN_MINUTE, audit).pk])))
    assert "0 cases" not in seven
    assert "No cases have been chosen yet." in seven


def test_a_deep_dive_being_audited_says_each_agency_is_writing_its_one_report(world, client_for):
    audit = audit_with_returns(world, kind=AuditKind.DEEP_DIVE, tool_kind="summative")
    audit.planned_meeting_date = None
    audit.save(update_fields=["planned_meeting_date"])
    page = _words(
        client_for(world["qa"]).get(reverse("publications:detail", args=[_draft(world, Kind.SIX_STEP, audit).pk]))
    )
    assert "2 cases about 2 children are being audited by 2 agencies." in page
    assert f"Each agency is auditing its own records of the cases with the audit tool ‘{audit.tool.name}’ and " in page
    assert "writing one report of what it found across them." in page
    assert "chronology" not in page
    assert "The agencies have not yet met to agree the strengths and findings across the cases" in page
    assert "Each agency audited" not in page


def test_a_briefing_drafted_after_the_meeting_says_what_happened(world):
    publication = six_step_for(world)
    process = _section(publication, "process").text
    assert process.startswith("Each agency audited its own records of the cases with the audit tool")
    assert "and wrote a chronology of its involvement." in process
    assert "The audit found 2 strengths and 2 findings across the cases." in _section(publication, "good_practice").text


def test_what_is_recorded_before_the_meeting_is_said_as_so_far():
    from maca.publications import drafting
    from maca.publications.sources import AuditRecord, CaseRecord, Item

    def record(progress: str) -> AuditRecord:
        return AuditRecord(
            title="Babies",
            theme="Babies.",
            kind="Themed",
            programme="2026–27",
            meeting_date=None,
            tool="",
            cases=[CaseRecord(number=1, label="Child A", children=1, agencies=["Police"])],
            agencies=["Police"],
            draw_sentence="1 case was chosen by the audit lead.",
            nominated=0,
            across_concerns=[Item("Nobody chaired it.")],
            progress=progress,
        )

    auditing = drafting.six_step(record("auditing"))
    assert auditing.section("good_practice").text.startswith(
        "So far the audit has recorded no strengths and 1 finding across the cases: "
        "the agencies agree them when they meet."
    )
    assert "1 case about 1 child is being audited by 1 agency." in auditing.section("theme").text
    selecting = drafting.learning_summary(record("selecting")).section("methodology").text
    assert selecting.startswith(
        "1 case was chosen by the audit lead. 1 case about 1 child is to be audited by 1 agency. "
        "Each agency will audit its own records; the agencies have not yet met to agree the findings."
    )
    held = drafting.six_step(record("held"))
    assert held.section("good_practice").text.startswith("The audit found no strengths and 1 finding across the cases.")


# 2. How many agencies reported, the same on every page ---------------------------------------


def test_an_agency_reporting_when_none_was_asked_is_counted_as_such_on_every_page(world, client_for):
    from maca.selection.models import Assignment

    audit = audit_with_findings(world)
    Assignment.objects.filter(audit_case__audit=audit).update(removed_at=timezone.now())
    publication = six_step_for(world, audit)
    publish(world, publication)
    admin = client_for(world["admin"])
    response = admin.post(
        reverse("publications:practice", args=[publication.pk]),
        {
            "agency": world.police.pk,
            "version": 0,
            "meetings_held": "2",
            "staff_reached": "30",
            "changes_made": "Nothing yet.",
        },
    )
    assert response.status_code == 302
    said = "No agency was asked to report how it used it, but 1 agency has said how it did."
    detail = _words(admin.get(reverse("publications:detail", args=[publication.pk])))
    assert "1 of 1" not in detail
    assert said in detail
    practice_page = _words(admin.get(reverse("publications:practice", args=[publication.pk])))
    assert said in practice_page
    assert f"{said} None audited this audit’s cases in maca." in practice_page
    assert "Not yet reported" not in practice_page

    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    table = read_tables(admin.get(reverse("publications:detail", args=[report.pk])).content.decode())[
        "Briefings used in practice"
    ]
    assert table.cell(publication.title, "Agencies reporting") == "1 (none asked)"


def test_agencies_asked_are_counted_as_asked_on_every_page(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    qa = client_for(world["qa"])
    detail = _words(qa.get(reverse("publications:detail", args=[publication.pk])))
    assert "0 of 2 agencies asked have said how they used it." in detail
    assert "0 of 2 agencies asked have said how they used it." in _words(
        qa.get(reverse("publications:practice", args=[publication.pk]))
    )


# 3. A section is never a heading with nothing under it ---------------------------------------


def test_a_section_without_a_table_needs_its_text(world, client_for):
    publication = six_step_for(world)
    qa = client_for(world["qa"])
    before = _section(publication, "process").text
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    version = publication.versions.get().version
    page = _words(qa.post(url, {"heading": "2. Process", "text": "  \n ", "version": version}))
    assert "There is a problem" in page
    assert "Enter the text of the section" in page
    assert _section(publication, "process").text == before
    # A section with a table says what the table shows: its text may be left empty.
    response = qa.post(
        reverse("publications:section_edit", args=[publication.pk, "theme"]),
        {"heading": "1. Theme and cases", "text": "", "version": version},
    )
    assert response.status_code == 302
    assert _section(publication, "theme").text == ""
    assert _section(publication, "theme").tables


# 4. Strengths and findings about no one agency -------------------------------------------------


def test_the_learning_summary_names_findings_about_no_one_agency_as_the_findings_pages_do(world, client_for):
    audit = audit_with_findings(world)
    for polarity, text in (("strength", "Agencies shared information quickly."), ("concern", "Nobody chaired it.")):
        Finding.objects.create(
            partnership=world.partnership, audit=audit, polarity=polarity, text=text, tags_confirmed_at=timezone.now()
        )
    publication = _draft(world, Kind.LEARNING_SUMMARY, audit)
    page = _words(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])))
    assert "Across agencies" not in page
    working = _section(publication, "working_well").text
    worries = _section(publication, "worries").text
    assert working == (
        f"Testshire Care Board\n\n- {STRENGTH}\n- {STRENGTH}\n\nNo one agency\n\n- Agencies shared information quickly."
    )
    assert worries == f"Testshire Police\n\n- {CONCERN}\n- {CONCERN}\n\nNo one agency\n\n- Nobody chaired it."


# 5. Settings saved unchanged ------------------------------------------------------------------


def test_saving_the_settings_unchanged_changes_nothing_and_says_so(world, client_for):
    admin = client_for(world["admin"])
    url = reverse("publications:settings")
    shown = fields_shown(admin.get(url).content.decode())
    data = {"approver_role": shown["approver_role"].chosen[0], "version": shown["version"].chosen[0]}
    logged = AuditEvent.objects.filter(action="publication_settings.changed").count()
    for _ in range(2):
        response = admin.post(url, data, follow=True)
        page = _words(response)
        assert "Nothing was changed: the publication settings are as they were." in page
        assert "have been saved" not in page
        assert fields_shown(response.content.decode())["version"].chosen == [data["version"]]
    assert AuditEvent.objects.filter(action="publication_settings.changed").count() == logged
    # A change is still saved, and said to be.
    data["approver_role"] = "board_member"
    page = _words(admin.post(url, data, follow=True))
    assert "The publication settings have been saved." in page


# 6. Who published ----------------------------------------------------------------------------


def test_the_versions_table_says_who_published(world, client_for):
    from maca.core.presenters import date_time

    publication = six_step_for(world)
    version = publish(world, publication)
    html = client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode()
    who = read_tables(html)["Versions"].cell("Version 1", "Who")
    assert f"published by {world['qa'].user.full_name} on {date_time(version.published_at)}" in who


# 7. The practice page names the kind of publication ----------------------------------------------


def test_the_practice_page_names_the_kind_of_publication_it_records(world, client_for):
    publication = _draft(world, Kind.LEARNING_SUMMARY, audit_with_findings(world))
    publish(world, publication)
    lead = client_for(world["lead"])
    response = lead.post(
        reverse("publications:practice", args=[publication.pk]),
        {
            "agency": world.police.pk,
            "version": 0,
            "meetings_held": "1",
            "staff_reached": "9",
            "changes_made": "Nothing yet.",
        },
        follow=True,
    )
    page = _words(response)
    assert "Testshire Police’s use of the learning summary has been recorded." in page
    assert "briefing" not in page.lower()


# 8. Titles that name the publication ---------------------------------------------------------


def test_each_page_title_names_its_publication_and_version(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    qa = client_for(world["qa"])

    def title(url) -> str:
        return title_and_heading(qa.get(url).content.decode())[1]

    current = title(reverse("publications:detail", args=[publication.pk]))
    first = title(reverse("publications:version", args=[publication.pk, 1]))
    assert current == f"{publication.title} – maca"
    assert first == f"{publication.title} – Version 1 – maca"
    services.correction_start(
        actor=world["qa"].user, publication=publication, reason="The number of children was wrong."
    )
    edit = title(reverse("publications:section_edit", args=[publication.pk, "process"]))
    assert edit == f"Edit ‘2. Process’ – {publication.title} – maca"
