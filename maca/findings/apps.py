from django.apps import AppConfig
from django.db.models.signals import post_save


def _seed_themes(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from maca.findings.services import themes_ensure

        themes_ensure(partnership=instance)


class FindingsConfig(AppConfig):
    name = "maca.findings"
    verbose_name = "Findings and themes"

    def ready(self):
        from maca.partnerships.models import Partnership

        post_save.connect(_seed_themes, sender=Partnership, dispatch_uid="findings_seed_themes")
