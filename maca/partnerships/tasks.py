"""The daily retention run, as a task the scheduler can queue."""

from __future__ import annotations

from django_tasks import task

from maca.core.tenancy import task_across_partnerships


@task(queue_name="default")
@task_across_partnerships
def apply_retention() -> dict[str, int]:
    """Run :func:`maca.partnerships.retention.retention_apply` for every
    partnership; returns how many records of each kind changed."""
    from maca.core import retention
    from maca.partnerships.retention import retention_apply

    result = retention_apply()
    return {kind.key: result.total(kind.key) for kind in retention.kinds()}
