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
