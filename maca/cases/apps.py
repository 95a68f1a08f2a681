from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "maca.cases"
    verbose_name = "Case pool"

    def ready(self) -> None:
        from maca.cases import retention as case_retention
        from maca.cases.models import Case, CaseImport, Child
        from maca.core import retention, sealed

        # What key rotation must re-encrypt: identifiers, and uploads not yet imported.
        sealed.register(Case, "identifiers")
        sealed.register(Child, "identifiers")
        sealed.register(CaseImport, "content")

        from maca.cases.services import case_import_worker_lost
        from maca.cases.tasks import run_case_import
        from maca.operations import workers

        workers.register_lost_handler(run_case_import, case_import_worker_lost)

        retention.register(
            retention.Kind(
                key="uploaded_files",
                label="Uploaded case lists that were never imported",
                happens="the file is deleted and the upload shown as expired",
                counted_from="the upload",
                unit="days",
                default=7,
                minimum=1,
                maximum=365,
                apply=case_retention.forget_uploaded_files,
                order=40,
            )
        )
