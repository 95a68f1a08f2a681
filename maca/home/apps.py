from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The front of the service: each role's home page and the service
    navigation. It sits at the top of the dependency order, so it may read every
    app while no app imports it."""

    name = "maca.home"
    verbose_name = "Home pages"
