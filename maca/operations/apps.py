from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "maca.operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from maca.operations import errors, pruning, schedule, scheduler, workers
        from maca.operations.tasks import run_scheduled_job

        schedule.register_job(
            name="operations.prune",
            title="Prune finished background tasks",
            description="Deletes finished task records after the period set by MACA_TASK_RESULT_DAYS.",
            at="03:30",
            run=pruning.prune,
        )
        schedule.register_sweep("operations.lost_tasks", workers.sweep_lost_tasks)
        workers.register_lost_handler(run_scheduled_job, scheduler.on_worker_lost)
        errors.connect()
