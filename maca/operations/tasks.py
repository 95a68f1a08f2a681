"""The one task the scheduler queues: a job's run for one day."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def run_scheduled_job(*, run_id: int) -> str:
    from maca.operations.scheduler import run_job

    return run_job(run_id=run_id)
