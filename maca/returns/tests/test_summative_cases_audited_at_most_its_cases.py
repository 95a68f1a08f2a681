"""A deep dive's summative report asks "How many cases did your agency
audit?". The report covers the audit's cases its agency is auditing, so a
larger answer is a slip: refused on the box, with a GOV.UK error that says
how many cases the agency has, and nothing saved; on submitting too, if a
case was taken off the agency after the answer was saved. A sub-unit (a GP
practice under its care board) writes its own report on its own cases, so
its cases are not its parent agency's to count."""

from __future__ import annotations

from django.urls import reverse

from maca.returns.models import Return, ReturnStatus
from maca.returns.tests.builders import deep_dive_with_shipped_report, save
from maca.selection.models import AuditCase
from maca.selection.services import assignments_set
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools.selectors import sections_with_questions

QUESTION = "‘How many cases did your agency audit?’"
MORE_THAN_TWO = f"{QUESTION} cannot be more than the 2 cases your agency has in this audit"


def _report(audit, agency) -> Return:
    return Return.objects.get(audit=audit, agency=agency, audit_case=None)


def _counts_url(report) -> str:
    titles = [section.title for section in sections_with_questions(report.tool_version)]
    return reverse("returns:section", args=[report.pk, titles.index("Counts") + 1])


def _all_answers(cases: int) -> dict:
    return {
        "overview": "Two referrals, audited by the team manager.",
        "worked_well": "Timely referrals.",
        "needs_to_improve": "Feedback to referrers.",
        "actions": "Brief officers – inspector – by 31 March",
        "cases_audited": cases,
        "cases_meeting_standard": 1,
        "overall_grade": "good",
    }


def test_more_cases_than_the_agency_has_are_refused_on_the_box(world, client_for):
    audit = deep_dive_with_shipped_report(world, cases=2)
    report = _report(audit, world.police)
    url = _counts_url(report)
    auditor = client_for(world["auditor"])

    response = auditor.post(url, {"version": report.version, "cases_audited": "3", "cases_meeting_standard": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    words = words_shown(page)
    assert "There is a problem" in words
    assert f"Error: {MORE_THAN_TWO}" in words  # under the box, as well as in the summary
    assert 'href="#id_cases_audited"' in page
    report.refresh_from_db()
    assert report.answers == {} and report.status == ReturnStatus.NOT_STARTED

    shown = fields_shown(auditor.get(url).content.decode())
    assert shown["cases_audited"].chosen in ([], [""])  # nothing was saved

    response = auditor.post(url, {"version": report.version, "cases_audited": "2", "cases_meeting_standard": "1"})
    assert response.status_code == 302
    assert fields_shown(auditor.get(url).content.decode())["cases_audited"].chosen == ["2"]


def test_the_autosave_saves_no_more_cases_than_the_agency_has(world, client_for):
    audit = deep_dive_with_shipped_report(world, cases=2)
    report = _report(audit, world.police)
    titles = [section.title for section in sections_with_questions(report.tool_version)]
    response = client_for(world["auditor"]).post(
        reverse("returns:autosave", args=[report.pk]),
        {"version": report.version, "_section": titles.index("Counts") + 1, "cases_audited": "5"},
    )
    assert "Not saved: " in words_shown(response.content.decode())
    report.refresh_from_db()
    assert report.answers == {}


def test_a_case_taken_off_the_agency_after_the_answer_was_saved_stops_the_submission(world, client_for):
    audit = deep_dive_with_shipped_report(world, cases=2, agencies=[world.police, world.health])
    report = _report(audit, world.police)
    save(report, world["lead"], _all_answers(2))
    first = AuditCase.objects.filter(audit=audit).order_by("number").first()
    assignments_set(
        actor=world["qa"].user, audit_case=first, agencies=[world.health], confirmed_agency_ids={world.police.pk}
    )
    report.refresh_from_db()

    lead = client_for(world["lead"])
    response = lead.post(reverse("returns:check", args=[report.pk]), {"version": report.version})
    assert response.status_code == 200
    assert f"{QUESTION} cannot be more than the 1 case your agency has in this audit" in words_shown(
        response.content.decode()
    )
    report.refresh_from_db()
    assert report.status != ReturnStatus.SUBMITTED


def test_a_sub_units_cases_are_counted_in_its_own_report_not_its_agencys(world, client_for):
    """The care board audits case 1; its GP practice cases 1 and 2. Each has
    its own report (a return is its agency's own, as a case's return is): the
    board's covers 1 case, the practice's 2."""
    audit = deep_dive_with_shipped_report(world, cases=2, agencies=[world.gp_practice])
    first = AuditCase.objects.filter(audit=audit).order_by("number").first()
    assignments_set(actor=world["qa"].user, audit_case=first, agencies=[world.gp_practice, world.health])
    board, practice = _report(audit, world.health), _report(audit, world.gp_practice)

    qa = client_for(world["qa"])
    board_words = words_shown(qa.get(reverse("returns:detail", args=[board.pk])).content.decode())
    assert "All its cases: 1 case in this audit" in board_words
    practice_words = words_shown(qa.get(reverse("returns:detail", args=[practice.pk])).content.decode())
    assert "All its cases: 2 cases in this audit" in practice_words

    health_lead = client_for(world["health_lead"])
    response = health_lead.post(
        _counts_url(board), {"version": board.version, "cases_audited": "2", "cases_meeting_standard": "1"}
    )
    assert f"{QUESTION} cannot be more than the 1 case your agency has in this audit" in words_shown(
        response.content.decode()
    )
    response = health_lead.post(
        _counts_url(practice), {"version": practice.version, "cases_audited": "2", "cases_meeting_standard": "1"}
    )
    assert response.status_code == 302
