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

        from maca.cases.services import scheduled_upload_expiry
        from maca.operations import schedule

        schedule.register_job(
            name="cases.expire_uploads",
            title="Delete case lists never imported",
            description="Deletes the file of every case list uploaded more than "
            "MACA_CASE_UPLOAD_RETENTION_DAYS ago and never imported; the record stays, marked expired.",
            at="03:20",
            run=scheduled_upload_expiry,
        )
