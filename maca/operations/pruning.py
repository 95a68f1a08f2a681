"""Finished background tasks are kept ``MACA_TASK_RESULT_DAYS`` days (14 by
default: long enough to look into a failure), then deleted by the daily
``operations.prune`` job, which logs how many in the audit log. Tasks waiting
or running are never touched. Heartbeats of processes gone for a day and runs
of the schedule older than 400 days go at the same time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from maca.core.presenters import counted
from maca.operations.models import Heartbeat, ScheduledRun

SCHEDULE_HISTORY_DAYS = 400


def prune(day: dt.date) -> str:
    from django_tasks_db.models import DBTaskResult

    from maca.audit_trail.services import record

    now = timezone.now()
    cutoff = now - dt.timedelta(days=settings.MACA_TASK_RESULT_DAYS)
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    heartbeats, _ = Heartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    runs, _ = ScheduledRun.objects.filter(day__lt=day - dt.timedelta(days=SCHEDULE_HISTORY_DAYS)).delete()
    if tasks or runs:
        record(
            actor=None,
            action="tasks.pruned",
            changes={
                "finished_tasks": tasks,
                "older_than_days": settings.MACA_TASK_RESULT_DAYS,
                "schedule_runs": runs,
                "for_day": day,
            },
        )
    return (
        f"Deleted {counted(tasks, 'finished task record')}, {counted(runs, 'old schedule run')}, "
        f"{counted(heartbeats, 'old heartbeat')}"
    )
