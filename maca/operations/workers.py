"""Knowing which workers are alive, and what to do with the work of one that died.

django-tasks-db claims a task by setting it *running* in a short transaction,
then runs it. A worker killed at that point (out of memory, a host restart,
SIGKILL) leaves the task *running* for ever, and whatever waits on it (an
import saying "Checking and importing") waits for ever too.

So every worker beats: it writes its :class:`Heartbeat` before it takes any
task and every ``HEARTBEAT_SECONDS`` after, from a thread of its own, so a
long task does not stop it. The scheduler's sweep (:func:`sweep_lost_tasks`)
finds tasks still *running* whose worker has not beaten for
``MACA_WORKER_LOST_AFTER`` seconds and puts them back in the queue, or, after
``MACA_TASK_MAX_ATTEMPTS`` workers have died on the same task, marks it failed
with :class:`WorkerLost`. Apps register what that means for their own records
(``register_lost_handler``): an e-mail goes back in the queue, an import is
marked as stopped. Every task must therefore be safe to run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from maca.operations.models import Heartbeat, ProcessKind

logger = logging.getLogger("maca.operations")

HEARTBEAT_SECONDS = 10


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"

LostHandler = Callable[..., None]
_LOST_HANDLERS: dict[str, LostHandler] = {}


def register_lost_handler(task, handler: LostHandler) -> None:
    """``handler(kwargs, gave_up=bool)`` runs, in the sweep's transaction, when
    a worker dies running ``task``: ``gave_up`` is False when the task goes back
    in the queue, True when it has been marked failed."""
    _LOST_HANDLERS[task.module_path] = handler


def new_process_id(kind: str) -> str:
    from django.utils.crypto import get_random_string

    host = socket.gethostname()[:32]
    return f"{kind[:1]}-{host}-{os.getpid()}-{get_random_string(8)}"[:64]


def beat(process_id: str, kind: str, started_at: dt.datetime) -> None:
    Heartbeat.objects.update_or_create(
        process_id=process_id,
        defaults={
            "kind": kind,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def forget(process_id: str) -> None:
    """A process stopping cleanly says so."""
    try:
        Heartbeat.objects.filter(process_id=process_id).delete()
    except Exception:  # noqa: BLE001 - stopping must not fail because the database went first
        logger.warning("Could not remove the heartbeat of %s", process_id)


class HeartbeatThread(threading.Thread):
    """Beats every ``interval`` seconds until stopped, on its own connection."""

    def __init__(self, process_id: str, kind: str = ProcessKind.WORKER, interval: float = HEARTBEAT_SECONDS):
        super().__init__(name=f"heartbeat-{process_id}", daemon=True)
        self.process_id = process_id
        self.kind = kind
        self.interval = interval
        self.started_at = timezone.now()
        self._stop_event = threading.Event()

    def beat_now(self) -> None:
        beat(self.process_id, self.kind, self.started_at)

    def run(self) -> None:
        try:
            while not self._stop_event.wait(self.interval):
                try:
                    close_old_connections()
                    self.beat_now()
                except Exception:
                    logger.warning("Heartbeat of %s not written", self.process_id, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=self.interval + 5)


def alive(kind: str, *, now: dt.datetime | None = None) -> list[Heartbeat]:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.MACA_WORKER_LOST_AFTER)
    return list(Heartbeat.objects.filter(kind=kind, seen_at__gte=cutoff))


def sweep_lost_tasks(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Requeue, or mark failed, every task whose worker has stopped beating."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lost_after = dt.timedelta(seconds=settings.MACA_WORKER_LOST_AFTER)
    living = {h.process_id for h in alive(ProcessKind.WORKER, now=now)}
    requeued = failed = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=now - lost_after):
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker in living:
            continue
        attempts = len(row.worker_ids)
        gave_up = attempts >= settings.MACA_TASK_MAX_ATTEMPTS
        with transaction.atomic():
            # A conditional update: two schedulers sweeping at once act once.
            claimed = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
            if gave_up:
                changed = claimed.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    return_value=None,
                    exception_class_path=WORKER_LOST,
                    traceback=(
                        f"{WORKER_LOST}: the worker running this task stopped before it finished, "
                        f"{attempts} time(s) (workers: {', '.join(row.worker_ids)}). It will not be tried again.\n"
                    ),
                )
            else:
                changed = claimed.update(status=TaskResultStatus.READY, started_at=None)
            if not changed:
                continue
            handler = _LOST_HANDLERS.get(row.task_path)
            if handler is not None:
                try:
                    with transaction.atomic():
                        handler(row.args_kwargs.get("kwargs", {}), gave_up=gave_up)
                except Exception:
                    # The task's own state is still put right; its record is logged for an operator.
                    logger.exception("The handler for a lost %s task failed", row.task_path)
        if gave_up:
            failed += 1
            logger.error("Task %s (%s) failed: its worker stopped %s time(s)", row.pk, row.task_path, attempts)
        else:
            requeued += 1
            logger.warning(
                "Task %s (%s) queued again: worker %s stopped (attempt %s of %s)",
                row.pk,
                row.task_path,
                worker or "unknown",
                attempts,
                settings.MACA_TASK_MAX_ATTEMPTS,
            )
    return {"requeued": requeued, "failed": failed}
