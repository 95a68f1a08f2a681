from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "maca.tools"
    verbose_name = "Audit tools"
