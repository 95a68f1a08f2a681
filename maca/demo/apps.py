from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "maca.demo"
    verbose_name = "Demo partnership"
