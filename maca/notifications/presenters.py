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


def status_cell(email: OutgoingEmail | None, *, why: bool = False) -> dict:
    """A table cell holding the tag; with ``why``, what went wrong under it."""
    from django.utils.html import format_html

    from maca.core.components import render_component

    tag = render_component("tag", status_tag(email))
    reason = failure_text(email) if why and email is not None else ""
    if reason:
        return {
            "html": format_html(
                '{}<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">{}</p>', tag, reason
            )
        }
    return {"html": tag}


# What went wrong, in words, from the kind of failure kept on the message
# (``delivery._failure``: the exception's name and any SMTP code, never the server's text).
FAILURE_WORDS = {
    "SMTPRecipientsRefused": "The mail server refused the address",
    "SMTPSenderRefused": "The mail server refused maca’s sending address",
    "SMTPDataError": "The mail server refused the message",
    "SMTPAuthenticationError": "The mail server did not accept maca’s sign-in details",
    "SMTPNotSupportedError": "The mail server does not support what maca asked of it",
    "SMTPHeloError": "The mail server refused to talk to maca",
    "SMTPConnectError": "maca could not reach the mail server",
    "SMTPServerDisconnected": "maca could not reach the mail server",
    "ConnectionRefusedError": "maca could not reach the mail server",
    "ConnectionResetError": "maca could not reach the mail server",
    "TimeoutError": "maca could not reach the mail server",
    "timeout": "maca could not reach the mail server",
    "gaierror": "maca could not reach the mail server",
    "OSError": "maca could not reach the mail server",
}


def failure_text(email: OutgoingEmail) -> str:
    """Why a message has not gone, and how often it was tried:
    "The mail server refused the address (code 550). Tried 4 times, last on 6 December 2026 at 9:20pm."
    Empty for a message not tried yet."""
    if not email.attempts or email.status not in (EmailStatus.RETRYING, EmailStatus.FAILED):
        return ""
    name, _, code = email.last_error.partition(" (")
    words = FAILURE_WORDS.get(name) or (
        email.last_error.rstrip(".") if name and " " in name else "The mail server did not take it"
    )
    code = code.rstrip(")")
    if code:
        words += f" (code {code})"
    tries = "once" if email.attempts == 1 else f"{email.attempts} times"
    when = f", last on {date_time(email.last_attempt_at)}" if email.last_attempt_at else ""
    return f"{words}. Tried {tries}{when}."


def last_tried(email: OutgoingEmail) -> str:
    from maca.core.presenters import date_time

    return date_time(email.last_attempt_at)
