"""With the real database task backend (django-tasks-db, as in production), an
e-mail is queued in the transaction of the change that causes it: a change
that is rolled back queues nothing, and a committed one queues a task row that
a worker then delivers."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from maca.accounts.models import Invitation
from maca.accounts.services import invitation_create
from maca.notifications.models import SentEmail


class ChangeFailed(Exception):
    pass


def _invite(world, email: str):
    return invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name="Nia New",
        role="board_member",
    )


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_an_email_is_queued_only_when_its_change_commits(world, database_backend):
    queued_before = DBTaskResult.objects.count()

    with pytest.raises(ChangeFailed), transaction.atomic():
        _invite(world, "rolled.back@testshire.example")
        raise ChangeFailed
    assert not Invitation.objects.filter(email="rolled.back@testshire.example").exists()
    assert DBTaskResult.objects.count() == queued_before

    _invite(world, "nia.new@testshire.example")
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert not SentEmail.objects.filter(to__contains="nia.new@testshire.example").exists()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    sent = SentEmail.objects.get(to__contains="nia.new@testshire.example")
    assert sent.subject == "Testshire SCP: You are invited to join maca"
    assert not SentEmail.objects.filter(to__contains="rolled.back@testshire.example").exists()
