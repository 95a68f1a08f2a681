"""An e-mail's way out: ids in the task queue, secrets made at delivery, tries
with waits between them, and what people see meanwhile."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maca.accounts.services import invitation_create, invitation_revoke
from maca.audit_trail.models import AuditEvent
from maca.core.presenters import time_of_day
from maca.notifications import delivery
from maca.notifications.models import EmailStatus, OutgoingEmail, SentEmail
from maca.notifications.services import send_email
from maca.notifications.tests.factories import REFUSING, undelivered_email
from maca.tests.querycount import assert_queries_do_not_grow

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _deliver_queued() -> None:
    """What a worker does with each queued e-mail task (the worker loop itself
    is exercised in maca/operations/tests/test_faults.py)."""
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        if row.task_path.endswith("deliver_email"):
            delivery.deliver(**row.args_kwargs["kwargs"])
            row.delete()


def test_an_invitation_link_is_made_at_delivery_and_stored_nowhere_before(world, settings):
    settings.TASKS = DATABASE_TASKS
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.person@testshire.example",
        full_name="New Person",
        role="board_member",
    )
    email = OutgoingEmail.objects.get(kind="invitation")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}
    stored = json.dumps([*OutgoingEmail.objects.values(), *DBTaskResult.objects.values()], default=str)
    assert token not in stored and "/invitations/" not in stored
    assert email.body == "" and email.builder == "invitation"

    _deliver_queued()
    sent = SentEmail.objects.get(kind="invitation")  # what the mail server received
    assert f"/invitations/{token}/" in sent.body and sent.subject == "Testshire SCP: You are invited to join maca"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    # Only the hash of the secret is kept; the link works.
    invitation.refresh_from_db()
    assert token not in invitation.token_hash
    from django.test import Client

    assert Client().get(reverse("accounts:accept_invitation", args=[token])).status_code == 200


def test_an_invitation_withdrawn_before_its_e_mail_went_is_not_sent(world, settings):
    settings.TASKS = DATABASE_TASKS
    invitation, _ = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.person@testshire.example",
        full_name="New Person",
        role="board_member",
    )
    invitation_revoke(actor=world["admin"].user, invitation=invitation)
    _deliver_queued()
    assert not SentEmail.objects.exists()
    assert OutgoingEmail.objects.get().status == EmailStatus.WITHDRAWN


def test_the_people_page_shows_whether_each_invitation_e_mail_has_gone(world, client_for, settings):
    settings.EMAIL_BACKEND = REFUSING
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.person@testshire.example",
        full_name="New Person",
        role="board_member",
    )
    email = OutgoingEmail.objects.get()
    page = html.unescape(client_for(world["admin"]).get(reverse("accounts:members")).content.decode())
    assert f"Not sent yet: trying again at {time_of_day(timezone.localtime(email.next_attempt_at))}" in page


def test_each_failed_try_waits_longer_and_the_message_is_never_shown_as_sent(world, settings):
    settings.EMAIL_BACKEND = REFUSING
    email = send_email(
        to=["lena@testshire.example"],
        subject="Reminder",
        template="notifications/test.txt",
        context={},
        kind="reminder",
        partnership=world.partnership,
    )
    seen = []
    while True:
        email.refresh_from_db()
        seen.append(email.status)
        if email.status != EmailStatus.RETRYING:
            break
        assert email.sent_at is None
        # Not yet due: nothing happens.
        assert delivery.requeue_due(now=email.next_attempt_at - dt.timedelta(seconds=1)) == 0
        delivery.requeue_due(now=email.next_attempt_at)
    assert seen == [EmailStatus.RETRYING] * 5 + [EmailStatus.FAILED]
    assert email.attempts == 6 and email.last_error == "SMTPServerDisconnected"
    assert not SentEmail.objects.exists()
    event = AuditEvent.objects.get(action="email.not_sent")
    assert event.partnership == world.partnership and event.changes["attempts"] == 6


def test_a_message_that_could_not_be_sent_shows_on_the_qa_officers_and_admins_home_pages_only(world, client_for):
    undelivered_email(partnership=world.partnership, subject="Reminder: 3 returns outstanding")
    undelivered_email(partnership=world.other_partnership, subject="Reminder: not yours")
    for key in ("qa", "admin"):
        page = html.unescape(client_for(world[key]).get(reverse("home:index")).content.decode())
        assert "E-mails that could not be sent" in page
        assert "Testshire SCP: Reminder: 3 returns outstanding" in page and "not yours" not in page
        assert (
            'Try again<span class="govuk-visually-hidden"> to send “Testshire SCP: Reminder: 3 returns outstanding”'
            in page
        )
    for key in ("lead", "auditor", "board", "scrutineer"):
        page = client_for(world[key]).get(reverse("home:index")).content.decode()
        assert "E-mails that could not be sent" not in page


def test_trying_again_sends_it_is_logged_and_it_leaves_the_home_page(world, client_for):
    email = undelivered_email(partnership=world.partnership)
    client = client_for(world["qa"])
    response = client.post(reverse("notifications:retry", args=[email.pk]), follow=True)
    page = html.unescape(response.content.decode())
    assert "will be tried again now" in page
    assert "E-mails that could not be sent" not in page
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.body == ""
    assert SentEmail.objects.filter(subject=email.subject).count() == 1
    event = AuditEvent.objects.get(action="email.retried")
    assert event.actor == world["qa"].user and event.partnership == world.partnership
    # Trying again what has gone is refused.
    page = html.unescape(client.post(reverse("notifications:retry", args=[email.pk]), follow=True).content.decode())
    assert "not waiting to be tried again" in page


def test_the_home_page_with_failed_messages_does_not_grow_in_queries(world, client_for):
    client = client_for(world["qa"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("home:index")),
        lambda n: [undelivered_email(partnership=world.partnership, subject=f"Reminder {i}") for i in range(n)],
    )


def test_a_worker_lost_while_sending_puts_the_message_back_or_shows_it_not_sent(world):
    email = send_email(
        to=["lena@testshire.example"], subject="R", template="notifications/test.txt", context={}, kind="reminder"
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING)
    delivery.on_worker_lost({"email_id": email.pk}, gave_up=False)
    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING)
    delivery.on_worker_lost({"email_id": email.pk}, gave_up=True)
    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.FAILED


@pytest.mark.parametrize("days, kept", [(13, True), (15, False)])
def test_records_of_sent_messages_are_forgotten_after_the_set_period(world, settings, days, kept):
    settings.MACA_TASK_RESULT_DAYS = 14
    email = send_email(
        to=["lena@testshire.example"], subject="R", template="notifications/test.txt", context={}, kind="reminder"
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(sent_at=timezone.now() - dt.timedelta(days=days))
    delivery.prune(timezone.localdate())
    assert OutgoingEmail.objects.filter(pk=email.pk).exists() is kept
    assert AuditEvent.objects.filter(action="email.pruned").exists() is not kept


def test_a_try_that_never_finished_is_tried_again(world, settings):
    email = send_email(
        to=["lena@testshire.example"], subject="R", template="notifications/test.txt", context={}, kind="reminder"
    )
    started = timezone.now() - dt.timedelta(minutes=20)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, last_attempt_at=started)
    assert delivery.requeue_due(now=timezone.now()) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT  # the test backends deliver at once
