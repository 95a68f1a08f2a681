from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maca.core"
    verbose_name = "Core"

    def ready(self):
        from django.urls import register_converter

        from maca.core.exports import FormatConverter

        # Every app's export URLs end in ``export.<export_format:fmt>`` (csv or xlsx).
        register_converter(FormatConverter, "export_format")
