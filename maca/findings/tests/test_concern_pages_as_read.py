"""Immediate concerns and feedback as the people who act on them read the
pages: which child (audit, case number and reference, with the case's record
where they may open it), the concern's urgent action and back, and the day
the agency must act by, said the same way before and after raising it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.actions import services as action_services
from maca.actions.models import Action
from maca.audit_trail.models import AuditEvent
from maca.findings import presenters, services
from maca.findings.tests.builders import audit_at_meeting
from maca.returns.tests.builders import audit_with_returns
from maca.selection.services import assignments_set
from maca.tests.page import Page, words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def raise_concern(world, audit, number: int = 2):
    audit_case = audit.audit_cases.get(number=number)
    return services.concern_raise(
        actor=world["qa"].user, audit_case=audit_case, agency=world.police, what_was_found="Young children left alone."
    )


def urgent_action(action, status: str) -> str:
    """The concern page's row for its urgent action, as its words are read."""
    title = f"{action.reference}: {action.title}"
    return f"Urgent action {title} , due {presenters.long_date(action.due_on)}, status {status}"


def record_link(audit_case) -> str:
    return f'href="{reverse("pool:case", args=[audit_case.case_id])}"'


@pytest.fixture
def two_audits(world):
    """Two audits of the police at the meeting, each with its own case 2."""
    return audit_at_meeting(world), audit_at_meeting(world)


def test_the_agency_lead_reads_which_child_the_concern_is_about(world, two_audits, client_for):
    first, second = two_audits
    concern = raise_concern(world, second)
    audit_case = concern.audit_case
    lead = client_for(world["lead"])

    page = html_of(lead, reverse("findings:concern", args=[concern.pk]))
    words = words_shown(page)
    assert f"Audit {second.title}" in words and first.title not in words
    assert "Case number 2" in words and "Case Case" not in words
    assert f"Case reference {audit_case.case.reference}" in words
    assert record_link(audit_case) in page
    # The link opens the case's record, with the identifiers to find the agency's own records.
    assert lead.get(reverse("pool:case", args=[audit_case.case_id])).status_code == 200
    seen = AuditEvent.objects.get(actor=world["lead"].user, action="immediate_concern.viewed")
    assert seen.changes["case"] == audit_case.case.reference

    listing = html_of(lead, reverse("findings:concerns"))
    table = read_tables(listing)["Immediate concerns"]
    assert table.head == ["Audit", "Case", "Agency to act", "Raised", "Status"]
    assert table.rows[0][:3] == [
        second.title,
        f"Case 2 ({audit_case.case.reference}: the case’s record)",
        "Testshire Police",
    ]
    assert f'href="{reverse("findings:concern", args=[concern.pk])}"' in listing and record_link(audit_case) in listing
    listed = AuditEvent.objects.get(actor=world["lead"].user, action="immediate_concerns.viewed")
    assert listed.changes["cases"] == [audit_case.case.reference]


def test_a_case_whose_record_the_lead_cannot_open_is_named_without_a_link(world, client_for):
    audit = audit_with_returns(world)  # agencies auditing: agencies can still be changed
    concern = raise_concern(world, audit, number=1)
    audit_case = concern.audit_case
    # The police are taken off the case: the concern stays theirs, the case's record no longer opens to them.
    assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.health])
    lead = client_for(world["lead"])
    assert lead.get(reverse("pool:case", args=[audit_case.case_id])).status_code == 404

    page = html_of(lead, reverse("findings:concern", args=[concern.pk]))
    assert f"Case reference {audit_case.case.reference}" in words_shown(page)
    assert record_link(audit_case) not in page
    listing = html_of(lead, reverse("findings:concerns"))
    assert read_tables(listing)["Immediate concerns"].rows[0][1] == f"Case 1 ({audit_case.case.reference})"
    assert record_link(audit_case) not in listing

    # The QA officer opens every case's record.
    qa_page = html_of(client_for(world["qa"]), reverse("findings:concern", args=[concern.pk]))
    assert record_link(audit_case) in qa_page


def test_feedback_pages_name_the_audit_the_case_and_its_reference(world, two_audits, client_for):
    first, second = two_audits
    lead = client_for(world["lead"])
    listing = html_of(lead, reverse("findings:feedback_cases"))
    rows = read_tables(listing)["Cases to feed back on"].rows
    for audit in (first, second):
        audit_case = audit.audit_cases.get(number=2)
        assert [audit.title, f"Case 2 ({audit_case.case.reference}: the case’s record)", "Testshire Police"] in [
            row[:3] for row in rows
        ]
        assert record_link(audit_case) in listing
    listed = AuditEvent.objects.get(actor=world["lead"].user, action="feedback_cases.viewed")
    references = {
        a.audit_case.case.reference for a in world.police.assignments.filter(audit_case__audit__in=two_audits)
    }
    assert set(listed.changes["cases"]) == references

    assignment = world.police.assignments.get(audit_case__audit=second, audit_case__number=2)
    url = reverse("findings:feedback_new", args=[assignment.pk])
    page = html_of(lead, url)
    words = words_shown(page)
    reference = assignment.audit_case.case.reference
    assert f"Audit {second.title} Case number 2 Case reference {reference}" in words
    assert record_link(assignment.audit_case) in page
    response = lead.post(
        url,
        {
            "what_was_fed_back": "Seeing fathers.",
            "given_to": "The team",
            "given_on-day": "20",
            "given_on-month": "11",
            "given_on-year": "2026",
        },
        follow=True,
    )
    assert f"Feedback on case 2 of ‘{second.title}’ has been recorded." in words_shown(response.content.decode())


def test_acknowledging_the_concern_is_the_first_progress_on_its_urgent_action(world, client_for):
    audit = audit_at_meeting(world)
    concern = raise_concern(world, audit)
    action = Action.objects.get(concern=concern)
    lead = client_for(world["lead"])
    concern_url = reverse("findings:concern", args=[concern.pk])
    action_url = reverse("actions:detail", args=[action.pk])

    page = html_of(lead, concern_url)
    assert urgent_action(action, "not started") in words_shown(page)
    assert f'href="{action_url}?back=%2Fconcerns%2F{concern.pk}%2F"' in page
    action_page = html_of(lead, action_url)
    assert f'href="{concern_url}"' in action_page
    assert "Read the immediate concern this action came from" in words_shown(action_page)

    shown = Page(page)
    response = lead.post(concern_url, {"version": shown.value("version"), "acknowledgement": "Officers visited today."})
    assert response.status_code == 302

    words = words_shown(html_of(lead, concern_url))
    assert urgent_action(action, "in progress") in words
    words = words_shown(html_of(lead, action_url))
    assert "In progress" in words and "Not started" not in words
    assert action_services.CONCERN_ACKNOWLEDGED_NOTE in words and "Lena Lead" in words
    # The plan is read by the board: the agency's own words stay with the concern.
    assert "Officers visited today." not in words
    assert AuditEvent.objects.filter(actor=world["lead"].user, action="action.progress_posted").count() == 1

    # The board reads the action, never the concern: no link to it, nothing of what was found or done.
    board_page = html_of(client_for(world["board"]), action_url)
    assert f'href="{concern_url}"' not in board_page
    assert "Officers visited today." not in words_shown(board_page)
    assert "Young children left alone." not in words_shown(board_page)


def test_a_concern_whose_action_was_cancelled_is_still_acknowledged(world, client_for):
    audit = audit_at_meeting(world)
    concern = raise_concern(world, audit)
    action = Action.objects.get(concern=concern)
    action_services.action_cancel(
        actor=world["qa"].user, action=action, reason="Raised twice.", expected_version=action.version
    )
    lead = client_for(world["lead"])
    concern_url = reverse("findings:concern", args=[concern.pk])
    shown = Page(html_of(lead, concern_url))
    response = lead.post(concern_url, {"version": shown.value("version"), "acknowledgement": "Referred to MASH."})
    assert response.status_code == 302
    words = words_shown(html_of(lead, concern_url))
    assert "Referred to MASH." in words and "status cancelled" in words
    assert not action.events.filter(kind="progress").exists()


def test_the_flag_form_says_the_day_the_saved_concern_will_say(world, client_for, monkeypatch):
    friday = dt.date(2026, 12, 4)
    assert friday.weekday() == 4
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: friday)
    audit = audit_at_meeting(world)
    audit_case = audit.audit_cases.get(number=2)
    qa = client_for(world["qa"])
    url = reverse("findings:concern_new", args=[audit.pk, audit_case.pk])

    words = words_shown(html_of(qa, url))
    assert "asked to act by 7 December 2026, the next working day" in words
    assert "today" not in words

    response = qa.post(url, {"agency": str(world.police.pk), "what_was_found": "A child left alone at night."})
    assert response.status_code == 302
    saved = words_shown(html_of(qa, response["Location"]))
    assert "Act by 7 December 2026" in saved
    assert Action.objects.get(concern__audit_case=audit_case).due_on == dt.date(2026, 12, 7)
