"""Found reading the audit log after trying a message again: the log named it
an "outgoing email", where every page says "e-mail"."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from maca.notifications.services import email_retry
from maca.notifications.tests.factories import undelivered_email


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_a_message_tried_again_is_an_e_mail_in_the_audit_log(world, client_for):
    email = undelivered_email(partnership=world.partnership, subject="Reminder: 2 returns outstanding")
    email_retry(actor=world["admin"].user, email=email)
    client = client_for(world["admin"])
    page = _text(client.get(reverse("audit_trail:events")))
    assert (
        "asked for the outgoing e-mail ‘Testshire SCP: Reminder: 2 returns outstanding to lena@testshire.example’"
        in page
    )
    assert "outgoing email" not in page.lower()
    # The filter's kinds of record say it the same way.
    assert "Outgoing e-mail" in page and "Outgoing email" not in page
