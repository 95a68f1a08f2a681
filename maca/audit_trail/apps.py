from django.apps import AppConfig


class AuditTrailConfig(AppConfig):
    name = "maca.audit_trail"
    verbose_name = "Audit trail"
