from django.db.models import Q

from maca.notifications.delivery import failed_kept_since
from maca.notifications.models import EmailStatus, OutgoingEmail, SentEmail


def emails_for(partnership):
    return SentEmail.objects.for_partnership(partnership)


def outgoing_for(partnership):
    return OutgoingEmail.objects.for_partnership(partnership)


def undelivered_for(partnership):
    """Messages that could not be sent after the last try, newest first."""
    return (
        outgoing_for(partnership)
        .filter(status=EmailStatus.FAILED, last_attempt_at__gte=failed_kept_since())
        .order_by("-created_at", "-id")
    )


# Still on their way out: not yet taken by the mail server, nor given up on.
ON_THE_WAY = (EmailStatus.QUEUED, EmailStatus.SENDING, EmailStatus.RETRYING)


def not_sent_for(partnership):
    """Messages the mail server has not taken: on their way out, or not sent
    after the last try (as long as the home pages show them), newest first."""
    return (
        outgoing_for(partnership)
        .filter(Q(status__in=ON_THE_WAY) | Q(status=EmailStatus.FAILED, last_attempt_at__gte=failed_kept_since()))
        .order_by("-created_at", "-id")
    )


def on_the_way_for(partnership):
    """Messages still on their way out (waiting for a worker, being sent, or
    to be tried again), however many the pages list."""
    return outgoing_for(partnership).filter(status__in=ON_THE_WAY)


def delivery_of(objects) -> dict[int, OutgoingEmail]:
    """The latest message about each of these records (all of one model), by
    the record's id: one query, however many records."""
    latest: dict[int, OutgoingEmail] = {}
    for email in OutgoingEmail.objects.about(objects).order_by("created_at", "id"):
        latest[email.about_id] = email
    return latest
