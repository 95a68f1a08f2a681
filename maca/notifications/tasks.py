"""Background delivery of e-mail, so a slow mail server never holds up a page."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django_tasks import task

from maca.core.tenancy import task_without_partnership_data


@task(queue_name="default")
@task_without_partnership_data
def deliver_email(*, to: list[str], subject: str, body: str, from_email: str, headers: dict[str, str]) -> int:
    return EmailMessage(subject=subject, body=body, from_email=from_email, to=to, headers=headers).send()
