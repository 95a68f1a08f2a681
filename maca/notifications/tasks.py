"""Background delivery of e-mail, so a slow or broken mail server never holds
up a page. The task is handed the outgoing message's id, nothing else."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def deliver_email(*, email_id: int) -> str:
    from maca.notifications.delivery import deliver

    return deliver(email_id=email_id)
