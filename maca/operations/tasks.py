"""The one task the scheduler queues: a job's run for one day."""

from __future__ import annotations

from django_tasks import task

from maca.core.tenancy import task_across_partnerships


@task(queue_name="default")
@task_across_partnerships
def run_scheduled_job(*, run_id: int) -> str:
    from maca.operations.scheduler import run_job

    return run_job(run_id=run_id)
