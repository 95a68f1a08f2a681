"""Add maca's standard audit tools to a partnership, published and ready to use.

    manage.py install_default_tools testshire
    manage.py install_default_tools --all

A partnership that already has a tool of the same name keeps its own.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from maca.partnerships.models import Partnership
from maca.tools.shipped import install_default_tools


class Command(BaseCommand):
    help = "Add the standard audit tools (published) to one partnership, or to every active one."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The partnership's slug, for example 'testshire'.")
        parser.add_argument("--all", action="store_true", help="Every active partnership.")

    def handle(self, *args, **options):
        if options["all"]:
            partnerships = list(Partnership.objects.filter(is_active=True))
        elif options["slug"]:
            partnership = Partnership.objects.filter(slug=options["slug"]).first()
            if partnership is None:
                raise CommandError(f"No partnership has the slug ‘{options['slug']}’.")
            partnerships = [partnership]
        else:
            raise CommandError("Name a partnership by its slug, or give --all.")
        for partnership in partnerships:
            installed = install_default_tools(actor=None, partnership=partnership)
            names = ", ".join(tool.name for tool in installed) or "nothing new"
            self.stdout.write(f"{partnership.name}: {names}")
