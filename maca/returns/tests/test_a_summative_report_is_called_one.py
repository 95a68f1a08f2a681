"""A deep dive's summative report is called one on every page and in every
message a person meets on it (``Return.kind_name``, ``Return.named``,
``programme.models.returns_called``), never "the return", nor "the audit"
it starts, nor its chronology (it has none). A case's return reads as
before, word for word."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.returns.figures import Response
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, autosave, save
from maca.tests.page import words_shown

ANSWERS = {"info_grade": "good", "health_involved": "yes"}


def _report(world) -> Return:
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    return Return.objects.get(audit=audit, agency=world.police, audit_case=None)


def _case_return(world) -> Return:
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    return Return.objects.get(audit=audit, agency=world.police)


def _words(client, name, ret, **kwargs) -> str:
    response = client.get(reverse(name, args=[ret.pk]), **kwargs)
    assert response.status_code == 200, name
    return words_shown(response.content.decode())


def _posted(client, name, ret, data) -> str:
    """The words of the page a POST leads to (its message shown there)."""
    response = client.post(reverse(name, args=[ret.pk]), data, follow=True)
    assert response.status_code == 200, name
    return words_shown(response.content.decode())


def _singular_return(words: str) -> list[str]:
    """Where a page calls one thing "return" (the "Return by" date aside:
    when it is to be sent back by)."""
    return [m.group(0) for m in re.finditer(r".{0,40}\b[Rr]eturn\b(?! by).{0,40}", words)]


def _submitted(world, ret) -> Return:
    from maca.returns.services import return_submit

    ret = save(ret, world["auditor"], ANSWERS)
    lead = world["lead"]
    return return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)


def test_an_agency_starts_checks_and_submits_a_summative_report(world, client_for):
    report = _report(world)
    lead, auditor = client_for(world["lead"]), client_for(world["auditor"])

    detail = _words(lead, "returns:detail", report)
    assert "Start the summative report" in detail and "Start the audit" not in detail
    assert "Cases it covers All its cases: 2 cases in this audit" in detail and "Case All its cases" not in detail
    tasks = _words(lead, "returns:edit", report)
    assert "questions only have to be answered when the summative report is submitted" in tasks
    assert "submit the summative report to the QA officer" in tasks
    check = _words(lead, "returns:check", report)
    assert "Check your answers before submitting the summative report" in check
    assert "Now submit the summative report" in check
    assert "Every required question has to be answered before the summative report can be submitted" in check
    assert "By submitting the summative report you confirm" in check
    for words in (detail, tasks, check):
        assert _singular_return(words) == []

    save(report, world["auditor"], ANSWERS)
    for name in ("returns:detail", "returns:edit", "returns:check"):
        words = _words(auditor, name, report)
        assert "Your agency lead checks and submits this summative report." in words, name
        assert _singular_return(words) == [], name

    report.refresh_from_db()
    submitted = _posted(lead, "returns:check", report, {"version": report.version})
    assert "The summative report has been submitted to the QA officer." in submitted
    assert _singular_return(submitted) == []
    report.refresh_from_db()
    # Submitted meanwhile (a page left open): told what it is, and why it cannot be changed.
    said, _version = autosave(auditor, report, report.version, 1, ANSWERS)
    assert "Not saved: this summative report cannot be changed because it has been submitted." in said
    refused = _words(auditor, "returns:edit", report)
    assert "You cannot change this summative report" in refused
    assert "This summative report cannot be changed because it has been submitted." in refused


def test_a_case_return_is_started_checked_and_submitted_as_before(world, client_for):
    ret = _case_return(world)
    lead, auditor = client_for(world["lead"]), client_for(world["auditor"])

    detail = _words(lead, "returns:detail", ret)
    assert "Start the audit" in detail and "Case Case 1" in detail
    tasks = _words(lead, "returns:edit", ret)
    assert "questions only have to be answered when the return is submitted" in tasks
    assert "submit the return to the QA officer" in tasks
    check = _words(lead, "returns:check", ret)
    assert "Check your answers before submitting the return" in check and "Now submit the return" in check
    assert "Every required question has to be answered before the return can be submitted" in check
    assert "By submitting the return you confirm" in check
    save(ret, world["auditor"], ANSWERS)
    assert "Your agency lead checks and submits this return." in _words(auditor, "returns:check", ret)
    ret.refresh_from_db()
    submitted = _posted(lead, "returns:check", ret, {"version": ret.version})
    assert "The return has been submitted to the QA officer." in submitted
    ret.refresh_from_db()
    said, _version = autosave(auditor, ret, ret.version, 1, ANSWERS)
    assert "Not saved: this return cannot be changed because it has been submitted." in said
    refused = _words(auditor, "returns:edit", ret)
    assert "You cannot change this return" in refused
    assert "This return cannot be changed because it has been submitted." in refused


def test_the_qa_officer_reviews_a_summative_report_as_one(world, client_for):
    report = _submitted(world, _report(world))
    qa = client_for(world["qa"])

    review = _words(qa, "returns:review", report)
    assert "Accept the summative report" in review and "Send it back to the agency" in review
    assert "Back to the summative report" in review
    assert "Every change to this summative report ." in review and "chronology" not in review.lower()
    assert _singular_return(review) == []
    history = _words(qa, "returns:history", report)
    assert "Each save of the answers, newest first." in history and "chronology" not in history.lower()
    assert "What has happened to this summative report" in history
    assert _singular_return(history) == []

    sent_back = _posted(
        qa, "returns:review", report, {"version": report.version, "decision": "send_back", "comment": "Say more"}
    )
    assert "The summative report has been sent back to the agency." in sent_back
    lead_sees = _words(client_for(world["lead"]), "returns:detail", report)
    assert "sent this summative report back on" in lead_sees
    assert "then check them and submit the summative report again." in lead_sees
    assert _singular_return(lead_sees) == []

    report = _submitted(world, report)
    accepted = _posted(qa, "returns:review", report, {"version": report.version, "decision": "accept"})
    assert "The summative report has been accepted." in accepted
    # A page left open over that decision: what was decided, said of what it is.
    left_open = _posted(qa, "returns:review", report, {"version": report.version, "decision": "accept"})
    assert "This summative report was accepted by" in left_open


def test_the_qa_officer_reviews_a_case_return_as_before(world, client_for):
    ret = _submitted(world, _case_return(world))
    qa = client_for(world["qa"])
    review = _words(qa, "returns:review", ret)
    assert "Accept the return" in review and "Back to the return" in review
    assert "Every change to this return , including its chronology’s." in review
    history = _words(qa, "returns:history", ret)
    assert "Each save of the answers and each change to the chronology, newest first." in history
    assert "What has happened to this return" in history
    sent_back = _posted(qa, "returns:review", ret, {"version": ret.version, "decision": "send_back", "comment": "More"})
    assert "The return has been sent back to the agency." in sent_back
    assert "sent this return back on" in _words(client_for(world["lead"]), "returns:detail", ret)
    ret = _submitted(world, ret)
    accepted = _posted(qa, "returns:review", ret, {"version": ret.version, "decision": "accept"})
    assert "The return has been accepted." in accepted
    assert "This return was accepted by" in _posted(
        qa, "returns:review", ret, {"version": ret.version, "decision": "accept"}
    )


@pytest.mark.parametrize("summative", [True, False], ids=["summative report", "case return"])
def test_withdrawing_says_what_is_withdrawn(world, client_for, summative):
    ret = _report(world) if summative else _case_return(world)
    called = "summative report" if summative else "return"
    qa = client_for(world["qa"])
    page = _words(qa, "returns:withdraw", ret)
    assert f"Why is this {called} being withdrawn?" in page and f"Withdraw the {called}" in page
    assert f"The {called} is kept, marked as withdrawn, with this reason." in page
    assert f"Back to the {called}" in page
    refused = _posted(qa, "returns:withdraw", ret, {"version": ret.version, "reason": ""})
    assert f"Enter why the {called} is being withdrawn" in refused
    done = _posted(qa, "returns:withdraw", ret, {"version": ret.version, "reason": "Made in error"})
    assert f"The {called} has been withdrawn. It is kept, marked as withdrawn." in done
    if summative:
        assert _singular_return(page) == [] and _singular_return(done) == []


def test_who_has_responded_counts_summative_reports(world, client_for):
    report = _report(world)
    qa = client_for(world["qa"])
    words = words_shown(qa.get(reverse("returns:tracking", args=[report.audit_id])).content.decode())
    assert "0 of 1 summative report in (0%). Summative reports due" in words
    assert "Testshire Police 0 of 1 summative report" in words
    assert "returns in" not in words and "Returns due" not in words


def test_who_has_responded_counts_case_returns_as_before(world, client_for):
    ret = _case_return(world)
    qa = client_for(world["qa"])
    words = words_shown(qa.get(reverse("returns:tracking", args=[ret.audit_id])).content.decode())
    assert "0 of 1 return in (0%). Returns due" in words and "Testshire Police 0 of 1 return" in words


def test_the_response_figure_names_what_it_counts():
    assert Response(1, 8, "deep_dive").returns_text == "1 of 8 summative reports in (12%)"
    assert Response(1, 1, "deep_dive").returns_text == "1 of 1 summative report in (100%)"
    assert Response(3, 35, "themed").returns_text == "3 of 35 returns in (9%)"
    assert Response(1, 1).returns_text == "1 of 1 return in (100%)"
    assert Response(0, 0, "deep_dive").returns_text == "0 of 0 summative reports in"


@pytest.mark.parametrize("summative", [True, False], ids=["summative report", "case return"])
def test_a_reminder_says_what_is_outstanding(world, client_for, summative):
    from maca.notifications.models import SentEmail

    ret = _report(world) if summative else _case_return(world)
    called = "summative report" if summative else "return"
    client_for(world["qa"]).post(reverse("returns:remind", args=[ret.audit_id]), {"agency": world.police.pk})
    (email,) = SentEmail.objects.filter(kind="reminder")
    assert email.subject == f"Testshire SCP: Reminder: 1 {called} outstanding for ‘{ret.audit.title}’"
    assert f"Testshire Police has 1 {called} still to submit" in " ".join(email.body.split())


@pytest.mark.parametrize("summative", [True, False], ids=["summative report", "case return"])
def test_the_counts_say_what_they_are_counted_from(world, client_for, summative):
    ret = _submitted(world, _report(world) if summative else _case_return(world))
    called = "summative report" if summative else "return"
    words = words_shown(client_for(world["qa"]).get(reverse("returns:summary", args=[ret.audit_id])).content.decode())
    assert f"From the 1 {called} submitted or accepted. Drafts are not counted." in words


@pytest.mark.parametrize("summative", [True, False], ids=["summative report", "case return"])
def test_the_counts_page_and_its_links_are_named_for_what_they_count(world, client_for, summative):
    ret = _report(world) if summative else _case_return(world)
    called = "summative reports" if summative else "returns"
    qa = client_for(world["qa"])
    assert words_shown(qa.get(reverse("returns:summary", args=[ret.audit_id])).content.decode()).startswith(
        f"Counts across the {called} – "
    )
    for page in (reverse("returns:tracking", args=[ret.audit_id]), reverse("programme:audit", args=[ret.audit_id])):
        assert f"Counts across the {called}" in words_shown(qa.get(page).content.decode())


def test_who_has_responded_before_agencies_audit_says_what_will_be_created(world, client_for):
    from maca.programme.tests.factories import AuditFactory
    from maca.tools.tests.factories import published_tool

    summative = published_tool(world.partnership, kind="summative", name="Summative report").tool
    deep_dive = AuditFactory(partnership=world.partnership, kind="deep_dive", tool=summative)
    themed = AuditFactory(partnership=world.partnership)
    qa = client_for(world["qa"])
    for audit, said in ((deep_dive, "Summative reports"), (themed, "Returns")):
        words = words_shown(qa.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
        assert f"{said} are created when the audit moves to ‘Agencies auditing’." in words


@pytest.mark.parametrize("summative", [True, False], ids=["summative report", "case return"])
def test_the_counts_first_table_says_what_was_received(world, client_for, summative):
    from maca.tests.tables import read_tables

    ret = _submitted(world, _report(world) if summative else _case_return(world))
    called = "Summative reports" if summative else "Returns"
    page = client_for(world["qa"]).get(reverse("returns:summary", args=[ret.audit_id])).content.decode()
    assert read_tables(page)[f"{called} received"].cell("Testshire Police", "Received") == "1 of 1 (100%)"


def test_a_deep_dives_agency_no_reminder_can_reach_has_its_summative_report_outstanding(world, client_for):
    import html

    from maca.accounts.services import membership_deactivate

    audit = audit_with_returns(world, cases=1, kind="deep_dive", tool_kind="summative", agencies=[world.health])
    board_lead = world["health_lead"].membership
    membership_deactivate(
        actor=world["admin"].user, membership=board_lead, reason="Left", expected_version=board_lead.version
    )
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    warning = words_shown(page.split('id="unreachable"')[1].split("</ul>")[0])
    assert "Testshire Care Board: 1 outstanding summative report" in warning
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Agencies’ summative reports" in shown


def test_a_summative_reports_chronology_page_calls_it_one(world, client_for):
    # Reachable only for a report with entries written before it asked for none (ADR 0016).
    import datetime as dt

    from maca.returns.models import ChronologyEntry, Impact

    report = _report(world)
    ChronologyEntry.objects.create(
        partnership_id=report.partnership_id,
        return_record=report,
        agency_id=report.agency_id,
        date=dt.date(2025, 3, 4),
        event="An entry written before",
        impact=Impact.NEUTRAL,
    )
    report = _submitted(world, report)
    words = _words(client_for(world["lead"]), "chronology:return", report)
    assert "Back to the summative report" in words
    assert "The chronology cannot be changed because the summative report has been submitted." in words


def test_the_qa_officers_home_page_calls_a_deep_dives_report_to_review_a_summative_report(world, client_for):
    ret = _submitted(world, _report(world))
    home = words_shown(client_for(world["qa"]).get(reverse("home:index")).content.decode())
    assert f"{ret.audit.title}: 1 summative report to review" in home
    assert "1 return to review" not in home
