from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "maca.cases"
    verbose_name = "Case pool"

    def ready(self) -> None:
        from maca.cases.services import case_import_worker_lost
        from maca.cases.tasks import run_case_import
        from maca.operations import workers

        workers.register_lost_handler(run_case_import, case_import_worker_lost)
