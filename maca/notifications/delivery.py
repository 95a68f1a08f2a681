"""Handing messages to the mail server, and trying again when it fails.

Each outgoing message moves queued → sending → sent. When the mail server
refuses or cannot be reached, it waits (``retrying``, "Not sent yet") and
goes again after the next delay in ``MACA_EMAIL_RETRY_DELAYS``; after the last
try it is ``failed`` ("Not sent") and shows on the QA officer's and the
partnership admin's home pages until someone tries again. It is never shown
as sent before the mail server has taken it.

The scheduler's sweep (:func:`requeue_due`) queues the messages whose next
try is due; the conditional updates below make sure that one message is
handed to one worker at a time, however many schedulers and workers run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maca.core.presenters import counted
from maca.notifications import builders
from maca.notifications.headers import KIND_HEADER, PARTNERSHIP_HEADER
from maca.notifications.models import EmailStatus, OutgoingEmail

logger = logging.getLogger("maca.notifications")


def retry_delays() -> list[int]:
    """Seconds to wait before each try after the first."""
    return [int(seconds) for seconds in settings.MACA_EMAIL_RETRY_DELAYS]


def max_attempts() -> int:
    return len(retry_delays()) + 1


def _failure(error: BaseException) -> str:
    """The kind of failure, with the SMTP code where there is one: never the
    server's text, which may quote an address."""
    code = getattr(error, "smtp_code", None)
    refused = getattr(error, "recipients", None)
    if code is None and isinstance(refused, dict) and refused:
        # SMTPRecipientsRefused keeps each address's (code, text); the code only, never the address.
        first = next(iter(refused.values()))
        code = first[0] if isinstance(first, tuple) and first else None
    name = type(error).__name__
    return f"{name} ({code})" if code else name


def deliver(*, email_id: int) -> str:
    """Send one message, or arrange the next try. Returns what happened."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=None
    )
    if not claimed:
        # Sent already, waiting for a later try, or being sent by another worker.
        return "nothing to do"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        if email.builder:
            built = builders.build(email.builder, email.about_id)
            if built is None:
                _set(email, status=EmailStatus.WITHDRAWN)
                return "not needed"
            to, subject, body = built.to, subject_for(built.subject, partnership=email.partnership), built.body
        else:
            to, subject, body = email.recipients, email.subject, email.body
        headers = {KIND_HEADER: email.kind}
        if email.partnership_id:
            headers[PARTNERSHIP_HEADER] = str(email.partnership_id)
        EmailMessage(
            subject=subject_line(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers
        ).send()
    except Exception as error:  # noqa: BLE001 - any failure to send is retried, then shown
        return _after_failure(email, error)
    _set(email, status=EmailStatus.SENT, sent_at=timezone.now(), body="", last_error="")
    return "sent"


def subject_for(subject: str, *, partnership=None) -> str:
    """The subject as a person reads it in their inbox. One about a
    partnership's work begins with the partnership's short name, as the header
    of maca's pages shows it ("Testshire SCP: Reminder: 2 returns outstanding
    for ‘Neglect’"), its full name if it has none: someone who works in two
    partnerships tells their e-mails apart before opening them, and the name
    comes first so that an inbox cutting a long subject short keeps it. The
    sender's name already says maca. Any other message (a password reset, a
    second factor reset) begins "maca: " as before."""
    if partnership is not None:
        prefix = f"{partnership.short_name.strip() or partnership.name}: "
    else:
        prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    return subject_line(f"{prefix}{subject}")


def subject_line(subject: str) -> str:
    """A subject on one line, its runs of white space one space each: a line
    break in it (from a title quoted in it, say) would make every try to send
    the message fail (Django refuses it as a header injection)."""
    return " ".join(subject.split())


def _after_failure(email: OutgoingEmail, error: BaseException) -> str:
    reason = _failure(error)
    delays = retry_delays()
    if email.attempts <= len(delays):
        wait = delays[email.attempts - 1]
        next_at = timezone.now() + dt.timedelta(seconds=wait)
        _set(email, status=EmailStatus.RETRYING, next_attempt_at=next_at, last_error=reason)
        logger.warning(
            "E-mail %s not sent (try %s of %s): %s; trying again in %s s",
            email.pk,
            email.attempts,
            len(delays) + 1,
            reason,
            wait,
        )
        return "retrying"
    from maca.audit_trail.services import record

    with transaction.atomic():
        _set(email, status=EmailStatus.FAILED, last_error=reason)
        # Who was not told what, and why, for the partnership's record.
        record(
            actor=None,
            action="email.not_sent",
            partnership=email.partnership,
            target=email,
            changes={"kind": email.kind, "attempts": email.attempts, "failure": reason},
        )
    logger.error("E-mail %s not sent after %s tries: %s", email.pk, email.attempts, reason)
    return "failed"


def _set(email: OutgoingEmail, **fields) -> None:
    OutgoingEmail.objects.filter(pk=email.pk).update(**fields)
    for name, value in fields.items():
        setattr(email, name, value)


def queue(email: OutgoingEmail) -> None:
    """Hand a queued message to the task queue (in the caller's transaction)."""
    from maca.notifications.tasks import deliver_email

    deliver_email.enqueue(email_id=email.pk)


# A message still "sending" this long after its try started was never finished
# (the worker stopped, or the database went away just after the mail server
# took it): it is tried again. The mail server's own timeout is 20 seconds.
STALLED_AFTER = dt.timedelta(minutes=15)


def _recover_stalled(now: dt.datetime) -> None:
    stalled = OutgoingEmail.objects.filter(status=EmailStatus.SENDING, last_attempt_at__lt=now - STALLED_AFTER)
    for email in stalled[:500]:
        gave_up = email.attempts >= max_attempts()
        OutgoingEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED if gave_up else EmailStatus.RETRYING,
            next_attempt_at=None if gave_up else now,
            last_error="The try never finished",
        )


def requeue_due(*, now: dt.datetime | None = None) -> int:
    """The scheduler's sweep: queue every message whose next try is due."""
    now = now or timezone.now()
    _recover_stalled(now)
    due = list(
        OutgoingEmail.objects.filter(status=EmailStatus.RETRYING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )[:500]
    )
    queued = 0
    for pk in due:
        with transaction.atomic():
            # Only the scheduler that flips the status queues the message.
            if OutgoingEmail.objects.filter(pk=pk, status=EmailStatus.RETRYING).update(status=EmailStatus.QUEUED):
                from maca.notifications.tasks import deliver_email

                deliver_email.enqueue(email_id=pk)
                queued += 1
    return queued


def on_worker_lost(kwargs: dict, *, gave_up: bool) -> None:
    """The worker sending this message stopped. We cannot know whether the
    mail server took it, so it goes again (a duplicate beats a loss); after
    the last try it shows as not sent."""
    email_id = kwargs.get("email_id")
    status = EmailStatus.FAILED if gave_up else EmailStatus.QUEUED
    OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=status, last_error="The worker stopped while sending"
    )


# A message that could not be sent stays on the home pages this long, then is forgotten.
FAILED_KEPT_DAYS = 90


def failed_kept_since(now: dt.datetime | None = None) -> dt.datetime:
    """The last try before which a message not sent is forgotten
    (``FAILED_KEPT_DAYS``): the pages show failures tried since, ``prune``
    deletes the older ones."""
    return (now or timezone.now()) - dt.timedelta(days=FAILED_KEPT_DAYS)


def prune(day: dt.date) -> str:
    """Forget messages sent long ago (their body was cleared when they went),
    and failures nobody retried in three months. Logged in the audit log."""
    from maca.audit_trail.services import record

    now = timezone.now()
    cutoff = now - dt.timedelta(days=settings.MACA_TASK_RESULT_DAYS)
    sent, _ = OutgoingEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=cutoff).delete()
    withdrawn, _ = OutgoingEmail.objects.filter(status=EmailStatus.WITHDRAWN, last_attempt_at__lt=cutoff).delete()
    failed, _ = OutgoingEmail.objects.filter(
        status=EmailStatus.FAILED, last_attempt_at__lt=failed_kept_since(now)
    ).delete()
    total = sent + withdrawn + failed
    if total:
        record(
            actor=None,
            action="email.pruned",
            changes={"sent": sent, "not_needed": withdrawn, "not_sent": failed, "for_day": day},
        )
    return f"Forgot {counted(total, 'e-mail record')}: {sent:,} sent, {withdrawn:,} not needed, {failed:,} not sent"
