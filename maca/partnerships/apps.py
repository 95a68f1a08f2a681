from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "maca.partnerships"
    verbose_name = "Partnerships and agencies"
