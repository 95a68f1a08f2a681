"""The schedule page: GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maca.core.components import render_component
from maca.core.presenters import NOTHING, date_time, long_date, time_of_day
from maca.operations import schedule, scheduler
from maca.operations.models import ProcessKind, RunStatus, ScheduledRun

RUN_TAG = {
    RunStatus.QUEUED: "govuk-tag--grey",
    RunStatus.RUNNING: "govuk-tag--blue",
    RunStatus.DONE: "govuk-tag--green",
    RunStatus.FAILED: "govuk-tag--red",
}


def run_tag(run: ScheduledRun | None) -> dict:
    if run is None:
        return {"text": "Not run yet", "classes": "govuk-tag--grey"}
    return {"text": RunStatus(run.status).label, "classes": RUN_TAG[RunStatus(run.status)]}


def _tag_cell(run: ScheduledRun | None) -> dict:
    return {"html": render_component("tag", run_tag(run))}


def next_run(job: schedule.Job, last: ScheduledRun | None, now: dt.datetime) -> dt.datetime:
    """When the scheduler will next queue ``job``."""
    days = scheduler.days_to_run(job, now=now, last_day=last.day if last else None)
    if days:
        day = days[0]
    else:
        day = max(scheduler.latest_due_day(job, now), last.day if last else dt.date.min) + dt.timedelta(days=1)
    at = timezone.make_aware(dt.datetime.combine(day, job.at))
    return max(at, now)


def _next_run_said(job: schedule.Job, last: ScheduledRun | None, now: dt.datetime, *, scheduler_running: bool) -> str:
    """The next run in words. A run already due is said as due, not as
    "now": with no scheduler running, "now" would be a time gone by the
    moment the page is read, beside "Scheduler: Not running"; and a time to
    come, with no scheduler running, is said to need one."""
    days = scheduler.days_to_run(job, now=now, last_day=last.day if last else None)
    if not days:
        # A time to come happens only if a scheduler is running by then.
        at = date_time(next_run(job, last, now))
        return at if scheduler_running else f"{at}, if the scheduler is running by then"
    due = timezone.make_aware(dt.datetime.combine(days[0], job.at))
    if scheduler_running:
        return f"Due now (since {date_time(due)})"
    return f"When the scheduler starts (due since {date_time(due)})"


def schedule_table(latest: dict[str, ScheduledRun], *, now: dt.datetime, scheduler_running: bool = True) -> dict:
    rows = []
    for job in schedule.jobs():
        last = latest.get(job.name)
        rows.append(
            [
                {"html": render_component("details", {"summaryText": job.title, "text": job.description})}
                if job.description
                else {"text": job.title},
                {"text": f"Every day at {time_of_day(job.at)}", "classes": "maca-nowrap"},
                {"text": long_date(last.day) if last else NOTHING, "classes": "maca-nowrap"},
                _tag_cell(last),
                {"text": last.outcome if last and last.outcome else NOTHING},
                {"text": _next_run_said(job, last, now, scheduler_running=scheduler_running)},
            ]
        )
    return {
        "caption": "Scheduled jobs",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Job"},
            {"text": "When"},
            {"text": "Last run for"},
            {"text": "Status"},
            {"text": "Outcome"},
            {"text": "Next run"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def runs_table(runs) -> dict:
    titles = {job.name: job.title for job in schedule.jobs()}
    return {
        "caption": "Recent runs",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "For"}, {"text": "Job"}, {"text": "Status"}, {"text": "Finished"}, {"text": "Outcome"}],
        "rows": [
            [
                {"text": long_date(run.day), "classes": "maca-nowrap"},
                {"text": titles.get(run.job, run.job)},
                _tag_cell(run),
                {"text": date_time(run.finished_at), "classes": "maca-nowrap"},
                {"text": run.outcome or NOTHING},
            ]
            for run in runs
        ],
        "classes": "maca-table--compact",
    }


def processes_summary(beats, queue: dict, *, now: dt.datetime) -> list[dict]:
    from django.conf import settings

    cutoff = now - dt.timedelta(seconds=settings.MACA_WORKER_LOST_AFTER)
    workers = [b for b in beats if b.kind == ProcessKind.WORKER and b.seen_at >= cutoff]
    schedulers = [b for b in beats if b.kind == ProcessKind.SCHEDULER]
    live_schedulers = [b for b in schedulers if b.seen_at >= cutoff]
    if live_schedulers:
        scheduler_text = f"Running (last seen {date_time(max(b.seen_at for b in live_schedulers), seconds=True)})"
    elif schedulers:
        scheduler_text = f"Not running: last seen {date_time(max(b.seen_at for b in schedulers), seconds=True)}"
    else:
        scheduler_text = "Not running: never seen"
    waiting = str(queue["waiting"])
    if queue["waiting"]:
        waiting += f" (the oldest for {queue['oldest_wait_seconds']} seconds)"
    return [
        {"key": {"text": "Scheduler"}, "value": {"text": scheduler_text}},
        {"key": {"text": "Task workers running"}, "value": {"text": str(len(workers))}},
        {"key": {"text": "Tasks waiting"}, "value": {"text": waiting}},
        {"key": {"text": "Tasks running"}, "value": {"text": str(queue["running"])}},
        {"key": {"text": "Tasks failed in the last day"}, "value": {"text": str(queue["failed_last_day"])}},
    ]
