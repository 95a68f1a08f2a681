"""The daily job's outcome on the Schedule page counts the QA officers'
Monday digest apart from the owners' reminders, as the E-mails page lists
them: one overdue reminder and the digest are not "2 action reminders"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions.tests.builders import raise_action
from maca.operations.models import ScheduledRun
from maca.operations.scheduler import run_job
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 12, 7)  # the digest's day


def test_an_overdue_reminder_and_the_digest_are_counted_as_the_e_mails_page_lists_them(world, client_for):
    raise_action(world, today=MONDAY - dt.timedelta(days=40), due_on=MONDAY - dt.timedelta(days=2))
    run = ScheduledRun.objects.create(job="actions.reminders", day=MONDAY)

    assert run_job(run_id=run.pk) == "1 action reminder and 1 weekly digest sent"
    run.refresh_from_db()
    assert run.outcome == "1 action reminder and 1 weekly digest sent"
    emails = client_for(world["admin"]).get(reverse("notifications:emails")).content.decode()
    kinds = sorted(row[-1] for row in read_tables(emails)["E-mails sent"].rows)
    assert kinds == ["Action plan digest", "Action reminder"]


def test_a_monday_with_only_the_digest_says_so_without_a_nought(world):
    raise_action(world, today=MONDAY - dt.timedelta(days=1), due_on=MONDAY + dt.timedelta(days=60))
    run = ScheduledRun.objects.create(job="actions.reminders", day=MONDAY)
    assert run_job(run_id=run.pk) == "1 weekly digest sent"


def test_a_day_with_nothing_to_send_says_none_were_sent(world):
    run = ScheduledRun.objects.create(job="actions.reminders", day=MONDAY + dt.timedelta(days=1))
    assert run_job(run_id=run.pk) == "0 action reminders sent"
