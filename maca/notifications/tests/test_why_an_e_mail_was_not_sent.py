"""The E-mails page says why a message has not gone and how often it was tried.

Found on a walk: an e-mail the mail server refused was listed under "Still to
send" as "Not sent" and nothing more, so the admin could not tell a refused
address (trying again will not help: the address is wrong) from a mail server
that could not be reached (try again once it is back), nor when it was last tried.
"""

from __future__ import annotations

import html
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from maca.core.presenters import date_time
from maca.notifications.tests.factories import undelivered_email
from maca.tests.tables import read_tables


class AddressRefusingBackend(BaseEmailBackend):
    """A mail server that refuses the address it is given."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"lena@testshire.example": (550, b"No such user")})


def _refused(partnership):
    return undelivered_email(
        partnership=partnership,
        subject="Action A1 is overdue by 3 days",
        kind="action_reminder",
        backend=f"{__name__}.AddressRefusingBackend",
    )


def _still_to_send(client):
    return read_tables(client.get(reverse("notifications:emails")).content.decode())["E-mails still to send"]


def test_a_refused_address_is_said_in_words_with_the_tries(world, client_for):
    email = _refused(world.partnership)
    table = _still_to_send(client_for(world["admin"]))
    assert table.head[4] == "Status"
    [row] = table.rows
    # Under the status, in the same cell.
    assert row[4] == (
        f"Not sent The mail server refused the address (code 550). "
        f"Tried {email.attempts} times, last on {date_time(email.last_attempt_at)}."
    )


def test_a_mail_server_that_could_not_be_reached_is_told_apart(world, client_for):
    undelivered_email(partnership=world.partnership)
    [row] = _still_to_send(client_for(world["admin"])).rows
    assert row[4].startswith("Not sent maca could not reach the mail server. Tried ")


def test_the_home_page_says_why_too(world, client_for):
    email = _refused(world.partnership)
    page = html.unescape(client_for(world["qa"]).get(reverse("home:index")).content.decode())
    assert (
        f"The mail server refused the address (code 550). "
        f"Tried {email.attempts} times, last on {date_time(email.last_attempt_at)}."
    ) in page
