"""Import a case list from the command line, for a first load or a scheduled
export. Runs at once (no background task) through the same services as the
web pages, and is recorded in the audit log as done from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from maca.cases import selectors, services
from maca.cases.columns import Problem, check_columns, guess_columns
from maca.cases.models import ImportStatus
from maca.partnerships.models import Partnership

PRINTED_PROBLEMS = 200


class Command(BaseCommand):
    help = "Import a case list (CSV or Excel) into a partnership's case pool, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The case list: a .csv or .xlsx file")
        parser.add_argument("--partnership", required=True, help="The partnership's slug, such as 'wyvernshire'")
        parser.add_argument(
            "--mapping", help="The name of a saved column mapping. Without it, columns are matched by their headings."
        )

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership with the slug ‘{options['partnership']}’.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        mapping = None
        if options["mapping"]:
            mapping = selectors.mapping_named(partnership, options["mapping"])
            if mapping is None:
                names = ", ".join(f"‘{m.name}’" for m in selectors.mappings_for(partnership)) or "none"
                raise CommandError(f"There is no saved mapping called ‘{options['mapping']}’. Saved mappings: {names}.")

        try:
            with path.open("rb") as stream:
                case_import = services.case_import_upload(
                    actor=None, partnership=partnership, uploaded_file=File(stream, name=path.name)
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        columns = mapping.columns if mapping else guess_columns(case_import.headers)
        problems = check_columns(columns, case_import.headers)
        if problems:
            services.case_import_discard(actor=None, case_import=case_import)
            self._print_problems(problems, len(problems))
            advice = "" if mapping else " Save a mapping in maca and name it with --mapping."
            raise CommandError(f"The columns of {path.name} could not be matched, so nothing was imported.{advice}")

        for note in case_import.notes:  # which sheet was read, hidden rows left out
            self.stdout.write(note)
        services.case_import_start(actor=None, case_import=case_import, columns=columns, enqueue=False)
        case_import = services.case_import_run(case_import_id=case_import.pk)
        if case_import.status != ImportStatus.IMPORTED:
            count = case_import.summary.get("problems", len(case_import.errors))
            self._print_problems([Problem(**error) for error in case_import.errors], count)
            raise CommandError(f"Nothing was imported: {path.name} has {count} problem{'s' if count != 1 else ''}.")

        summary = case_import.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary['rows']} rows into {partnership.short_name}'s case pool: "
                f"{summary['cases_created']} new cases, {summary['cases_updated']} updated; "
                f"{summary['children_created']} new children, {summary['children_updated']} updated."
            )
        )
        if summary.get("cases_left_without_children"):
            self.stdout.write(
                f"{summary['cases_left_without_children']} cases are left with no children (all moved to other "
                "cases): they are kept, and never drawn."
            )

    def _print_problems(self, problems: list[Problem], count: int) -> None:
        for problem in problems[:PRINTED_PROBLEMS]:
            self.stderr.write(str(problem))
        if count > PRINTED_PROBLEMS:
            self.stderr.write(f"... and {count - PRINTED_PROBLEMS} more")
