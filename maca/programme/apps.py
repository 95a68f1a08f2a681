from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "maca.programme"
    verbose_name = "Audit programme"
