"""Write an audit as JSON (docs/audit-json.md), the format ``import_audit``
reads. Recorded in the partnership's audit log."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maca.findings.audit_transfer import audit_export
from maca.findings.management.commands.import_audit import partnership_named
from maca.programme.models import Audit


class Command(BaseCommand):
    help = "Write an audit of a partnership as JSON (docs/audit-json.md), to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("audit", type=int, help="The audit's number, as in its address (/programme/audits/12/)")
        parser.add_argument("--partnership", help="The partnership's slug; may be left out when there is only one")
        parser.add_argument("--output", "-o", help="The file to write; standard output when left out")

    def handle(self, *args, **options):
        partnership = partnership_named(options["partnership"])
        audit = Audit.objects.filter(partnership=partnership, pk=options["audit"]).select_related("programme").first()
        if audit is None:
            raise CommandError(f"{partnership.short_name} has no audit {options['audit']}.")
        text = json.dumps(audit_export(actor=None, audit=audit), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Could not write {path}: {error.strerror}.") from None
            self.stderr.write(f"Wrote ‘{audit.title}’ to {path}.")
        else:
            self.stdout.write(text, ending="")
