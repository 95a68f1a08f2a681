"""Work whose worker died is queued again, or after the last try marked
failed, visibly; finished task records are pruned after a set period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maca.audit_trail.models import AuditEvent
from maca.cases.models import ImportStatus
from maca.cases.services import case_import_start
from maca.cases.tests.factories import uploaded_case_import
from maca.notifications.models import EmailStatus, OutgoingEmail
from maca.notifications.services import send_email
from maca.operations import pruning, workers
from maca.operations.models import Heartbeat, ProcessKind

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_tasks(settings):
    """Tasks are rows in the database, as in production, and nothing runs them."""
    settings.TASKS = DATABASE_TASKS


def claim(row: DBTaskResult, worker_id: str, *, started: dt.datetime) -> None:
    """What a worker does when it takes a task (django-tasks-db's own claim)."""
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)


def heartbeat(worker_id: str, seen: dt.datetime) -> None:
    Heartbeat.objects.create(
        process_id=worker_id, kind=ProcessKind.WORKER, hostname="h", pid=1, started_at=seen, seen_at=seen
    )


def an_email(world) -> OutgoingEmail:
    return send_email(
        to=["lena@testshire.example"],
        subject="Reminder",
        template="notifications/test.txt",
        context={},
        kind="reminder",
        partnership=world.partnership,
    )


def test_a_task_whose_worker_stopped_beating_is_queued_again(world, queued_tasks):
    email = an_email(world)
    row = DBTaskResult.objects.get()
    now = timezone.now()
    claim(row, "w-dead", started=now - dt.timedelta(minutes=5))
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, attempts=1)
    heartbeat("w-dead", now - dt.timedelta(minutes=3))

    assert workers.sweep_lost_tasks(now=now) == {"requeued": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.started_at is None
    email.refresh_from_db()
    # Not sent, and not shown as sent: waiting to go again.
    assert email.status == EmailStatus.QUEUED


def test_a_task_whose_worker_is_alive_is_left_alone_however_long_it_takes(world, queued_tasks):
    an_email(world)
    row = DBTaskResult.objects.get()
    now = timezone.now()
    claim(row, "w-busy", started=now - dt.timedelta(hours=2))
    heartbeat("w-busy", now - dt.timedelta(seconds=5))
    assert workers.sweep_lost_tasks(now=now) == {"requeued": 0, "failed": 0}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_after_the_last_try_a_lost_import_is_marked_failed_and_says_so(world, client_for, queued_tasks, settings):
    settings.MACA_TASK_MAX_ATTEMPTS = 2
    qa = world["qa"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=qa.user)
    case_import_start(actor=qa.user, case_import=case_import, columns=case_import.columns)
    row = DBTaskResult.objects.get()
    now = timezone.now()
    claim(row, "w-1", started=now - dt.timedelta(minutes=10))
    workers.sweep_lost_tasks(now=now)  # first death: queued again
    row.refresh_from_db()
    claim(row, "w-2", started=now - dt.timedelta(minutes=5))
    assert workers.sweep_lost_tasks(now=now) == {"requeued": 0, "failed": 1}

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "maca.operations.workers.WorkerLost"
    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.FAILED
    page = client_for(qa).get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "Nothing was imported" in page and "stopped before it finished" in page
    assert "Checking and importing" not in page
    assert AuditEvent.objects.filter(action="case_import.failed", object_id=str(case_import.pk)).exists()


def test_two_schedulers_sweeping_at_once_act_once(world, queued_tasks):
    an_email(world)
    row = DBTaskResult.objects.get()
    now = timezone.now()
    claim(row, "w-dead", started=now - dt.timedelta(minutes=5))
    stale = DBTaskResult.objects.get(pk=row.pk)
    workers.sweep_lost_tasks(now=now)
    # The second sweep read the row before the first changed it: its conditional update changes nothing.
    changed = DBTaskResult.objects.filter(
        pk=stale.pk, status=TaskResultStatus.RUNNING, started_at=stale.started_at
    ).update(status=TaskResultStatus.FAILED)
    assert changed == 0
    assert workers.sweep_lost_tasks(now=now) == {"requeued": 0, "failed": 0}


def test_finished_task_records_are_pruned_after_the_set_period_and_the_pruning_is_logged(world, queued_tasks, settings):
    settings.MACA_TASK_RESULT_DAYS = 14
    for _ in range(4):
        an_email(world)
    old_done, old_failed, recent_done, waiting = DBTaskResult.objects.order_by("enqueued_at")
    now = timezone.now()
    DBTaskResult.objects.filter(pk=old_done.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - dt.timedelta(days=15)
    )
    DBTaskResult.objects.filter(pk=old_failed.pk).update(
        status=TaskResultStatus.FAILED, finished_at=now - dt.timedelta(days=20)
    )
    DBTaskResult.objects.filter(pk=recent_done.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - dt.timedelta(days=13)
    )
    outcome = pruning.prune(timezone.localdate())
    assert outcome.startswith("Deleted 2 finished task records")
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent_done.pk, waiting.pk}
    event = AuditEvent.objects.get(action="tasks.pruned")
    assert event.changes["finished_tasks"] == 2 and event.changes["older_than_days"] == 14
