"""A lead gets at most one reminder e-mail a day, even when two reminders are
sent at the same moment (two QA officers, a double click handled by two
workers, a reminder by hand while the daily job runs): who has had a reminder
today is read under a lock on the partnership's reminders, and the reminder
written before the lock is let go, so the second waits, then finds the first."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.notifications.models import SentEmail
from maca.returns import reminders
from maca.returns.models import Reminder, ReminderKind
from maca.returns.tests.builders import audit_with_returns
from maca.tests.races import run_each


def reminder_emails_to(address: str) -> list:
    return [message for message in SentEmail.objects.filter(kind="reminder") if address in message.to]


def test_a_lead_reminded_by_hand_while_the_daily_job_runs_gets_no_second_email_that_day(world, monkeypatch):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    due = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    counted = reminders.outstanding_by_agency
    sent_by_hand = []

    def reminded_by_hand_meanwhile(an_audit):
        # The QA officer presses "Send a reminder" once the job has started.
        if not sent_by_hand:
            sent_by_hand.append("pressed")
            reminders.reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.police, today=due)
        return counted(an_audit)

    monkeypatch.setattr(reminders, "outstanding_by_agency", reminded_by_hand_meanwhile)
    made = reminders.reminders_send_due(today=due)
    assert sent_by_hand
    assert made == []
    assert len(reminder_emails_to(world["lead"].user.email)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_reminders_sent_by_hand_at_the_same_moment_reach_the_lead_once(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Two reminders at the same moment need PostgreSQL's row locks")
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    today = dt.date(2026, 6, 15)
    read = reminders.reminded_today
    first_has_read = threading.Event()

    def slow_first_read(partnership_id, day):
        seen = read(partnership_id, day)
        if not first_has_read.is_set():
            first_has_read.set()
            time.sleep(1)  # the second reminder is sent meanwhile, before the first is written
        return seen

    def send(persona):
        reminders.reminder_send_manual(actor=world[persona].user, audit=audit, agency=world.police, today=today)

    def send_second():
        first_has_read.wait(10)
        send("admin")

    monkeypatch.setattr(reminders, "reminded_today", slow_first_read)
    outcomes = run_each([lambda: send("qa"), send_second])
    monkeypatch.undo()

    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert "already sent a reminder today" in " ".join(refused[0].messages)
    assert len(reminder_emails_to(world["lead"].user.email)) == 1


def test_a_reminder_by_hand_goes_only_to_the_leads_not_yet_reminded_today(world, client_for):
    """Two police leads; one had a reminder today (for another audit, say):
    pressing "Send a reminder" e-mails the other only, and says so."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    second = MembershipFactory(
        partnership=world.partnership,
        role=Role.AGENCY_LEAD,
        agency=world.police,
        user__email="second.lead@testshire.example",
    )
    first = world["lead"].user.email
    Reminder.objects.create(
        partnership=world.partnership,
        audit=audit,
        agency=world.police,
        kind=ReminderKind.MANUAL,
        due_on=timezone.localdate(),
        outstanding=1,
        recipients=[first],
    )
    response = client_for(world["qa"]).post(
        reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk}, follow=True
    )
    assert f"A reminder to {second.user.email} is on its way." in response.content.decode()
    assert reminder_emails_to(first) == []
    assert len(reminder_emails_to(second.user.email)) == 1
