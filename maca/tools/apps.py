from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ToolsConfig(AppConfig):
    name = "maca.tools"
    verbose_name = "Audit tools"

    def ready(self):
        from maca.tools import shipped

        # After every migrate, and every flush (which sends the same signal, as
        # a test that commits does at its end), the scales maca ships are there.
        post_migrate.connect(shipped.scales_put_back, sender=self, dispatch_uid="maca_shipped_scales")
