"""A deep dive's 6 Step Briefing. Each agency writes one summative report
across its cases, and what the meeting takes from them is recorded across
the cases: steps 3 and 4 give those strengths and findings (said "across the
cases", not "per case"), rather than "No findings have been recorded yet"
above a step 6 that counts them; step 5 does not give them a second time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.services.findings import finding_confirm_tags, finding_create
from maca.programme.models import Audit, AuditKind, Stage
from maca.publications import services
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings
from maca.returns.tests.builders import audit_with_returns
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

WORRY = "Referrers were rarely told what the MASH decided."
GOOD = "Every referral was screened within a day."


def _draft(world, client_for, audit) -> str:
    publication = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode())
    return page.split("Draft, version 1: not for circulation", 1)[1].split("Versions Version Status", 1)[0]


def _step(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def test_a_deep_dives_briefing_gives_what_the_summative_reports_found_in_steps_3_and_4(world, client_for):
    audit = audit_with_returns(world, kind=AuditKind.DEEP_DIVE, tool_kind="summative")
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    qa = world["qa"].user
    for text, polarity, agency in ((WORRY, "concern", world.police), (GOOD, "strength", world.health)):
        found = finding_create(actor=qa, audit=audit, audit_case=None, text=text, polarity=polarity, agency=agency)
        # Confirmed at the meeting: a briefing lists and counts a finding once its themes are confirmed.
        finding_confirm_tags(actor=qa, finding=found, polarity=polarity, theme_keys=[], expected_version=found.version)

    page = _draft(world, client_for, audit)
    assert "per case" not in page
    assert "to agree the strengths and findings across the cases" in page
    step3 = _step(page, "3. Strengths identified across the cases", "4. Findings identified")
    assert GOOD in step3 and "No strengths have been recorded" not in step3
    step4 = _step(page, "4. Findings identified across the cases", "5. Recommendations")
    assert f"Testshire Police: {WORRY}" in step4 and "No findings have been recorded" not in step4
    step5 = _step(page, "5. Recommendations", "6. Good practice")
    assert WORRY not in step5 and GOOD not in step5
    assert "The audit found 1 strength and 1 finding across the cases." in page


def _concern(world, audit, text, *, agency=None, audit_case=None, theme="domestic_abuse"):
    """A concern recorded at the meeting, its theme confirmed."""
    qa = world["qa"].user
    found = finding_create(actor=qa, audit=audit, audit_case=audit_case, text=text, polarity="concern", agency=agency)
    finding_confirm_tags(
        actor=qa, finding=found, polarity="concern", theme_keys=[theme], expected_version=found.version
    )


def _across_the_cases(world, client_for, audit) -> str:
    page = client_for(world["qa"]).get(reverse("findings:across_cases", args=[audit.pk])).content.decode()
    return words_of(page).split("Concerns in two or more", 1)[1].split("Recommendations", 1)[0]


def test_step_5_says_a_concern_in_two_agencies_summative_reports_is_an_issue_across_cases(world, client_for):
    audit = audit_with_returns(world, kind=AuditKind.DEEP_DIVE, tool_kind="summative")
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    _concern(world, audit, WORRY, agency=world.police)
    _concern(world, audit, "Health visitors did not ask about abuse.", agency=world.health)
    # The meeting's own summing up across cases (about no agency) is not a third report.
    _concern(world, audit, "Across the cases, abuse was not asked about.")

    # "Across the cases" finds it in the two agencies' summative reports, and so does the briefing.
    assert "Domestic abuse: 2 summative reports" in _across_the_cases(world, client_for, audit)
    step5 = _step(_draft(world, client_for, audit), "5. Recommendations", "6. Good practice")
    assert (
        "Issues identified across more than one summative report or case: "
        "Domestic abuse: findings in 2 summative reports." in step5
    )


def test_step_5_says_a_summative_report_and_a_case_make_two(world, client_for):
    audit = audit_with_returns(world, kind=AuditKind.DEEP_DIVE, tool_kind="summative")
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    _concern(world, audit, WORRY, agency=world.police)
    _concern(
        world,
        audit,
        "The mother was not asked alone.",
        audit_case=audit.audit_cases.current().order_by("number").last(),
    )
    cases = audit.audit_cases.current().count()

    assert f"Domestic abuse: 1 summative report and 1 of {cases} cases" in _across_the_cases(world, client_for, audit)
    step5 = _step(_draft(world, client_for, audit), "5. Recommendations", "6. Good practice")
    assert f"Domestic abuse: findings in 1 summative report and 1 of {cases} cases." in step5


def test_a_themed_audits_step_5_still_counts_cases_only(world, client_for):
    audit = audit_with_findings(world)
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    _concern(world, audit, WORRY, agency=world.police)
    _concern(world, audit, "Health visitors did not ask about abuse.", agency=world.health)
    for audit_case in audit.audit_cases.current():
        _concern(world, audit, "The mother was not asked alone.", audit_case=audit_case, theme="think_family")

    step5 = _step(_draft(world, client_for, audit), "5. Recommendations", "6. Good practice")
    assert "Issues identified across more than one case: Think family: findings in 2 of the 2 cases." in step5
    assert "Domestic abuse: findings" not in step5 and "summative" not in step5
