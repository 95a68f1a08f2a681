"""Run the scheduler: the daily jobs and the sweeps, with no crontab.

Run one next to the task workers (systemd unit in docs/deployment.md). Two
are safe: each day's run of a job is queued once (ADR 0022).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from maca.core.presenters import counted
from maca.operations import schedule, scheduler, workers
from maca.operations.models import ProcessKind

logger = logging.getLogger("maca.operations")


class Command(BaseCommand):
    help = "Queue each scheduled job once a day at its time, catch up missed days, and run the sweeps."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick and stop.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between ticks (default: MACA_SCHEDULER_INTERVAL).",
        )
        parser.add_argument("--list", action="store_true", help="Print the schedule and stop.")
        parser.add_argument("--rerun", metavar="JOB", help="Queue JOB again for --day (default today) and stop.")
        parser.add_argument("--day", help="The day for --rerun (YYYY-MM-DD): today or a day before.")

    def handle(self, *args, **options):
        if options["list"]:
            for job in schedule.jobs():
                self.stdout.write(f"{job.at:%H:%M}  {job.name:<28} {job.title}")
            return
        if options["rerun"]:
            self._rerun(options["rerun"], options["day"])
            return
        if options["once"]:
            queued = scheduler.tick()
            self.stdout.write(f"Queued {counted(len(queued), 'run')}.")
            return
        self._loop(options["interval"] or settings.MACA_SCHEDULER_INTERVAL)

    def _rerun(self, name: str, day: str | None) -> None:
        try:
            when = dt.date.fromisoformat(day) if day else timezone.localdate()
            run = scheduler.rerun(job_name=name, day=when)
        except (ValueError, LookupError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Queued {run.job} for {run.day:%-d %B %Y}.")

    def _loop(self, interval: float) -> None:
        stop = threading.Event()

        def shut_down(signum, frame):
            logger.info("Scheduler stopping (%s)", signal.strsignal(signum))
            stop.set()

        signal.signal(signal.SIGTERM, shut_down)
        signal.signal(signal.SIGINT, shut_down)
        process_id = workers.new_process_id(ProcessKind.SCHEDULER)
        started_at = timezone.now()
        logger.info("Scheduler %s started: %s job(s), a tick every %s s", process_id, len(schedule.jobs()), interval)
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    workers.beat(process_id, ProcessKind.SCHEDULER, started_at)
                    scheduler.tick()
                except Exception:
                    # The database may be restarting: say so and try again next tick.
                    logger.exception("Scheduler tick failed")
                stop.wait(interval)
        finally:
            workers.forget(process_id)
