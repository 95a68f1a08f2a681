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

        # A finding that names someone is warned of where it is written (findings cannot import publications).
        from maca.findings.extensions import register_identifier_finder
        from maca.publications.checking import identifiers_in_finding

        register_identifier_finder(identifiers_in_finding)

        from maca.core import retention
        from maca.publications import retention as publication_retention

        retention.register(
            retention.Kind(
                key="names_held_for_publications",
                label="Names held for the publication safety check",
                happens=(
                    "names deleted, and taken out of unpublished drafts; words kept through the safety check"
                    " forgotten; pseudonyms and published outputs stay"
                ),
                counted_from="the end of the audit (closed or cancelled)",
                unit="months",
                default=12,
                minimum=1,
                maximum=120,
                apply=publication_retention.forget_names_after_audit,
                order=15,
            )
        )
