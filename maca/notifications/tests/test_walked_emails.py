"""Found walking the e-mails in a browser: the partnership's e-mails page said
"No e-mails yet" while e-mails were waiting to be sent (no worker had taken
them), and a message that could not be sent could be tried again only from
the home page."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse
from django.utils import timezone

from maca.notifications.delivery import FAILED_KEPT_DAYS, prune
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
    assert "Testshire SCP: 6 cases to audit for ‘Neglect in families with babies’" in page
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
    assert (
        "Not sent" in page
        and "Try again to send “Testshire SCP: Reminder: 2 returns outstanding for ‘Neglect’”" in page
    )
    settings.TASKS = DATABASE_TASKS
    response = client.post(reverse("notifications:retry", args=[email.pk]), {"back": "emails"})
    assert response.status_code == 302 and response.url == reverse("notifications:emails")
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    page = _text(client.get(reverse("notifications:emails")))
    # Not ‘…‘Neglect’’: the subject's own quotes are single ones.
    assert "“Testshire SCP: Reminder: 2 returns outstanding for ‘Neglect’” will be tried again now." in page
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


def test_no_worker_is_told_even_when_the_listed_e_mails_all_failed(world, client_for, settings, monkeypatch):
    """The warning is judged on every message still on its way, not only on
    the ones the page lists (the newest): here those all failed, and an older
    one still waits for a worker."""
    from maca.notifications import views

    monkeypatch.setattr(views, "NOT_SENT_SHOWN", 2)
    settings.TASKS = DATABASE_TASKS
    _queue(world.partnership, subject="Waiting")
    _queue(world.partnership, subject="Given up on", n=2)
    OutgoingEmail.objects.filter(subject="Testshire SCP: Given up on").update(
        status=EmailStatus.FAILED, last_attempt_at=timezone.now()
    )
    page = _text(client_for(world["admin"]).get(reverse("notifications:emails")))
    assert "The mail server has not taken 3 e-mails yet. The latest 2 are shown." in page
    assert "Testshire SCP: Waiting" not in page
    assert "No background worker is running" in page


def test_with_only_failed_e_mails_no_worker_is_not_blamed(world, client_for, settings):
    settings.TASKS = DATABASE_TASKS
    _queue(world.partnership, subject="Given up on")
    OutgoingEmail.objects.update(status=EmailStatus.FAILED, last_attempt_at=timezone.now())
    page = _text(client_for(world["admin"]).get(reverse("notifications:emails")))
    assert "The mail server has not taken 1 e-mail yet." in page
    assert "No background worker" not in page


def test_a_failure_is_shown_for_as_long_as_it_is_kept_then_forgotten(world, client_for, settings):
    """The e-mails page, the home page and the daily prune use one cut-off."""
    settings.TASKS = DATABASE_TASKS
    _queue(world.partnership, subject="Tried lately")
    _queue(world.partnership, subject="Tried long ago")
    now = timezone.now()
    OutgoingEmail.objects.filter(subject="Testshire SCP: Tried lately").update(
        status=EmailStatus.FAILED, last_attempt_at=now - dt.timedelta(days=FAILED_KEPT_DAYS - 1)
    )
    OutgoingEmail.objects.filter(subject="Testshire SCP: Tried long ago").update(
        status=EmailStatus.FAILED, last_attempt_at=now - dt.timedelta(days=FAILED_KEPT_DAYS + 1)
    )
    client = client_for(world["admin"])
    for url in (reverse("notifications:emails"), reverse("home:index")):
        page = _text(client.get(url))
        assert "Testshire SCP: Tried lately" in page and "Tried long ago" not in page, url
    prune(timezone.localdate())
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Testshire SCP: Tried lately"]
