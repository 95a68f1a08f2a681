"""Found walking the e-mails in a browser: the partnership's e-mails page said
"No e-mails yet" while e-mails were waiting to be sent (no worker had taken
them), and a message that could not be sent could be tried again only from
the home page."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from maca.notifications.models import EmailStatus, OutgoingEmail
from maca.notifications.services import send_email
from maca.notifications.tests.factories import undelivered_email
from maca.tests.querycount import assert_queries_do_not_grow

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _text(response) -> str:
    """What a person reads: the words, without the markup."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _queue(partnership, subject="6 cases to audit for ‘Neglect in families with babies’", n=1):
    for _ in range(n):
        send_email(
            to=["lena@testshire.example"],
            subject=subject,
            template="notifications/test.txt",
            context={},
            kind="assignment",
            partnership=partnership,
        )


def test_e_mails_waiting_for_a_worker_are_shown_as_waiting_not_as_none(world, client_for, settings):
    settings.TASKS = DATABASE_TASKS  # queued, and no worker takes them
    _queue(world.partnership)
    _queue(world.other_partnership, subject="Theirs")
    page = _text(client_for(world["admin"]).get(reverse("notifications:emails")))
    assert "No e-mails yet" not in page
    assert "Still to send The mail server has not taken 1 e-mail yet." in page
    assert "maca: 6 cases to audit for ‘Neglect in families with babies’" in page
    assert "Waiting to be sent" in page  # the status word every page uses
    assert "No background worker is running" in page
    assert "No e-mails have been sent yet." in page
    assert "Theirs" not in page


def test_with_nothing_queued_the_page_says_only_that_nothing_was_sent(world, client_for, settings):
    settings.TASKS = DATABASE_TASKS
    page = _text(client_for(world["admin"]).get(reverse("notifications:emails")))
    assert "Still to send" not in page and "No background worker" not in page
    assert "No e-mails have been sent yet." in page


def test_a_failed_e_mail_can_be_tried_again_from_the_e_mails_page(world, client_for, settings):
    email = undelivered_email(partnership=world.partnership, subject="Reminder: 2 returns outstanding for ‘Neglect’")
    client = client_for(world["admin"])
    page = _text(client.get(reverse("notifications:emails")))
    assert "Not sent" in page and "Try again to send “maca: Reminder: 2 returns outstanding for ‘Neglect’”" in page
    settings.TASKS = DATABASE_TASKS
    response = client.post(reverse("notifications:retry", args=[email.pk]), {"back": "emails"})
    assert response.status_code == 302 and response.url == reverse("notifications:emails")
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    page = _text(client.get(reverse("notifications:emails")))
    # Not ‘…‘Neglect’’: the subject's own quotes are single ones.
    assert "“maca: Reminder: 2 returns outstanding for ‘Neglect’” will be tried again now." in page
    assert "Waiting to be sent" in page


def test_another_partnerships_e_mail_cannot_be_retried(world, client_for):
    email = undelivered_email(partnership=world.partnership)
    response = client_for(world["outsider"]).post(reverse("notifications:retry", args=[email.pk]), {"back": "emails"})
    assert response.status_code == 404
    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.FAILED


def test_the_e_mails_not_sent_do_not_make_the_page_slower(world, client_for, settings):
    settings.TASKS = DATABASE_TASKS
    client = client_for(world["admin"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("notifications:emails")), lambda n: _queue(world.partnership, n=n)
    )
