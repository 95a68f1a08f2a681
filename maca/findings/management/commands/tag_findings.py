"""Suggest themes and polarity for statements in bulk, with the default
taxonomy and no partnership data (for evaluation and bulk work).

Input: JSON Lines, one ``{"id": ..., "text": ...}`` object a line, from FILE or
standard input, in UTF-8 (with or without a byte-order mark); a text may be as
long as a finding written in maca (``FINDING_TEXT_MAX_LENGTH``). Output: one
``{"id": ..., "themes": [...], "polarity": ...}`` line per input line, in the
same order. Input is checked in full first, so a malformed line (a blank
text is one, and so is a text with no letter or digit: there is nothing to
tag) stops the command before anything is
written (``--help`` says so too).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maca.core.presenters import counted
from maca.findings.audit_json import half_character, unpaired_surrogate, why_not_json
from maca.findings.models import FINDING_TEXT_MAX_LENGTH, in_words
from maca.findings.tagging import default_tagger

MAX_PROBLEMS_SHOWN = 20
BATCH = 256


class Command(BaseCommand):
    help = (
        'Suggest themes and polarity for JSON Lines {"id": ..., "text": ...} from FILE or standard input '
        "(UTF-8), one line out per line in. Every line is checked before any is tagged: if one line is "
        "malformed, or its text is blank, has no letter or digit, or is longer than "
        f"{FINDING_TEXT_MAX_LENGTH:,} characters, each such line is named and nothing is tagged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A JSON Lines file; standard input when left out")

    def handle(self, *args, **options):
        name = options["file"]
        if name:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
            source = str(path)
            lines = text_of(path.read_bytes(), source)
        else:
            source = "standard input"
            lines = standard_input_lines()

        records, problems = read_records(lines)
        if problems:
            for problem in problems[:MAX_PROBLEMS_SHOWN]:
                self.stderr.write(f"{source}: {problem}")
            if len(problems) > MAX_PROBLEMS_SHOWN:
                self.stderr.write(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more.")
            raise CommandError(f"{counted(len(problems), 'malformed line')} in {source}; nothing was tagged.")

        tagger = default_tagger()
        # In batches: statements alike in meaning are found faster many at a time.
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            suggestions = tagger.suggest_many([text for _, text in batch])
            for (record_id, _), suggestion in zip(batch, suggestions, strict=True):
                line = {"id": record_id, "themes": suggestion.theme_ids, "polarity": suggestion.polarity}
                self.stdout.write(json.dumps(line, ensure_ascii=False))


BYTE_ORDER_MARK = "\ufeff"


def text_of(content: bytes, source: str) -> list[str]:
    """The lines of UTF-8 text, with or without a byte-order mark (as some
    editors and Excel save it), or a clear error. (``check_identifiers`` reads
    its JSON Lines with these functions too.)"""
    try:
        return lines_of(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CommandError(f"{source} is not UTF-8 text ({error.reason} at byte {error.start}).") from None


def standard_input_lines() -> list[str]:
    """The lines of standard input, read as a file's are."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:  # its bytes, decoded as a file's are
        return text_of(buffer.read(), "standard input")
    # a stream of text only (as a test gives)
    return lines_of(sys.stdin.read().removeprefix(BYTE_ORDER_MARK))


def lines_of(text: str) -> list[str]:
    """The lines of JSON Lines text: split at line feeds only (a line may end
    "\\r\\n"), as a text in quotes may hold U+2028, U+2029 or U+0085 as they are."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_records(lines: list[str]) -> tuple[list[tuple[object, str]], list[str]]:
    """(id, text) for each non-blank line, and a message naming each bad line."""
    records, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            # json's own words; some end "at" ("Unterminated string starting at"), which the column follows.
            problems.append(f"line {number}: not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno}).")
            continue
        except (ValueError, RecursionError) as error:
            problems.append(f"line {number}: not valid JSON ({why_not_json(error)}).")
            continue
        if not isinstance(value, dict):
            problems.append(f'line {number}: expected an object like {{"id": ..., "text": ...}}.')
            continue
        missing = [key for key in ("id", "text") if key not in value]
        if missing:
            problems.append(f"line {number}: missing {' and '.join(repr(k) for k in missing)}.")
            continue
        if not isinstance(value["text"], str):
            problems.append(f"line {number}: 'text' must be a string.")
            continue
        if not isinstance(value["id"], str | int) or isinstance(value["id"], bool):
            problems.append(f"line {number}: 'id' must be a string or a whole number.")
            continue
        # Refused here, not when written out: a half character cannot be written as UTF-8.
        key = next((key for key in ("id", "text") if unpaired_surrogate(str(value[key]))), None)
        if key:
            problems.append(f"line {number}: '{key}' {half_character(unpaired_surrogate(str(value[key])))}.")
            continue
        if not value["text"].strip():
            # Nothing to tag: the tagger would call it a concern all the same.
            problems.append(f"line {number}: 'text' is blank, so there is nothing to tag.")
            continue
        if not in_words(value["text"]):
            problems.append(f"line {number}: 'text' has no letter or digit, so there is nothing to tag.")
            continue
        if len(value["text"]) > FINDING_TEXT_MAX_LENGTH:
            problems.append(
                f"line {number}: 'text' must be {FINDING_TEXT_MAX_LENGTH:,} characters or fewer "
                f"(it is {len(value['text']):,})."
            )
            continue
        records.append((value["id"], value["text"]))
    return records, problems
