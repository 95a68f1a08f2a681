"""The scheduler: queues each day's jobs, once, and runs the sweeps.

``manage.py run_scheduler`` calls :func:`tick` every
``MACA_SCHEDULER_INTERVAL`` seconds. A tick queues, as background tasks, the
runs of each job that are due and not yet queued (a day missed while the
scheduler was down is caught up, up to ``MACA_SCHEDULE_CATCH_UP_DAYS`` days
back), then calls every sweep. Several schedulers may run: the unique
:class:`~maca.operations.models.ScheduledRun` per job and day decides who
queues (ADR 0022).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from maca.operations import schedule
from maca.operations.models import RunStatus, ScheduledRun

logger = logging.getLogger("maca.operations")


def latest_due_day(job: schedule.Job, now: dt.datetime) -> dt.date:
    """The most recent day whose run of ``job`` should have started by ``now``."""
    local = timezone.localtime(now)
    return local.date() if local.time() >= job.at else local.date() - dt.timedelta(days=1)


def days_to_run(job: schedule.Job, *, now: dt.datetime, last_day: dt.date | None) -> list[dt.date]:
    latest = latest_due_day(job, now)
    if last_day is None:
        return [latest]  # never run here before: start with the latest day, do not invent a history
    if last_day >= latest:
        return []
    first = last_day + dt.timedelta(days=1)
    earliest = latest - dt.timedelta(days=settings.MACA_SCHEDULE_CATCH_UP_DAYS - 1)
    first = max(first, earliest)
    return [first + dt.timedelta(days=n) for n in range((latest - first).days + 1)]


def _queue(job: schedule.Job, day: dt.date) -> ScheduledRun | None:
    from maca.operations.tasks import run_scheduled_job

    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, day=day)
            run_scheduled_job.enqueue(run_id=run.pk)
    except IntegrityError:
        return None  # another scheduler queued it first
    logger.info("Queued %s for %s", job.name, day)
    return run


def tick(*, now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Queue what is due, then run the sweeps. Returns the runs queued."""
    now = now or timezone.now()
    queued = []
    for job in schedule.jobs():
        # A run for a day still to come (a rerun typed with the wrong year, before reruns
        # were refused) is not the last run: it would stop the job until that day.
        last_day = (
            ScheduledRun.objects.filter(job=job.name, day__lte=latest_due_day(job, now))
            .order_by("-day")
            .values_list("day", flat=True)
            .first()
        )
        days = days_to_run(job, now=now, last_day=last_day)
        if days and last_day is not None and (days[0] - last_day).days > 1:
            logger.warning(
                "Job %s: %s missed day(s) after %s are beyond the catch-up window and are skipped",
                job.name,
                (days[0] - last_day).days - 1,
                last_day,
            )
        for day in days:
            run = _queue(job, day)
            if run is not None:
                queued.append(run)
    for sweep in schedule.sweeps():
        try:
            sweep.run(now=now)
        except Exception:
            logger.exception("Sweep %s failed; it runs again on the next tick", sweep.name)
    return queued


def run_job(*, run_id: int) -> str:
    """Run one job for its day (the background task's body)."""
    run = ScheduledRun.objects.get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run.outcome
    job = schedule.job(run.job)
    if job is None:
        _finish(run, RunStatus.FAILED, "No such job any more")
        return "No such job any more"
    ScheduledRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    try:
        outcome = job.run(run.day) or "Done"
    except Exception as error:
        _finish(run, RunStatus.FAILED, f"Stopped: {type(error).__name__}")
        raise
    _finish(run, RunStatus.DONE, str(outcome)[:255])
    return outcome


def _finish(run: ScheduledRun, status: str, outcome: str) -> None:
    ScheduledRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), outcome=outcome[:255])


def rerun(*, job_name: str, day: dt.date) -> ScheduledRun:
    """Queue a job for a day again (after a failure, or a day beyond the catch-up window).
    Never for a day still to come: the job would run now for a day it cannot know yet."""
    from maca.operations.tasks import run_scheduled_job

    if schedule.job(job_name) is None:
        raise LookupError(f"No scheduled job is called {job_name!r}")
    today = timezone.localdate()
    if day > today:
        raise ValueError(
            f"{day:%-d %B %Y} has not come yet: a job can be run again only for today ({today:%-d %B %Y}) "
            "or a day before"
        )
    with transaction.atomic():
        run, created = ScheduledRun.objects.select_for_update().get_or_create(job=job_name, day=day)
        if not created:
            if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
                raise ValueError(f"{job_name} for {day} is already {run.get_status_display().lower()}")
            run.status = RunStatus.QUEUED
            run.outcome = ""
            run.finished_at = None
            run.save(update_fields=["status", "outcome", "finished_at"])
        run_scheduled_job.enqueue(run_id=run.pk)
    return run


def on_worker_lost(kwargs: dict, *, gave_up: bool) -> None:
    """A worker died running a job: say so on the schedule page."""
    status, outcome = (RunStatus.FAILED, "Stopped: the worker stopped") if gave_up else (RunStatus.QUEUED, "")
    ScheduledRun.objects.filter(pk=kwargs.get("run_id")).exclude(status=RunStatus.DONE).update(
        status=status, outcome=outcome
    )
