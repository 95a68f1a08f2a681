from __future__ import annotations

import datetime as dt
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from maca.notifications import delivery
from maca.notifications.models import OutgoingEmail
from maca.notifications.services import send_email


class RefusingBackend(BaseEmailBackend):
    """A mail server that takes nothing."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


REFUSING = "maca.notifications.tests.factories.RefusingBackend"


def undelivered_email(
    *, partnership, subject: str = "Reminder: 3 returns outstanding", kind: str = "reminder", backend: str = REFUSING
) -> OutgoingEmail:
    """A message the mail server never took, after every try (the test backends
    run each try at once; the next is brought forward rather than waited for).
    ``backend``: the e-mail backend that refuses it, and how."""
    with override_settings(EMAIL_BACKEND=backend):
        email = send_email(
            to=["lena@testshire.example"],
            subject=subject,
            template="notifications/test.txt",
            context={},
            kind=kind,
            partnership=partnership,
        )
        later = timezone.now()
        for _ in range(delivery.max_attempts() - 1):
            later += dt.timedelta(days=1)
            delivery.requeue_due(now=later)
    email.refresh_from_db()
    return email
