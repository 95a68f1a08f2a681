"""Check texts for anything that could identify a child or a family, in bulk.

    manage.py check_identifiers [FILE] [--detail]

Reads JSON Lines, one text a line: ``{"id": ..., "text": "...", "names": [...]}``
(``names``, the names held for the case, is optional; so are ``pseudonyms`` and
``rare_schools``). Reads standard input when no file is given. Writes one line
per text: ``{"id": ..., "hits": [{"kind": ..., "start": ..., "end": ...}]}``,
offsets in characters of ``text``. Every line is checked for its shape before
any is processed, so bad input produces no partial output.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maca.findings.audit_json import half_character, unpaired_surrogate, why_not_json
from maca.findings.management.commands.tag_findings import standard_input_lines, text_of
from maca.publications.safety import find_identifiers

MAX_PROBLEMS_SHOWN = 10
_OPTIONAL_LISTS = ("names", "pseudonyms", "rare_schools")


class Command(BaseCommand):
    help = "Find identifiers (names, dates of birth, addresses, numbers...) in texts given as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A JSON Lines file; standard input when left out.")
        parser.add_argument("--detail", action="store_true", help="Add each hit's text and reason.")
        parser.add_argument(
            "--no-named-schools",
            action="store_true",
            help="Flag only the schools listed in rare_schools, not every school named in full.",
        )

    def handle(self, *args, **options):
        lines = self._read(options["file"])
        records, problems = [], []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            record, problem = _parse(line)
            if problem:
                problems.append(f"Line {number}: {problem}")
            else:
                records.append(record)
        if problems:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = len(problems) - len(shown)
            if more:
                shown.append(f"... and {more:,} more line{'' if more == 1 else 's'} with problems.")
            raise CommandError("Nothing was checked.\n" + "\n".join(shown))
        for record in records:
            hits = find_identifiers(
                record["text"],
                names=record["names"],
                pseudonyms=record["pseudonyms"],
                rare_schools=record["rare_schools"],
                named_schools=not options["no_named_schools"],
            )
            out = {"id": record["id"], "hits": [hit.as_json(detail=options["detail"]) for hit in hits]}
            self.stdout.write(json.dumps(out, ensure_ascii=False))

    def _read(self, file: str | None) -> list[str]:
        # Read as tag_findings reads: UTF-8 with or without a byte-order mark,
        # split at line feeds only (a text may hold U+2028 as it is).
        if file is None:
            return standard_input_lines()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        return text_of(path.read_bytes(), str(path))


def _parse(line: str) -> tuple[dict | None, str | None]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        # json's own words; some end "at" ("Unterminated string starting at"), which the place follows.
        return None, f"not valid JSON ({error.msg.removesuffix(' at')} at character {error.colno})."
    except (ValueError, RecursionError) as error:
        return None, f"not valid JSON ({why_not_json(error)})."
    if not isinstance(data, dict):
        return None, 'expected an object such as {"id": 1, "text": "..."}.'
    if "id" not in data:
        return None, 'has no "id".'
    if not isinstance(data.get("text"), str):
        return None, '"text" is missing or is not a string.'
    record = {"id": data["id"], "text": data["text"]}
    for key in _OPTIONAL_LISTS:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return None, f'"{key}" must be a list of strings.'
        record[key] = value
    # A half character could not be written out as UTF-8: refused before anything is.
    held = [("id", json.dumps(record["id"], ensure_ascii=False)), ("text", record["text"])]
    held += [(key, item) for key in _OPTIONAL_LISTS for item in record[key]]
    for key, value in held:
        if half := unpaired_surrogate(value):
            return None, f'"{key}" {half_character(half)}.'
    return record, None
