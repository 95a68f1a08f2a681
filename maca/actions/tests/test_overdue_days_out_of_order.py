"""An action's owner is e-mailed that it is overdue once a week, however the
scheduler's days run: caught-up days finishing in either order (two workers),
a day retried after its worker stopped, or rerun after the next day ran, or
two days' runs at the same moment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions import reminders
from maca.actions.tests.builders import raise_action
from maca.notifications.models import SentEmail
from maca.operations.models import ScheduledRun
from maca.operations.scheduler import run_job
from maca.tests.races import meet_before, needs_row_locks, run_each
from maca.tests.tables import read_tables

TUESDAY = dt.date(2026, 12, 8)  # no digest
WEDNESDAY = TUESDAY + dt.timedelta(days=1)


def _late(world):
    return raise_action(world, today=TUESDAY - dt.timedelta(days=30), due_on=TUESDAY - dt.timedelta(days=1))


def _overdue_mails(action) -> list[str]:
    return [m.subject for m in SentEmail.objects.order_by("pk") if f"Action {action.reference} is overdue" in m.subject]


def _reminders_shown(client_for, world, action) -> list[list[str]]:
    page = client_for(world["qa"]).get(reverse("actions:detail", args=[action.pk])).content.decode()
    return read_tables(page)["Reminders sent"].rows


def test_a_later_day_run_first_leaves_one_overdue_reminder_for_the_week(world, client_for):
    late = _late(world)
    reminders.reminders_send_due(today=WEDNESDAY)  # the worker that took Wednesday finished first
    reminders.reminders_send_due(today=TUESDAY)
    assert _overdue_mails(late) == [f"Testshire SCP: Action {late.reference} is overdue by 2 days"]
    assert _reminders_shown(client_for, world, late) == [["9 December 2026", "Overdue", "lena@testshire.example"]]
    # Still once a week: the next goes seven days after the one sent.
    reminders.reminders_send_due(today=WEDNESDAY + dt.timedelta(days=6))
    assert len(_overdue_mails(late)) == 1
    reminders.reminders_send_due(today=WEDNESDAY + dt.timedelta(days=7))
    assert len(_overdue_mails(late)) == 2


def test_through_the_scheduler_an_earlier_day_run_again_sends_no_second_reminder(world, client_for):
    late = _late(world)
    tuesday = ScheduledRun.objects.create(job="actions.reminders", day=TUESDAY)
    wednesday = ScheduledRun.objects.create(job="actions.reminders", day=WEDNESDAY)
    assert run_job(run_id=wednesday.pk) == "1 action reminder sent"
    assert run_job(run_id=tuesday.pk) == "0 action reminders sent"
    assert len(_overdue_mails(late)) == 1
    assert len(_reminders_shown(client_for, world, late)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_days_run_at_the_same_moment_send_one_overdue_reminder(world, monkeypatch):
    needs_row_locks()
    late = _late(world)
    # Each run, once it has found the action not reminded this week, waits for
    # the other to get as far, if it can, before it sends.
    monkeypatch.setattr(reminders, "_owner_mail", meet_before(reminders._owner_mail))
    outcomes = run_each(
        [
            lambda: reminders.reminders_send_due(today=TUESDAY),
            lambda: reminders.reminders_send_due(today=WEDNESDAY),
        ]
    )
    assert outcomes == [None, None]
    assert len(_overdue_mails(late)) == 1
