"""The scheduler queues each job once a day, catches up missed days, and runs
the reminders without a crontab."""

from __future__ import annotations

import datetime as dt
import html

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maca.notifications.models import SentEmail
from maca.operations import schedule, scheduler
from maca.operations.models import RunStatus, ScheduledRun
from maca.operations.tests.clock import local
from maca.returns.models import Reminder
from maca.returns.tests.builders import audit_with_returns

DAY = dt.date(2027, 3, 10)
JOB = schedule.Job(name="test.job", title="A test job", at=dt.time(7, 0), run=lambda day: "ok")


def test_a_job_never_run_starts_with_the_latest_day_due():
    assert scheduler.days_to_run(JOB, now=local(DAY, 6, 59), last_day=None) == [DAY - dt.timedelta(days=1)]
    assert scheduler.days_to_run(JOB, now=local(DAY, 7, 0), last_day=None) == [DAY]


def test_a_job_runs_once_a_day_at_or_after_its_time():
    yesterday = DAY - dt.timedelta(days=1)
    assert scheduler.days_to_run(JOB, now=local(DAY, 6, 0), last_day=yesterday) == []
    assert scheduler.days_to_run(JOB, now=local(DAY, 7, 1), last_day=yesterday) == [DAY]
    assert scheduler.days_to_run(JOB, now=local(DAY, 23, 0), last_day=DAY) == []


def test_missed_days_are_caught_up_in_order_within_the_window(settings):
    settings.MACA_SCHEDULE_CATCH_UP_DAYS = 7
    three_days_ago = DAY - dt.timedelta(days=3)
    assert scheduler.days_to_run(JOB, now=local(DAY, 8), last_day=three_days_ago) == [
        DAY - dt.timedelta(days=2),
        DAY - dt.timedelta(days=1),
        DAY,
    ]
    long_ago = DAY - dt.timedelta(days=30)
    caught_up = scheduler.days_to_run(JOB, now=local(DAY, 8), last_day=long_ago)
    assert caught_up[0] == DAY - dt.timedelta(days=6) and caught_up[-1] == DAY and len(caught_up) == 7


def test_two_schedulers_or_a_restart_never_run_a_day_twice(db, a_job):
    scheduler.tick(now=local(DAY, 7, 5))
    scheduler.tick(now=local(DAY, 7, 5))  # a second scheduler, at the same moment
    scheduler.tick(now=local(DAY, 9, 0))  # a restart later that day
    assert a_job == [DAY]
    run = ScheduledRun.objects.get(job="test.counting")
    assert run.status == RunStatus.DONE and run.outcome == f"ran for {DAY}"
    # The unique run per job and day is what decides, even if two ticks raced past the check.
    assert scheduler._queue(schedule.job("test.counting"), DAY) is None


def test_a_scheduler_stopped_for_two_days_catches_up_both(db, a_job):
    scheduler.tick(now=local(DAY, 7, 5))
    scheduler.tick(now=local(DAY + dt.timedelta(days=3), 12, 0))
    assert a_job == [DAY + dt.timedelta(days=n) for n in range(4)]


def test_a_failing_job_is_marked_failed_and_the_next_day_still_runs(db):
    def broken(day):
        raise RuntimeError("the database said no about something private")

    schedule.register_job(name="test.broken", title="Broken", at="07:00", run=broken)
    try:
        scheduler.tick(now=local(DAY, 8))
        run = ScheduledRun.objects.get(job="test.broken")
        assert run.status == RunStatus.FAILED
        assert run.outcome == "Stopped: RuntimeError"  # never the error's message
        scheduler.tick(now=local(DAY + dt.timedelta(days=1), 8))
        assert ScheduledRun.objects.filter(job="test.broken").count() == 2
    finally:
        schedule._JOBS.pop("test.broken")


def test_an_operator_can_run_a_failed_day_again(db, a_job):
    day = timezone.localdate() - dt.timedelta(days=1)  # a rerun is for today or a day before
    scheduler.tick(now=local(day, 8))
    ScheduledRun.objects.filter(job="test.counting").update(status=RunStatus.FAILED)
    call_command("run_scheduler", "--rerun", "test.counting", "--day", day.isoformat())
    assert a_job == [day, day]
    assert ScheduledRun.objects.get(job="test.counting").status == RunStatus.DONE


def test_the_reminders_go_out_from_the_scheduler_once_and_a_missed_day_is_caught_up(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    today = timezone.localdate()
    audit.return_deadline = today + dt.timedelta(days=audit.reminder_days_before or 3)
    audit.reminder_days_before = (audit.return_deadline - today).days
    audit.save()
    yesterday = today - dt.timedelta(days=1)
    # The scheduler last ran the reminders two days ago, then was stopped for a day.
    ScheduledRun.objects.create(
        job="returns.reminders", day=yesterday - dt.timedelta(days=1), status=RunStatus.DONE, outcome="0"
    )
    now = timezone.now()
    at = local(today, 7, 1) if timezone.localtime(now).time() < dt.time(7) else now
    scheduler.tick(now=at)
    scheduler.tick(now=at)
    runs = ScheduledRun.objects.filter(job="returns.reminders").order_by("day")
    assert [r.day for r in runs] == [yesterday - dt.timedelta(days=1), yesterday, today]
    assert all(r.status == RunStatus.DONE for r in runs)
    reminder = Reminder.objects.get(audit=audit)
    assert reminder.due_on == today and reminder.kind == "before"
    assert SentEmail.objects.filter(kind="reminder").count() == 1
    # The QA officer sees it went.
    page = html.unescape(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert "Before the deadline" in page or reminder.get_kind_display() in page
    assert "Sent " in page
    # The schedule page shows the run, its outcome and the next one.
    schedule_page = html.unescape(client_for(world["admin"]).get(reverse("operations:schedule")).content.decode())
    assert "Reminders about outstanding returns" in schedule_page
    assert "1 reminder sent to agencies" in schedule_page
    assert f"{(today + dt.timedelta(days=1)):%-d %B %Y} at 7:00am" in schedule_page
