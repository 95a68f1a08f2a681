"""``manage.py db_worker``: django-tasks-db's worker, with a heartbeat.

It replaces the library's command of the same name (this app is listed
before ``django_tasks_db``), so that no worker can run without beating: the
scheduler treats a task whose worker has not beaten for
``MACA_WORKER_LOST_AFTER`` seconds as lost (``maca.operations.workers``), and a
worker that did not beat would have its tasks run twice. Its options are the
library's.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker as library

from maca.operations import structured_logs, workers
from maca.operations.models import ProcessKind


class HeartbeatWorker(library.Worker):
    def run(self) -> None:
        heartbeat = workers.HeartbeatThread(self.worker_id, ProcessKind.WORKER)
        heartbeat.beat_now()  # before any task is claimed
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            workers.forget(self.worker_id)

    def run_task(self, db_task_result) -> None:
        with structured_logs.bound(task_id=str(db_task_result.id), task=db_task_result.task_path):
            super().run_task(db_task_result)


class Command(library.Command):
    help = "Run a background task worker (with a heartbeat; see maca.operations.workers)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # Readable in the heartbeat table and the logs: which host and process.
        parser.set_defaults(worker_id=workers.new_process_id(ProcessKind.WORKER))

    def handle(self, *args, **options) -> None:
        original = library.Worker
        library.Worker = HeartbeatWorker
        try:
            super().handle(*args, **options)
        finally:
            library.Worker = original
