"""What the operations side of maca keeps: which processes are alive, and
which scheduled jobs have run. Neither holds partnership data."""

from __future__ import annotations

from django.db import models


class ProcessKind(models.TextChoices):
    WORKER = "worker", "Task worker"
    SCHEDULER = "scheduler", "Scheduler"


class Heartbeat(models.Model):
    """A task worker or scheduler saying it is alive.

    A worker writes its row before it takes any task and every few seconds
    after; a task whose worker has stopped beating is picked up again or marked
    failed by the scheduler (see ``maca.operations.workers``).
    """

    process_id = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=12, choices=ProcessKind.choices)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["kind", "-seen_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hostname}:{self.pid}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ScheduledRun(models.Model):
    """One run of one scheduled job for one day.

    The unique constraint is what makes a job run once a day however many
    schedulers run, and however often they restart: whoever inserts the row
    queues the work, everyone else moves on.
    """

    job = models.CharField(max_length=60)
    day = models.DateField()
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=255, blank=True, help_text="A short summary: counts, never names.")

    class Meta:
        ordering = ["-day", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="operations_one_run_per_job_per_day")]
        indexes = [models.Index(fields=["job", "-day"], name="operations_run_job_day")]

    def __str__(self) -> str:
        return f"{self.job} for {self.day}"
