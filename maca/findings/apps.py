from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "maca.findings"
    verbose_name = "Findings and themes"
