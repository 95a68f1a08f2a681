"""Background work for the action plan: the reminders, across partnerships."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from maca.core.tenancy import task_across_partnerships


@task(queue_name="default")
@task_across_partnerships
def send_action_reminders(*, today: str) -> int:
    from maca.actions.reminders import reminders_send_due

    return len(reminders_send_due(today=dt.date.fromisoformat(today)))
