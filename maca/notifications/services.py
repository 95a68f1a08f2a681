"""Sending e-mail. Everything maca sends goes through :func:`send_email` or
:func:`send_built_email`.

Each message becomes an :class:`~maca.notifications.models.OutgoingEmail` row
and a background task that is handed only that row's id. With the database
task backend both are written in the caller's transaction, so an e-mail goes
out only if the change that caused it is saved. Delivery, retries and what
people see of them: ``maca.notifications.delivery``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string

from maca.audit_trail.services import record
from maca.core.addresses import links_with_partnership
from maca.notifications import delivery
from maca.notifications.models import EmailStatus, OutgoingEmail


def _about(about: models.Model | None) -> dict:
    if about is None:
        return {}
    return {"about_type": about._meta.label_lower, "about_id": about.pk}


def send_email(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    kind: str,
    partnership=None,
    about: models.Model | None = None,
) -> OutgoingEmail:
    """Render ``template`` (plain text) now and queue it for delivery.

    ``about`` is the record the message is about (a reminder, say), so that
    its page can show whether the message has gone.
    """
    body = render_to_string(template, {"base_url": settings.MACA_BASE_URL, **context})
    if partnership is not None:
        body = about_partnership(partnership, body)
    email = OutgoingEmail.objects.create(
        partnership=partnership,
        kind=kind,
        to="\n".join(to),
        subject=delivery.subject_for(subject, partnership=partnership)[:255],
        body=body,
        **_about(about),
    )
    delivery.queue(email)
    return email


# Said at the end of every e-mail about a partnership's work.
ABOUT_PARTNERSHIP = (
    "This e-mail is about {name}. If you work in more than one partnership, its links open maca in {name}."
)


def about_partnership(partnership, body: str) -> str:
    """The body of an e-mail about ``partnership``'s work, naming it: someone
    who works in two partnerships knows which one it is about, and each link to
    maca names it too (``?partnership=``), so that opening one works in that
    partnership if they are a member of it (ADR 0005)."""
    body = links_with_partnership(body, base_url=settings.MACA_BASE_URL, slug=partnership.slug)
    return f"{body.rstrip()}\n\n{ABOUT_PARTNERSHIP.format(name=partnership.name)}\n"


def send_built_email(
    *, builder: str, about: models.Model, to: list[str], subject: str, kind: str, partnership=None
) -> OutgoingEmail:
    """Queue a message that the registered ``builder`` makes at delivery, for
    messages that carry a secret (``maca.notifications.builders``). ``to`` and
    ``subject`` are kept for display; the builder's own are sent."""
    email = OutgoingEmail.objects.create(
        partnership=partnership,
        kind=kind,
        to="\n".join(to),
        subject=delivery.subject_for(subject, partnership=partnership)[:255],
        builder=builder,
        **_about(about),
    )
    delivery.queue(email)
    return email


def email_retry(*, actor, email: OutgoingEmail) -> OutgoingEmail:
    """Try again, now, to send a message that could not be sent."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        if email.status not in (EmailStatus.FAILED, EmailStatus.RETRYING):
            raise ValidationError("This e-mail is not waiting to be tried again.")
        before = email.status
        email.status = EmailStatus.QUEUED
        email.next_attempt_at = None
        email.attempts = 0
        email.save(update_fields=["status", "next_attempt_at", "attempts"])
        record(
            actor=actor,
            action="email.retried",
            partnership=email.partnership,
            target=email,
            changes={"status": [before, EmailStatus.QUEUED.value], "kind": email.kind},
        )
        delivery.queue(email)
    return email


def stores_email() -> bool:
    """True when messages are kept in the database rather than sent."""
    return settings.EMAIL_BACKEND == "maca.notifications.backends.StoredEmailBackend"
