"""How an e-mail's progress is shown, wherever it is shown: one set of words."""

from __future__ import annotations

from django.utils import timezone

from maca.core.presenters import NOTHING, date_time, time_of_day
from maca.notifications.models import EmailStatus, OutgoingEmail

TAG_COLOURS = {
    EmailStatus.QUEUED: "govuk-tag--grey",
    EmailStatus.SENDING: "govuk-tag--grey",
    EmailStatus.RETRYING: "govuk-tag--yellow",
    EmailStatus.SENT: "govuk-tag--green",
    EmailStatus.FAILED: "govuk-tag--red",
    EmailStatus.WITHDRAWN: "govuk-tag--grey",
}


def status_text(email: OutgoingEmail | None) -> str:
    """``Sent``, ``Not sent yet: trying again at 14:05``, ``Not sent``..."""
    if email is None:
        return NOTHING
    label = EmailStatus(email.status).label
    if email.status == EmailStatus.RETRYING and email.next_attempt_at:
        return f"{label}: trying again at {time_of_day(timezone.localtime(email.next_attempt_at))}"
    if email.status == EmailStatus.SENT and email.sent_at:
        return f"{label} {date_time(email.sent_at)}"
    return label


def status_tag(email: OutgoingEmail | None) -> dict:
    """Parameters for the GOV.UK tag component."""
    if email is None:
        return {"text": NOTHING, "classes": "govuk-tag--grey"}
    return {"text": status_text(email), "classes": TAG_COLOURS[EmailStatus(email.status)]}


def status_cell(email: OutgoingEmail | None) -> dict:
    """A table cell holding the tag."""
    from maca.core.components import render_component

    return {"html": render_component("tag", status_tag(email))}


def last_tried(email: OutgoingEmail) -> str:
    from maca.core.presenters import date_time

    return date_time(email.last_attempt_at)
