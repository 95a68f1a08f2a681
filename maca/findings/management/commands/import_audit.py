"""Import a past audit from a JSON file (docs/audit-json.md), all or nothing.

Every problem is printed with the JSON path of the value at fault; nothing is
written unless the whole file is right. The import is recorded in the
partnership's audit log as done from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maca.findings.audit_transfer import AuditImportError, audit_import
from maca.partnerships.models import Partnership

PRINTED_PROBLEMS = 200


class Command(BaseCommand):
    help = "Import a past audit (the JSON format of docs/audit-json.md) into a partnership, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The audit as JSON")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug, such as 'wyvernshire'; may be left out when there is only one",
        )

    def handle(self, *args, **options):
        partnership = partnership_named(options["partnership"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            audit = audit_import(actor=None, partnership=partnership, raw=path.read_bytes())
        except AuditImportError as error:
            for problem in error.problems[:PRINTED_PROBLEMS]:
                self.stderr.write(str(problem))
            if len(error.problems) > PRINTED_PROBLEMS:
                self.stderr.write(f"... and {len(error.problems) - PRINTED_PROBLEMS} more.")
            count = len(error.problems)
            raise CommandError(f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in {path}.") from None
        findings = audit.findings.count()
        cases = audit.target_cases
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported ‘{audit.title}’ ({audit.programme.label}) into {partnership.short_name}: "
                f"{cases} case{'s' if cases != 1 else ''}, {findings} finding{'s' if findings != 1 else ''}, "
                f"{audit.recommendations.count()} recommendation{'s' if audit.recommendations.count() != 1 else ''}."
            )
        )


def partnership_named(slug: str | None) -> Partnership:
    if slug:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"There is no partnership with the slug '{slug}'.")
        return partnership
    partnerships = list(Partnership.objects.order_by("slug")[:2])
    if len(partnerships) == 1:
        return partnerships[0]
    if not partnerships:
        raise CommandError("There is no partnership yet: create one first (make run sets up the demo partnership).")
    slugs = ", ".join(f"'{slug}'" for slug in Partnership.objects.order_by("slug").values_list("slug", flat=True))
    raise CommandError(f"Say which partnership with --partnership: {slugs}.")
