import datetime as dt

from django.db.models import Q
from django.utils import timezone

from maca.notifications.delivery import FAILED_KEPT_DAYS
from maca.notifications.models import EmailStatus, OutgoingEmail, SentEmail


def emails_for(partnership):
    return SentEmail.objects.for_partnership(partnership)


def outgoing_for(partnership):
    return OutgoingEmail.objects.for_partnership(partnership)


def undelivered_for(partnership):
    """Messages that could not be sent after the last try, newest first."""
    since = timezone.now() - dt.timedelta(days=FAILED_KEPT_DAYS)
    return outgoing_for(partnership).filter(status=EmailStatus.FAILED, last_attempt_at__gte=since)


# Still on their way out: not yet taken by the mail server, nor given up on.
ON_THE_WAY = (EmailStatus.QUEUED, EmailStatus.SENDING, EmailStatus.RETRYING)


def not_sent_for(partnership):
    """Messages the mail server has not taken: on their way out, or not sent
    after the last try (as long as the home pages show them), newest first."""
    since = timezone.now() - dt.timedelta(days=FAILED_KEPT_DAYS)
    return outgoing_for(partnership).filter(
        Q(status__in=ON_THE_WAY) | Q(status=EmailStatus.FAILED, last_attempt_at__gte=since)
    )


def delivery_of(objects) -> dict[int, OutgoingEmail]:
    """The latest message about each of these records (all of one model), by
    the record's id: one query, however many records."""
    latest: dict[int, OutgoingEmail] = {}
    for email in OutgoingEmail.objects.about(objects).order_by("created_at", "id"):
        latest[email.about_id] = email
    return latest
