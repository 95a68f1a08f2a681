"""A strength or finding recorded at the meeting "Across cases" (no case) is
one of the audit's: each briefing drafted from the audit counts it and says
it, as the meeting page lists it; one removed stays out. And the annual
report's action plan figures add up to the actions they are parts of."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.actions.services import action_cancel
from maca.actions.tests.builders import raise_action
from maca.findings.models import Finding
from maca.findings.services.findings import finding_confirm_tags, finding_create, finding_remove
from maca.programme.models import Programme
from maca.programme.services import business_year
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind
from maca.publications.tests.builders import CONCERN, STRENGTH, audit_with_findings
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

ACROSS = "In no case did the strategy discussion include the school."
ACROSS_STRENGTH = "Every agency sent its chronology before the meeting."
REMOVED = "The chronologies were late in every case."


def _audit_with_findings_across_cases(world):
    """The builder's audit (2 cases, each with a strength and a concern) and,
    across cases, a concern (police) and a strength, confirmed, and a concern taken out."""
    audit = audit_with_findings(world)
    qa = world["qa"].user
    finding_create(actor=qa, audit=audit, audit_case=None, text=ACROSS, polarity="concern", agency=world.police)
    finding_create(actor=qa, audit=audit, audit_case=None, text=ACROSS_STRENGTH, polarity="strength")
    removed = finding_create(actor=qa, audit=audit, audit_case=None, text=REMOVED, polarity="concern")
    finding_remove(actor=qa, finding=removed, reason="Recorded twice", expected_version=removed.version)
    # Confirmed at the meeting: a publication lists and counts a finding once its themes are confirmed.
    for finding in Finding.objects.current().filter(audit=audit, audit_case__isnull=True):
        finding_confirm_tags(
            actor=qa, finding=finding, polarity=finding.polarity, theme_keys=[], expected_version=finding.version
        )
    return audit


def _draft_page(world, client_for, audit, kind) -> str:
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=kind, audit=audit
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    return page.split("Draft, version 1: not for circulation", 1)[1].split("Versions Version Status", 1)[0]  # the draft


def test_the_meeting_page_lists_the_findings_the_briefings_count(world, client_for):
    audit = _audit_with_findings_across_cases(world)
    meeting = words_of(client_for(world["qa"]).get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert ACROSS in meeting and ACROSS_STRENGTH in meeting and REMOVED not in meeting


def test_the_learning_summary_counts_and_says_what_was_found_across_cases(world, client_for):
    page = _draft_page(world, client_for, _audit_with_findings_across_cases(world), Kind.LEARNING_SUMMARY)
    assert "The audit found 3 strengths and 3 findings." in page
    worried = page.split("What we are worried about", 1)[1].split("Gaps and improvements", 1)[0]
    # Under its agency's name, as each finding about an agency is (never "Testshire Police: …" on one alone).
    assert f"Testshire Police {CONCERN}" in worried and ACROSS in worried
    assert "Testshire Police:" not in worried
    gaps = page.split("Gaps and improvements", 1)[1].split("Next steps and actions", 1)[0]
    assert ACROSS in gaps
    working = page.split("What is working well", 1)[1].split("What we are worried about", 1)[0]
    assert ACROSS_STRENGTH in working and STRENGTH in working
    assert REMOVED not in page


def test_key_messages_give_what_was_found_across_cases(world, client_for):
    page = _draft_page(world, client_for, _audit_with_findings_across_cases(world), Kind.KEY_MESSAGES)
    improve = page.split("Areas for improvement", 1)[1].split("What this means for your practice", 1)[0]
    assert ACROSS in improve and CONCERN in improve
    assert ACROSS_STRENGTH in page.split("What we saw working well", 1)[1].split("Areas for improvement", 1)[0]
    assert REMOVED not in page


def test_the_six_step_briefing_gives_findings_across_cases_beside_the_issues_across_cases(world, client_for):
    page = _draft_page(world, client_for, _audit_with_findings_across_cases(world), Kind.SIX_STEP)
    step4 = page.split("4. Findings identified per case", 1)[1].split("5. Recommendations", 1)[0]
    assert ACROSS not in step4 and CONCERN in step4  # the per-case steps stay per case
    step5 = page.split("5. Recommendations: issues identified across multiple cases", 1)[1].split("6. Good", 1)[0]
    assert f"Findings recorded across cases: Testshire Police: {ACROSS}" in step5
    assert f"Strengths recorded across cases: {ACROSS_STRENGTH}" in step5
    assert step5.index(ACROSS) < step5.index("The audit meeting recommends:")
    assert "The audit found 3 strengths and 3 findings across the cases." in page
    assert REMOVED not in page


def test_the_annual_report_counts_an_audits_findings_across_cases(world):
    audit = _audit_with_findings_across_cases(world)
    # Counted once their themes are confirmed, as the board's findings page counts them.
    for finding in Finding.objects.current().filter(audit=audit, audit_case__isnull=True):
        finding_confirm_tags(
            actor=world["qa"].user,
            finding=finding,
            polarity=finding.polarity,
            theme_keys=["think_family"],
            expected_version=finding.version,
        )
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    found = Document.from_json(report.versions.get(number=1).document).section("found").text
    assert f"{audit.title}\n\n- 3 strengths and 3 findings recorded." in found


# The action plan ------------------------------------------------------------------------------


def test_the_annual_report_gives_the_action_plan_in_parts_that_add_up(world, client_for, monkeypatch):
    # A day well inside its programme year, so that an action raised two days
    # before it is in the same year's report (on 1 or 2 April it would not be).
    today = dt.date(2026, 12, 7)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    year = business_year(today)
    Programme.objects.get_or_create(partnership=world.partnership, year=year)
    raise_action(world, today=today)
    raise_action(world, due_on=today - dt.timedelta(days=1), today=today - dt.timedelta(days=2))
    cancelled = raise_action(world, today=today)
    action_cancel(
        actor=world["qa"].user, action=cancelled, reason="Duplicated another action", expected_version=cancelled.version
    )
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert "3 actions raised: 2 not yet closed (1 red, 0 amber and 1 green) and 1 cancelled." in page


def test_one_action_not_yet_closed_is_said_in_the_singular(world):
    today = dt.date.today()
    year = business_year(today)
    Programme.objects.get_or_create(partnership=world.partnership, year=year)
    raise_action(world)
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    text = Document.from_json(report.versions.get(number=1).document).section("action_plan").text
    assert "1 action raised: 1 not yet closed (0 red, 0 amber and 1 green)." in text


def test_a_finding_across_cases_counts_to_its_theme_but_in_no_case():
    from maca.publications import drafting
    from maca.publications.sources import AuditRecord, CaseRecord, Item

    family = ("think_family",)
    record = AuditRecord(
        title="Neglect in babies",
        theme="Neglect.",
        kind="Themed",
        programme="2026–27",
        meeting_date=None,
        tool="",
        cases=[
            CaseRecord(number=n, label=f"Child {n}", children=1, agencies=[], concerns=[Item(CONCERN, themes=family)])
            for n in (1, 2)
        ],
        agencies=[],
        draw_sentence="2 cases were chosen by the audit lead.",
        nominated=0,
        theme_names={"think_family": "Think family"},
        across_concerns=[Item(ACROSS, themes=family)],
    )
    assert record.theme_counts() == [("Think family", 0, 3, 2)]
    briefing = drafting.six_step(record)
    assert "Think family: findings in 2 of the 2 cases." in briefing.section("recommendations").text
    summary = briefing.section("recommendations").figure.summary
    assert summary == "Think family had the most findings (3), in 2 cases and across cases."
    record.cases = record.cases[:1]
    record.cases[0].concerns = []
    assert drafting.six_step(record).section("recommendations").figure.summary == (
        "Think family had the most findings (1), across cases."
    )
