from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "maca.core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from maca.core.exports import FormatConverter

        # Every app's export URLs end in ``export.<export_format:fmt>`` (csv or xlsx).
        register_converter(FormatConverter, "export_format")

        from maca.core import row_security

        # Every migrate leaves each table that carries a partnership under row-level security.
        post_migrate.connect(row_security.on_post_migrate, dispatch_uid="maca_row_security")
