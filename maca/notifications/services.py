"""Sending e-mail. Everything maca sends goes through :func:`send_email`.

The message is rendered now and handed to a background task. With the
database task backend the task row is written in the caller's transaction, so
an e-mail goes out only if the change that caused it is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from maca.notifications.headers import KIND_HEADER, PARTNERSHIP_HEADER
from maca.notifications.tasks import deliver_email


def send_email(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    kind: str,
    partnership=None,
) -> None:
    """Render ``template`` (plain text) and queue it for delivery."""
    body = render_to_string(template, {"base_url": settings.MACA_BASE_URL, **context})
    headers = {KIND_HEADER: kind}
    if partnership is not None:
        headers[PARTNERSHIP_HEADER] = str(partnership.pk)
    deliver_email.enqueue(
        to=to,
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers=headers,
    )


def stores_email() -> bool:
    """True when messages are kept in the database rather than sent."""
    return settings.EMAIL_BACKEND == "maca.notifications.backends.StoredEmailBackend"
