"""The schedule page: every job, its last and next run, and the processes."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.tests.factories import UserFactory, give_authenticator, sign_in_with_second_factor
from maca.core.presenters import time_of_day
from maca.operations import schedule, scheduler
from maca.operations.models import Heartbeat, ProcessKind, RunStatus, ScheduledRun
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables


def _page(client) -> str:
    response = client.get(reverse("operations:schedule"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _text(page: str) -> str:
    """What a person reads: the words, without the markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_a_platform_operator_sees_every_job_and_whether_the_processes_run(db):
    operator = UserFactory(email="operator@platform.example", is_staff=True)
    give_authenticator(operator)
    client = sign_in_with_second_factor(Client(), operator)
    now = timezone.now()
    Heartbeat.objects.create(
        process_id="w-1", kind=ProcessKind.WORKER, hostname="app1", pid=10, started_at=now, seen_at=now
    )
    Heartbeat.objects.create(
        process_id="s-1",
        kind=ProcessKind.SCHEDULER,
        hostname="app1",
        pid=11,
        started_at=now,
        seen_at=now - dt.timedelta(hours=1),
    )
    page = _page(client)
    for job in schedule.jobs():
        assert job.title in page and f"Every day at {time_of_day(job.at)}" in page
    assert "Reminders about outstanding returns" in page and "Prune finished background tasks" in page
    assert "Task workers running 1" in _text(page)
    assert "Scheduler Not running: last seen" in _text(page)
    assert "Not run yet" in page


def test_a_failed_run_shows_as_failed_with_its_outcome(world, client_for):
    ScheduledRun.objects.create(
        job="returns.reminders", day=timezone.localdate(), status=RunStatus.FAILED, outcome="Stopped: RuntimeError"
    )
    page = _page(client_for(world["admin"]))
    assert "Failed" in page and "Stopped: RuntimeError" in page


def test_the_schedule_page_does_not_grow_in_queries(world, client_for):
    client = client_for(world["admin"])
    start = timezone.localdate()

    def add_runs(n):
        first = start - dt.timedelta(days=ScheduledRun.objects.count() + 1)
        for i in range(n):
            for job in schedule.jobs():
                ScheduledRun.objects.create(job=job.name, day=first - dt.timedelta(days=i), status=RunStatus.DONE)

    assert_queries_do_not_grow(lambda: client.get(reverse("operations:schedule")), add_runs)


def test_the_next_run_is_tomorrow_once_today_has_run(world, client_for):
    today = timezone.localdate()
    scheduler.tick(now=timezone.make_aware(dt.datetime.combine(today, dt.time(7, 5))))
    page = _page(client_for(world["admin"]))
    tomorrow = today + dt.timedelta(days=1)
    assert f"{tomorrow:%-d %B %Y} at 7:00am" in page


def test_a_run_left_for_a_day_still_to_come_is_not_shown_as_the_last_nor_moves_the_next(world, client_for):
    """A rerun for the wrong year, recorded before such reruns were refused:
    the scheduler does not read it as the last run, nor does the page."""
    today = timezone.localdate()
    scheduler.tick(now=timezone.make_aware(dt.datetime.combine(today, dt.time(7, 5))))
    later = today + dt.timedelta(days=365)
    ScheduledRun.objects.create(job="returns.reminders", day=later, status=RunStatus.DONE, outcome="0")
    jobs = read_tables(_page(client_for(world["admin"])))["Scheduled jobs"]
    (row,) = [r for r in jobs.rows if "Reminders about outstanding returns" in r[0]]
    last, following = row[jobs.head.index("Last run for")], row[jobs.head.index("Next run")]
    assert today.strftime("%-d %B %Y") in last
    assert (today + dt.timedelta(days=1)).strftime("%-d %B %Y") in following
