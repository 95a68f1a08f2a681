"""What a person sees after a QA walk of the action plan by role (QA officer,
agency lead, board member), each test failing before its correction:

- reminders reach only an owner who can still open the action: someone whose
  access ended, or who moved to another agency, is not e-mailed, and the
  action's page says so;
- the QA officers' weekly digest counts every action, not only those it lists;
- the Word board paper says, as the PDF does, when only the longest overdue
  are listed;
- an agency's board summary says whose actions it counts;
- an immediate concern's day is the partnership's day, not the server's;
- GOV.UK messages for text too long, a choice no longer offered and an owner
  chosen again; curly apostrophes; no plural left to the reader."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from maca.accounts import services as accounts
from maca.actions import reminders, selectors
from maca.actions.models import Action, ActionReminder, ReminderKind
from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.actions.tests.test_corrections import error_links, hidden_version, html
from maca.notifications.models import SentEmail
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def today():
    return dt.date.today()


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _overdue(world, n=1, **fields):
    return [
        raise_action(world, today=MONDAY - dt.timedelta(days=40), due_on=MONDAY - dt.timedelta(days=2), **fields)
        for _ in range(n)
    ]


# Major: reminders to people who can no longer open the action -------------------------------------


def test_an_owner_whose_access_ended_is_not_emailed_and_the_action_says_so(world, client_for):
    (left,) = _overdue(world, owner=world["lead"].user)
    (moved,) = _overdue(world, owner=world["auditor"].user)
    (stays,) = _overdue(world, owner=world["auditor"].user, agency=world.police)
    admin = world["admin"].user
    # The police lead leaves the partnership.
    lead = world["lead"].membership
    accounts.membership_deactivate(
        actor=admin, membership=lead, reason="Left the police", expected_version=lead.version
    )
    reminders.reminders_send_due(today=MONDAY)
    sent_to = {r.action_id: r.recipients for r in ActionReminder.objects.filter(kind=ReminderKind.OVERDUE)}
    assert sent_to[left.pk] == []
    assert not SentEmail.objects.filter(to__contains="lena@testshire.example").exists()
    page = read_tables(html(client_for(world["qa"]).get(reverse("actions:detail", args=[left.pk]))))
    assert page["Reminders sent"].rows == [["7 December 2026", "Overdue", "Nobody: the owner’s access has ended"]]
    # The police auditor still is, and is still reminded, until they move to the care board,
    # from where they cannot open the police's action.
    assert sent_to[stays.pk] == ["aiden@testshire.example"]
    auditor = world["auditor"].membership
    accounts.membership_update(
        actor=admin,
        membership=auditor,
        role=auditor.role,
        agency=world.health,
        job_title="",
        expected_version=auditor.version,
    )
    reminders.reminders_send_due(today=MONDAY + dt.timedelta(days=7))
    again = ActionReminder.objects.filter(kind=ReminderKind.OVERDUE, sent_for=MONDAY + dt.timedelta(days=7))
    assert {r.action_id: r.recipients for r in again}[moved.pk] == []


# Major: the digest's figures ------------------------------------------------------------------------


def test_the_weekly_digest_counts_every_overdue_action_not_only_those_it_lists(world):
    n = 51  # one more than the digest lists
    _overdue(world, n=n)
    reminders.reminders_send_due(today=MONDAY)
    digest = SentEmail.objects.get(subject__contains="Action plan this week")
    assert f"0 to sign off, {n} overdue" in digest.subject
    assert f"- {n} actions overdue" in digest.body
    assert f"the 50 longest overdue of {n}" in digest.body
    assert reminders.DIGEST_LISTED == 50


# Minor: the board's papers and summary ------------------------------------------------------------


def test_the_word_board_paper_says_when_only_the_longest_overdue_are_listed(world, client_for, monkeypatch):
    monkeypatch.setattr(selectors, "OVERDUE_LISTED", 2)
    today = dt.date.today()
    for _ in range(3):
        raise_action(world, today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=2))
    document = Document(io.BytesIO(client_for(world["board"]).get(reverse("actions:plan_docx")).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The 2 longest overdue are listed, of 3." in text


def test_an_agencys_board_summary_says_whose_actions_it_counts(world, client_for):
    raise_action(world)
    raise_action(world, agency=world.health, owner=world["health_lead"].user)
    lead_page = words_of(html(client_for(world["lead"]).get(reverse("actions:board"))))
    assert "The actions Testshire Police (or a part of it) owns." in lead_page
    assert "1 action not yet closed" in lead_page
    board_page = words_of(html(client_for(world["board"]).get(reverse("actions:board"))))
    assert "(or a part of it) owns" not in board_page
    assert "2 actions not yet closed" in board_page


def test_an_immediate_concern_is_dated_in_the_partnerships_time(world, client_for):
    from maca.findings.models import ImmediateConcern

    audit, _finding, _recs, _theme = audit_with_recommendations(world)
    concern = ImmediateConcern.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=audit.audit_cases.order_by("number").first(),
        agency=world.police,
        what_was_found="Seen only on the concern's page.",
        raised_by=world["qa"].user,
    )
    # Half past midnight on 1 July in London is 30 June in UTC.
    ImmediateConcern.objects.filter(pk=concern.pk).update(raised_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC))
    action = Action.objects.get(concern=concern)
    page = words_of(html(client_for(world["qa"]).get(reverse("actions:detail", args=[action.pk]))))
    assert "Immediate concern Raised 1 July 2026 about case" in page
    assert "The agency’s lead records the steps taken" in page


# Wording: error messages --------------------------------------------------------------------------


def test_text_too_long_is_told_in_plain_words(world, client_for, today):
    qa = client_for(world["qa"])
    page = html(
        qa.post(
            reverse("actions:raise"),
            {
                "title": "x" * 201,
                "text": "y" * 5001,
                "measure": "z" * 2001,
                "owner_agency": world.police.pk,
                "owner": world["lead"].user.pk,
                "priority": "high",
                **_date("due_on", today + dt.timedelta(days=30)),
            },
        )
    )
    assert error_links(page) == {
        "The short name must be 200 characters or fewer": "#id_title",
        "What must happen must be 5,000 characters or fewer": "#id_text",
        "How everyone will know it has happened must be 2,000 characters or fewer": "#id_measure",
    }
    action = raise_action(world)
    lead = client_for(world["lead"])
    page = html(lead.post(reverse("actions:progress", args=[action.pk]), {"note": "n" * 5001}))
    assert "The update must be 5,000 characters or fewer" in error_links(page)
    page = html(qa.post(reverse("actions:cancel", args=[action.pk]), {"reason": "r" * 2001, "version": action.version}))
    assert "The reason must be 2,000 characters or fewer" in error_links(page)
    assert "Ensure this value" not in page


def test_a_choice_no_longer_offered_is_told_in_plain_words(world, client_for, today):
    raise_action(world)
    page = html(client_for(world["lead"]).get(reverse("actions:plan") + "?agency=999999&status=done"))
    assert error_links(page) == {
        "Select an agency from the list": "#id_agency",
        "Select a status from the list": "#id_status",
    }
    assert "Select a valid choice" not in page
    # The person chosen lost their access while the raise page was open.
    page = html(
        client_for(world["qa"]).post(
            reverse("actions:raise"),
            {
                "title": "Checklist",
                "text": "Use it.",
                "measure": "A sample.",
                "owner_agency": world.police.pk,
                "owner": world["outsider"].user.pk,
                "priority": "high",
                **_date("due_on", today + dt.timedelta(days=30)),
            },
        )
    )
    assert error_links(page) == {"Select the named owner from the list": "#id_owner"}


def test_handing_an_action_to_its_owner_is_told_on_the_owner_field(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:change_owner", args=[action.pk])))
    response = qa.post(
        reverse("actions:change_owner", args=[action.pk]),
        {"owner": world["lead"].user.pk, "reason": "Still theirs.", "version": hidden_version(page)},
    )
    assert error_links(html(response)) == {
        "Lena Lead of Testshire Police owns the action now: choose someone else": "#id_owner"
    }


# Wording: the words maca writes ---------------------------------------------------------------------


def test_the_plans_own_words_use_curly_apostrophes_and_say_what_each_page_is(world, client_for):
    action = raise_action(world)
    qa, lead = client_for(world["qa"]), client_for(world["lead"])
    assert "raised after the partnership’s audits" in words_of(html(qa.get(reverse("actions:plan"))))
    assert "raised after the partnership’s audits" in words_of(html(lead.get(reverse("actions:plan"))))
    response = lead.post(
        reverse("actions:request_sign_off", args=[action.pk]), {"note": "Done.", "version": action.version}, follow=True
    )
    assert "waits for the QA officer’s sign-off." in words_of(html(response))
    page = html(qa.get(reverse("actions:sign_off", args=[action.pk])))
    assert f"<title>Sign off or send back {action.reference} – maca</title>" in page
    other = raise_action(world)
    response = qa.post(
        reverse("actions:cancel", args=[other.pk]), {"reason": "Overtaken.", "version": other.version}, follow=True
    )
    assert "It stays in the plan’s history." in words_of(html(response))
    home = words_of(html(client_for(world["health_lead"]).get(reverse("home:index"))))
    assert "Your agency’s actions that are overdue" in home


def test_the_daily_jobs_outcome_says_how_many_reminders_as_words(world):
    assert reminders.scheduled_reminders(MONDAY + dt.timedelta(days=1)) == "0 action reminders sent"
    _overdue(world)
    assert reminders.scheduled_reminders(MONDAY + dt.timedelta(days=1)) == "1 action reminder sent"


def test_an_owner_who_can_open_the_action_is_still_reminded(world):
    (action,) = _overdue(world)
    reminders.reminders_send_due(today=MONDAY)
    mail = SentEmail.objects.get(subject__contains=f"Action {action.reference} is overdue")
    assert mail.to.split() == ["lena@testshire.example"]
