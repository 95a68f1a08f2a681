"""Remove or de-identify, in every partnership, the case-level data that has
passed the partnership's retention period (docs/operations.md).

Idempotent: run it daily (the scheduler does, as the ``retention`` job); a
missed day is caught up by the next run. ``--dry-run`` says what a run would
change, and changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from maca.core import retention
from maca.core.presenters import counted
from maca.partnerships.models import Partnership
from maca.partnerships.retention import retention_apply


class Command(BaseCommand):
    help = "Remove or de-identify what has passed each partnership's retention periods."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", help="Only this partnership (its slug).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, **options):
        partnerships = None
        if options["partnership"]:
            partnerships = list(Partnership.objects.filter(slug=options["partnership"]))
            if not partnerships:
                raise CommandError(f"No partnership has the slug {options['partnership']!r}.")
        result = retention_apply(partnerships=partnerships, dry_run=options["dry_run"])
        verb = "would change" if options["dry_run"] else "changed"
        for kind in retention.kinds():
            self.stdout.write(f"{kind.label}: {verb} {result.total(kind.key)} ({kind.happens}).")
        self.stdout.write(f"{counted(len(result.changed), 'partnership')} checked.")
