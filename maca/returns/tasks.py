"""Background work for returns: the daily reminders."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from maca.core.tenancy import task_across_partnerships


@task(queue_name="default")
@task_across_partnerships
def send_due_reminders(*, today: str) -> int:
    from maca.returns.reminders import reminders_send_due

    return len(reminders_send_due(today=dt.date.fromisoformat(today)))
