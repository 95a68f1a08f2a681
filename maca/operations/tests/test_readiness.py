"""The readiness endpoint: database and task queue, workers and scheduler reported."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.operations.models import Heartbeat, ProcessKind
from maca.operations.tests.test_workers import DATABASE_TASKS


def _beat(kind):
    now = timezone.now()
    Heartbeat.objects.create(process_id=f"{kind}-1", kind=kind, hostname="h", pid=1, started_at=now, seen_at=now)


def test_ready_with_workers_and_a_scheduler(db, settings):
    settings.TASKS = DATABASE_TASKS
    _beat(ProcessKind.WORKER)
    _beat(ProcessKind.SCHEDULER)
    response = Client().get(reverse("operations:ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["task_queue"] == "ok"
    assert body["checks"]["workers"] == 1 and body["checks"]["scheduler"] == "ok"
    assert body["checks"]["tasks_waiting"] == 0
    assert response["Cache-Control"].startswith("max-age=0")


def test_without_workers_the_service_still_serves_but_says_it_is_degraded(db):
    response = Client().get(reverse("operations:ready"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["workers"] == 0


def test_not_ready_when_the_task_queue_cannot_be_read(db, monkeypatch):
    from maca.operations import selectors

    def broken(**kwargs):
        raise RuntimeError("relation does not exist")

    monkeypatch.setattr(selectors, "task_queue", broken)
    response = Client().get(reverse("operations:ready"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "task_queue": "error", "workers": 0, "scheduler": "not running"},
    }


def test_not_ready_when_the_database_does_not_answer(db, monkeypatch):
    from django.db import connection

    def refuse():
        raise RuntimeError("could not connect to server")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = Client().get(reverse("operations:ready"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
