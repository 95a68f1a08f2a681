"""Reads for the schedule page and the readiness check. Nothing here is
partnership data: the schedule and the processes serve every partnership."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from maca.operations.models import Heartbeat, ScheduledRun

RECENT_RUNS = 30


def latest_runs() -> dict[str, ScheduledRun]:
    """Each job's latest run up to today, in one query (a run recorded for a
    day still to come, which a rerun can no longer make, is not the latest:
    the scheduler does not read it so either)."""
    latest = (
        ScheduledRun.objects.filter(job=OuterRef("job"), day__lte=timezone.localdate())
        .order_by("-day")
        .values("pk")[:1]
    )
    return {run.job: run for run in ScheduledRun.objects.filter(pk=Subquery(latest))}


def recent_runs():
    return ScheduledRun.objects.order_by("-day", "job")[:RECENT_RUNS]


def heartbeats():
    return Heartbeat.objects.order_by("kind", "-seen_at")


def task_queue(*, now: dt.datetime | None = None) -> dict:
    """Tasks waiting and running, the oldest wait, failures in the last day."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "waiting": ready[:10000].count(),
        "oldest_wait_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        "running": DBTaskResult.objects.running().count(),
        "failed_last_day": DBTaskResult.objects.failed().filter(finished_at__gte=now - dt.timedelta(days=1)).count(),
    }
