from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "maca.notifications"
    verbose_name = "E-mail"
