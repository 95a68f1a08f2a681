from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "maca.actions"
    verbose_name = "Action plan"
