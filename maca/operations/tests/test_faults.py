"""Faults, tried for real: a worker process killed in the middle of its task,
and a mail server that is down. Nothing is lost, nothing is shown as done
before it is. These run the real database task backend and real worker
processes against the test database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maca.audit_trail.models import AuditEvent
from maca.core.presenters import date_time, time_of_day
from maca.notifications import delivery
from maca.notifications.models import EmailStatus, OutgoingEmail
from maca.notifications.services import send_email
from maca.operations import workers
from maca.operations.fakemail import FakeMailServer, closed_port
from maca.operations.management.commands.db_worker import HeartbeatWorker
from maca.operations.models import Heartbeat, ProcessKind
from maca.returns.tests.builders import audit_with_returns

pytestmark = pytest.mark.django_db(transaction=True)

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _mail_settings(settings, port: int) -> None:
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


def _environment(mail_port: int) -> dict[str, str]:
    """A worker process's environment: this test database, the real task
    backend, and the given mail server."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MACA_SQLITE_PATH"}}
    env.update(
        MACA_ENVIRONMENT="test",
        MACA_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND=SMTP,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mail_port),
        EMAIL_USE_TLS="false",
    )
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        where = f"{db['HOST'] or 'localhost'}{':' + str(db['PORT']) if db['PORT'] else ''}"
        env["DATABASE_URL"] = f"postgres://{credentials}@{where}/{quote(db['NAME'])}"
    else:
        env["MACA_SQLITE_PATH"] = str(db["NAME"])
    return env


def _worker(mail_port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *extra],
        cwd=settings.BASE_DIR,
        env=_environment(mail_port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, *, seconds: float = 60, what: str = "", process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"The worker stopped: {process.communicate()[0].decode()}")
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def _status(email: OutgoingEmail) -> str:
    email.refresh_from_db()
    return email.status


def test_a_worker_killed_while_sending_is_replaced_and_the_message_goes_once(database_tasks):
    email = send_email(
        to=["lena@testshire.example"], subject="Hello", template="notifications/test.txt", context={}, kind="test"
    )
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}  # an id, nothing else

    with FakeMailServer(hang=True) as hung:
        first = _worker(hung.port)
        try:
            # The worker takes the message and waits on the mail server: kill it there.
            _wait_for(hung.connected.is_set, what="the worker to reach the mail server", process=first)
            assert _status(email) == EmailStatus.SENDING
            assert Heartbeat.objects.filter(kind=ProcessKind.WORKER).count() == 1
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING  # what django-tasks-db alone would show for ever
    # The scheduler's sweep, once the dead worker has missed its heartbeats.
    later = timezone.now() + dt.timedelta(seconds=settings.MACA_WORKER_LOST_AFTER + 1)
    assert workers.sweep_lost_tasks(now=later) == {"requeued": 1, "failed": 0}
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert _status(email) == EmailStatus.QUEUED  # waiting to go again: never "sent"

    with FakeMailServer() as working:
        second = _worker(working.port, "--batch")
        output = second.communicate(timeout=120)[0].decode()
        assert second.returncode == 0, output

    assert _status(email) == EmailStatus.SENT
    assert [m["Subject"].strip() for m in working.messages] == ["maca: Hello"]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    # The second worker stopped cleanly and said so; the killed one's heartbeat is left to go stale.
    assert task.worker_ids[-1] not in set(Heartbeat.objects.values_list("process_id", flat=True))


def _run_worker() -> None:
    """The real worker loop, in this process, until the queue is empty."""
    HeartbeatWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=workers.new_process_id(ProcessKind.WORKER),
        excluded_queue_names=[],
    ).run()


def _page(client, url) -> str:
    return html.unescape(client.get(url).content.decode())


SENT = re.compile(r"Sent \d\d/\d\d/\d{4}")


def test_with_the_mail_server_down_a_reminder_is_retried_with_backoff_shown_as_not_sent_then_sent(
    world, client_for, settings
):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _mail_settings(settings, closed_port())
    qa = client_for(world["qa"])
    tracking = reverse("returns:tracking", args=[audit.pk])
    qa.post(reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk})
    email = OutgoingEmail.objects.get(kind="reminder")

    _run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.RETRYING and email.attempts == 1
    assert email.last_error == "ConnectionRefusedError"
    page = _page(qa, tracking)
    assert f"Not sent yet: trying again at {time_of_day(timezone.localtime(email.next_attempt_at))}" in page
    assert not SENT.search(page)

    waits = []
    while email.status == EmailStatus.RETRYING:
        waits.append(round((email.next_attempt_at - email.last_attempt_at).total_seconds()))
        # The scheduler's sweep, when the next try is due.
        assert delivery.requeue_due(now=email.next_attempt_at) == 1
        _run_worker()
        email.refresh_from_db()
    assert waits == settings.MACA_EMAIL_RETRY_DELAYS  # 1 min, 5 min, 30 min, 2 h, 6 h
    assert email.status == EmailStatus.FAILED and email.attempts == delivery.max_attempts()

    page = _page(qa, tracking)
    assert "Not sent" in page and not SENT.search(page)
    home = _page(qa, reverse("home:index"))
    assert "E-mails that could not be sent" in home and email.subject in home
    assert "E-mails that could not be sent" not in _page(client_for(world["lead"]), reverse("home:index"))

    with FakeMailServer() as working:
        settings.EMAIL_PORT = working.port
        response = qa.post(reverse("notifications:retry", args=[email.pk]))
        assert response.status_code == 302
        _run_worker()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.body == ""
    assert [m["Subject"].strip() for m in working.messages] == [email.subject]
    assert f"Sent {date_time(email.sent_at)}" in _page(qa, tracking)
    assert "E-mails that could not be sent" not in _page(qa, reverse("home:index"))
    assert AuditEvent.objects.filter(action="email.retried", actor=world["qa"].user).exists()


def test_the_scheduler_process_queues_the_days_jobs_beats_and_stops_cleanly(database_tasks):
    from maca.operations import schedule
    from maca.operations.models import ScheduledRun

    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "0.5"],
        cwd=settings.BASE_DIR,
        env=_environment(closed_port()),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        names = {job.name for job in schedule.jobs()}
        _wait_for(
            lambda: set(ScheduledRun.objects.values_list("job", flat=True)) == names,
            what="the day's runs",
            process=scheduler,
        )
        assert Heartbeat.objects.filter(kind=ProcessKind.SCHEDULER).count() == 1
        time.sleep(1.5)  # several more ticks: nothing is queued twice
        assert ScheduledRun.objects.count() == len(names)
        assert DBTaskResult.objects.filter(task_path="maca.operations.tasks.run_scheduled_job").count() == len(names)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        output = scheduler.communicate(timeout=30)[0].decode()
    assert scheduler.returncode == 0, output
    assert not Heartbeat.objects.filter(kind=ProcessKind.SCHEDULER).exists()
