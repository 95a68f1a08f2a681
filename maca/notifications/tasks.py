"""Background delivery of e-mail, so a slow or broken mail server never holds
up a page. The task is handed the outgoing message's id, nothing else; it
reads that message whatever its partnership (row-level security, ADR 0005)."""

from __future__ import annotations

from django_tasks import task

from maca.core.tenancy import task_across_partnerships


@task(queue_name="default")
@task_across_partnerships
def deliver_email(*, email_id: int) -> str:
    from maca.notifications.delivery import deliver

    return deliver(email_id=email_id)
