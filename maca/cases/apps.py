from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "maca.cases"
    verbose_name = "Case pool"

    def ready(self) -> None:
        from maca.cases.models import Case, CaseImport, Child
        from maca.core import sealed

        # What key rotation must re-encrypt: identifiers, and uploads not yet imported.
        sealed.register(Case, "identifiers")
        sealed.register(Child, "identifiers")
        sealed.register(CaseImport, "content")

        from maca.cases.services import case_import_worker_lost
        from maca.cases.tasks import run_case_import
        from maca.operations import workers

        workers.register_lost_handler(run_case_import, case_import_worker_lost)
