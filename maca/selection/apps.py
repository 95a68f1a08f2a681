from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "maca.selection"
    verbose_name = "Case selection"
