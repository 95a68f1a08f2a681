"""Found walking the schedule page on a copy with no scheduler running: every
job that had not run said "Next run: 6 December 2026 at 8:59pm", the very
minute the page was drawn, beside "Scheduler: Not running: never seen". A run
already due is said as due, and when it will happen."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import date_time
from maca.operations import scheduler
from maca.operations.models import Heartbeat, ProcessKind
from maca.tests.tables import read_tables


def _next_runs(client) -> dict[str, str]:
    jobs = read_tables(client.get(reverse("operations:schedule")).content.decode())["Scheduled jobs"]
    column = jobs.head.index("Next run")
    return {row[0]: row[column] for row in jobs.rows}


def _reminders(next_runs: dict[str, str]) -> str:
    (said,) = [text for job, text in next_runs.items() if "Reminders about outstanding returns" in job]
    return said


def test_a_job_due_with_no_scheduler_running_waits_for_the_scheduler(world, client_for):
    client = client_for(world["admin"])
    now = timezone.now()
    said = _reminders(_next_runs(client))
    assert said.startswith("When the scheduler starts (due since ")
    assert date_time(now) not in said


def test_a_job_due_with_the_scheduler_running_is_due_now(world, client_for):
    now = timezone.now()
    Heartbeat.objects.create(
        process_id="s-1", kind=ProcessKind.SCHEDULER, hostname="app1", pid=11, started_at=now, seen_at=now
    )
    said = _reminders(_next_runs(client_for(world["admin"])))
    assert said.startswith("Due now (since ")


def _scheduler_running():
    now = timezone.now()
    Heartbeat.objects.create(
        process_id="s-1", kind=ProcessKind.SCHEDULER, hostname="app1", pid=11, started_at=now, seen_at=now
    )


def test_a_job_that_has_run_today_still_gives_tomorrows_time(world, client_for):
    _scheduler_running()
    today = timezone.localdate()
    scheduler.tick(now=timezone.make_aware(dt.datetime.combine(today, dt.time(7, 5))))
    said = _reminders(_next_runs(client_for(world["admin"])))
    assert said == f"{today + dt.timedelta(days=1):%-d %B %Y} at 7:00am"


def test_tomorrows_time_with_no_scheduler_running_says_it_needs_one(world, client_for):
    """Found walking it again: a job run today by hand (``run_scheduler
    --rerun``) said "Next run: 8 December 2026 at 7:15am" beside "Scheduler:
    Not running: never seen", as if it would run then whatever happened."""
    today = timezone.localdate()
    scheduler.tick(now=timezone.make_aware(dt.datetime.combine(today, dt.time(7, 5))))
    said = _reminders(_next_runs(client_for(world["admin"])))
    assert said == f"{today + dt.timedelta(days=1):%-d %B %Y} at 7:00am, if the scheduler is running by then"
