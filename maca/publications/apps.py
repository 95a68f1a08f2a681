from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "maca.publications"
    verbose_name = "Publications"

    def ready(self) -> None:
        from maca.core import sealed
        from maca.publications.models import Pseudonym, SafetyOverride

        # Names held for the people of an audit, and the words a person chose to keep.
        sealed.register(Pseudonym, "names")
        sealed.register(SafetyOverride, "found")
