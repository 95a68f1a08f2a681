"""A deep dive's agencies send one summative report each, across their cases,
not a return for each case. At the meeting the QA officer takes findings from
those reports as they do from a case's returns: on the meeting page, each
taken as a finding across cases about its agency. A case's own page says where
the reports are rather than that no agency has sent anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.findings.tests.builders import WORRY, answer_returns
from maca.programme.models import Stage
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, move
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def deep_dive(world):
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")
    answer_returns(world, audit)
    move(audit, Stage.MEETING, world["qa"].user)
    return audit


def _page(client, url) -> str:
    return words_shown(client.get(url).content.decode())


def test_the_meeting_page_offers_each_summative_report_to_take_from(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    words = _page(qa, reverse("findings:meeting", args=[deep_dive.pk]))
    assert "From the agencies’ summative reports" in words
    assert "Testshire Police" in words and WORRY in words
    assert "Add as a concern" in words


def test_an_answer_taken_from_a_summative_report_is_a_finding_across_cases(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    report = Return.objects.get(audit=deep_dive, agency=world.police, audit_case=None)
    response = qa.post(reverse("findings:take_across", args=[deep_dive.pk]), {"return": report.pk, "key": "worried"})
    finding = Finding.objects.current().get(source_return=report)
    assert response["Location"] == reverse("findings:finding", args=[deep_dive.pk, finding.pk])
    assert finding.audit_case_id is None and finding.agency == world.police
    shown = _page(qa, response["Location"])
    assert "Added from Testshire Police’s summative report" in shown
    meeting = _page(qa, reverse("findings:meeting", args=[deep_dive.pk]))
    assert "From Testshire Police’s summative report" in meeting
    assert "see its themes" in meeting and "Add as a concern" not in meeting
    # A second click opens the same finding.
    again = qa.post(reverse("findings:take_across", args=[deep_dive.pk]), {"return": report.pk, "key": "worried"})
    assert again["Location"] == response["Location"]
    assert Finding.objects.current().filter(source_return=report).count() == 1


def test_a_case_page_of_a_deep_dive_points_to_the_summative_reports(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    case = deep_dive.audit_cases.current().order_by("number").first()
    words = _page(qa, reverse("findings:case", args=[deep_dive.pk, case.pk]))
    assert "No agency has submitted a return for this case yet" not in words
    # Headed for what the agencies sent: a report across their cases, not this case's returns.
    assert "From the agencies’ returns" not in words
    assert "From the agencies’ summative reports" in words
    assert "one summative report across all its cases" in words
    assert "Take findings from the summative reports on the meeting page" in words


def test_a_case_return_cannot_be_taken_as_a_summative_report(world, client_for):
    from maca.findings.tests.builders import audit_at_meeting

    audit = audit_at_meeting(world)
    case_return = Return.objects.filter(audit=audit, agency=world.police).first()
    qa = client_for(world["qa"])
    response = qa.post(reverse("findings:take_across", args=[audit.pk]), {"return": case_return.pk, "key": "worried"})
    assert response.status_code == 404
    assert "From the agencies’ summative reports" not in _page(qa, reverse("findings:meeting", args=[audit.pk]))


def test_a_case_discussion_of_a_deep_dive_says_the_grades_are_in_the_summative_reports(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    case = deep_dive.audit_cases.current().order_by("number").first()
    words = _page(qa, reverse("findings:discussion", args=[deep_dive.pk, case.pk]))
    # The police sent their report: never "Return not submitted" for them.
    assert "Return not submitted" not in words
    assert "grades its practice across all its cases, in its one summative report" in words
    assert "The summative reports are on the meeting page" in words


def test_the_meeting_record_of_a_deep_dive_asks_about_the_summative_reports(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    edit = _page(qa, reverse("findings:meeting_edit", args=[deep_dive.pk]))
    assert "How good were the agencies’ summative reports? (optional)" in edit
    assert "agencies’ returns" not in edit
    meeting = _page(qa, reverse("findings:meeting", args=[deep_dive.pk]))
    assert "Quality of the summative reports" in meeting and "Quality of the returns" not in meeting


def test_a_concern_taken_from_a_summative_report_says_where_it_was_written(world, deep_dive, client_for):
    qa = client_for(world["qa"])
    report = Return.objects.get(audit=deep_dive, agency=world.police, audit_case=None)
    response = qa.post(reverse("findings:take_across", args=[deep_dive.pk]), {"return": report.pk, "key": "worried"})
    shown = _page(qa, response["Location"])
    assert "a concern: written as a worry or something that needs to improve" in shown
    assert "worries field" not in shown


def test_the_meeting_record_of_a_themed_audit_asks_about_the_returns(world, client_for):
    from maca.findings.tests.builders import audit_at_meeting

    audit = audit_at_meeting(world)
    qa = client_for(world["qa"])
    assert "How good were the agencies’ returns? (optional)" in _page(
        qa, reverse("findings:meeting_edit", args=[audit.pk])
    )
    assert "Quality of the returns" in _page(qa, reverse("findings:meeting", args=[audit.pk]))
