from django.apps import AppConfig


class AuditTrailConfig(AppConfig):
    name = "maca.audit_trail"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from maca.audit_trail import retention as log_retention
        from maca.core import retention

        retention.register(
            retention.Kind(
                key="audit_log_views",
                label="Views of case-level data in the audit log",
                happens="deleted (changes to records are kept for good)",
                counted_from="the view",
                unit="months",
                default=24,
                minimum=6,
                maximum=120,
                apply=log_retention.delete_views,
                order=50,
            )
        )
