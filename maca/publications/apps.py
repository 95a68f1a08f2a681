from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "maca.publications"
    verbose_name = "Publications"
