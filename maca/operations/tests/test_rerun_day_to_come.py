"""An operator who types a day still to come for ``run_scheduler --rerun`` (the
wrong year, say) is told so, and nothing runs; a run for a day to come already
in the database does not stop the daily job."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from maca.operations import scheduler
from maca.operations.models import RunStatus, ScheduledRun
from maca.operations.tests.clock import local


def test_a_rerun_for_a_day_still_to_come_is_refused_with_the_day_named(db, a_job):
    today = timezone.localdate()
    typed = today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today + dt.timedelta(365)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("run_scheduler", "--rerun", "test.counting", "--day", typed.isoformat(), stdout=out)
    assert str(refused.value) == (
        f"{typed:%-d %B %Y} has not come yet: a job can be run again only for today ({today:%-d %B %Y}) or a day before"
    )
    assert "Queued" not in out.getvalue()
    assert a_job == []
    assert not ScheduledRun.objects.exists()


def test_a_rerun_for_today_or_a_day_before_is_still_queued(db, a_job):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    out = io.StringIO()
    call_command("run_scheduler", "--rerun", "test.counting", "--day", yesterday.isoformat(), stdout=out)
    call_command("run_scheduler", "--rerun", "test.counting", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Queued test.counting for {yesterday:%-d %B %Y}.",
        f"Queued test.counting for {today:%-d %B %Y}.",
    ]
    assert a_job == [yesterday, today]


def test_a_run_for_a_day_still_to_come_does_not_stop_the_next_days(db, a_job):
    today = timezone.localdate()
    scheduler.tick(now=local(today, 8))
    # Left by a rerun for the wrong year, before such a rerun was refused.
    ScheduledRun.objects.create(
        job="test.counting", day=today + dt.timedelta(days=365), status=RunStatus.DONE, outcome="ran"
    )
    tomorrow = today + dt.timedelta(days=1)
    scheduler.tick(now=local(tomorrow, 8))
    scheduler.tick(now=local(tomorrow + dt.timedelta(days=2), 8))
    assert a_job == [today, tomorrow, tomorrow + dt.timedelta(days=1), tomorrow + dt.timedelta(days=2)]
    assert ScheduledRun.objects.get(job="test.counting", day=tomorrow).status == RunStatus.DONE


def test_a_failed_day_before_today_is_run_again(db, a_job):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    scheduler.tick(now=local(yesterday, 8))
    ScheduledRun.objects.filter(job="test.counting").update(status=RunStatus.FAILED)
    call_command("run_scheduler", "--rerun", "test.counting", "--day", yesterday.isoformat(), stdout=io.StringIO())
    assert a_job == [yesterday, yesterday]
    assert ScheduledRun.objects.get(job="test.counting").status == RunStatus.DONE
