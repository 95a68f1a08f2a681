"""Checking a case list, row by row, before anything is written.

:func:`check_table` reads every row once, normalises each mapped cell
(``maca.cases.vocabulary``) and collects *every* problem with its row and
column, so the officer can fix the file in one go. It groups rows into
families (one case per family reference) but stops keeping rows as soon as one
problem is found: a file that will be refused needs no memory for it.

Speed: a column such as Sex or Level of service holds a handful of distinct
values, and even dates repeat (100,000 children have a few thousand birth
days). Each column's normaliser runs once per distinct value: results are kept
in a small cache per column (identifier columns, unique per child, are never
cached; a value that cannot be read is read, and reported, again on each row).
Cached results are shared, so they are immutable (tuples, dates).

What a problem message may quote
--------------------------------
Problems are stored with the import and shown to the officers who import, so
they must never carry an identifier. A message names its row and column; it
quotes the cell's value only when all of these hold:

- the field is a vocabulary (sex, ethnicity, disability, level of service,
  flags, agencies), never a date, reference, number or name;
- the column's heading does not look like an identifier's (``NHS No``,
  ``Child name``, ``DOB``...: ``maca.cases.columns.identifying_heading``);
- the column has at most ``QUOTED_VALUES_PER_COLUMN`` distinct values that were
  not understood: a vocabulary column has a few misspellings, a column of NHS
  numbers or names mapped by mistake has one per child;
- the value has no digit and no ``@``, and is cut to 40 characters.

Otherwise the message says what is wrong without the value ("This is not an
ethnicity we recognise").
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from maca.cases import vocabulary
from maca.cases.columns import VOCABULARY_FIELDS, FileRejected, Problem, check_columns, identifying_heading
from maca.cases.dimensions import ChildFacts
from maca.cases.models import EthnicityGroup, Sex
from maca.cases.reading import Table
from maca.partnerships.names import AgencyNames

# Problems kept in memory while checking; beyond this they are only counted.
KEEP_PROBLEMS = 20_000
# Rows named in one "this child reference is also on rows ..." message.
ROWS_NAMED = 5
NAME_MAX_LENGTH = 200
QUOTED_VALUES_PER_COLUMN = 20
CACHE_LIMIT = 20_000
_BAD = object()  # the cell had a problem, already reported
_MISSING = object()
_NOT_QUOTABLE = re.compile(r"[0-9@]")
_NO_FLAGS: tuple[str, ...] = ()
_NO_DATES: tuple[dt.date, ...] = ()


# What a child's identifiers are, in the order ChildRow keeps them (a tuple: a
# dict per child would cost 100,000 dicts). Dates are kept as dates.
IDENTIFIER_NAMES = ("date_of_birth", "expected_delivery", "case_system_number", "nhs_number", "name")
NO_IDENTIFIERS = (None, None, "", "", "")


# The same in the order of their names, which is the order sealed JSON keeps (sorted keys).
_SORTED_IDENTIFIERS = sorted(enumerate(IDENTIFIER_NAMES), key=lambda pair: pair[1])
_JSON_KEYS = [(index, json.dumps(name) + ":") for index, name in _SORTED_IDENTIFIERS]
_json_text = json.encoder.encode_basestring_ascii


def identifiers_json(values: tuple) -> str:
    """``identifiers_of(values)`` as the JSON text ``maca.core.fields`` seals
    (compact, keys sorted, ASCII), written without a dict and an encoder per
    child: an import seals 100,000 of these. ``""`` when there are none."""
    parts = [
        key + _json_text(value.isoformat() if isinstance(value, dt.date) else value)
        for index, key in _JSON_KEYS
        if (value := values[index])
    ]
    return "{" + ",".join(parts) + "}" if parts else ""


def identifiers_of(values: tuple) -> dict[str, str]:
    """The identifiers to seal: ``{name: text}``, empty ones left out."""
    found = {}
    for name, value in zip(IDENTIFIER_NAMES, values, strict=True):
        if value:
            found[name] = value.isoformat() if isinstance(value, dt.date) else value
    return found


@dataclass(slots=True)
class ChildRow:
    """One child, checked and normalised. ``identifiers`` (see ``IDENTIFIER_NAMES``)
    are sealed on writing."""

    reference: str
    birth_month: dt.date | None
    unborn: bool
    sex: str
    ethnicity: str
    ethnicity_group: str
    disability: bool | None
    service_level: str
    locality: str
    flags: tuple[str, ...]
    referral_dates: tuple[dt.date, ...]
    open_date: dt.date | None
    closed_date: dt.date | None
    identifiers: tuple = NO_IDENTIFIERS

    def facts(self) -> ChildFacts:
        return ChildFacts(
            birth_month=self.birth_month,
            sex=self.sex,
            ethnicity_group=self.ethnicity_group,
            disability=self.disability,
            service_level=self.service_level,
            flags=self.flags,
        )


_NO_AGENCIES: frozenset[int] = frozenset()
# The fields a row's values are kept in, in this order (``RowChecker.check`` unpacks them).
_FIELD_ORDER = (
    "family_reference",
    "child_reference",
    "date_of_birth",
    "expected_delivery",
    "age",
    "sex",
    "ethnicity",
    "disability",
    "service_level",
    "locality",
    "referral_dates",
    "open_date",
    "closed_date",
    "flags",
    "agencies",
    "family_number",
    "child_case_number",
    "nhs_number",
    "child_name",
)
_SLOTS = {key: slot for slot, key in enumerate(_FIELD_ORDER)}


class Family:
    """The rows of one family reference: one case. (Slots and a shared empty
    set: there are 50,000 of these in a large list.)"""

    __slots__ = ("agency_ids", "children", "family_number", "locality", "reference")

    def __init__(self, reference: str):
        self.reference = reference
        self.children: list[ChildRow] = []
        self.locality = ""
        self.family_number = ""
        self.agency_ids: frozenset[int] = _NO_AGENCIES


@dataclass
class Checked:
    families: dict[str, Family]
    problems: list[Problem]
    problem_count: int
    row_count: int
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def child_references(self) -> set[str]:
        return {child.reference for family in self.families.values() for child in family.children}


# Parsers of the cells that need more than the cell (``RowChecker`` binds ``today`` and the agencies).


def _date_list(raw: Any, *, today: dt.date, one_date: Callable[[str], dt.date | None]) -> tuple[dt.date, ...]:
    return vocabulary.date_list(raw, today=today, one_date=one_date) or _NO_DATES


def _agency_ids(raw: Any, *, agencies: AgencyNames) -> frozenset[int]:
    found, unknown = set(), []
    for part in vocabulary.text(raw).split(";"):
        name = " ".join(part.split())
        if not name:
            continue
        pk = agencies.get(name)
        if pk is None:
            unknown.append(name)
        else:
            found.add(pk)
    if unknown:
        verb = "is not an agency" if len(unknown) == 1 else "are not agencies"
        advice = "Check the spelling against the agency list, or add the agency first. Separate names with ;"
        names = ", ".join(vocabulary.quote(name) for name in unknown)
        subject = "This name" if len(unknown) == 1 else f"{len(unknown)} names"
        raise vocabulary.Unrecognised(
            "; ".join(unknown),
            plain=f"{subject} {verb} of this partnership. {advice}",
            quoted=f"{names} {verb} of this partnership. {advice}",
        )
    return frozenset(found)


def _name(raw: Any) -> str:
    return vocabulary.identifier(raw, max_length=NAME_MAX_LENGTH)


def _locality(raw: Any) -> str:
    return vocabulary.optional_text(raw, max_length=120)


class RowChecker:
    """Checks rows one at a time and remembers what it needs for the whole file:
    families, child references seen (for duplicates), problems."""

    def __init__(self, *, columns: dict[str, str], headers: list[str], agencies: AgencyNames, today: dt.date):
        self.columns = columns
        self.agencies = agencies
        self.today = today
        self.position = {heading: index for index, heading in enumerate(headers)}
        self.families: dict[str, Family] = {}
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.row_count = 0
        self.first_seen: dict[str, tuple[int, str]] = {}
        self.repeats: dict[str, list[tuple[int, str]]] = {}
        self.unrecognised: dict[str, set[str]] = {}
        self.months: dict[dt.date, dt.date] = {}  # each date of birth's month (the first of it)
        # Functions of the cell alone, what they need bound in: not the checker's
        # bound methods, which would make a reference cycle (checker -> cells ->
        # method -> checker) that kept every checked row alive until the cycle
        # collector came round, and made it walk them all (up to a second).
        past_date = functools.partial(vocabulary.past_date, today=today)
        # Each date of the referral lists read once (a cache of what was read,
        # not of errors: lru_cache keeps no exception).
        referral_date = functools.lru_cache(maxsize=CACHE_LIMIT)(past_date)
        parsers = {
            "family_reference": (vocabulary.reference, False),
            "child_reference": (vocabulary.reference, False),
            "date_of_birth": (functools.partial(vocabulary.birth_date, today=today), True),
            "expected_delivery": (functools.partial(vocabulary.expected_delivery, today=today), True),
            "age": (vocabulary.age, True),
            "sex": (vocabulary.sex, True),
            "ethnicity": (vocabulary.ethnicity, True),
            "disability": (vocabulary.yes_no, True),
            "service_level": (vocabulary.service_level, True),
            "locality": (_locality, True),
            "referral_dates": (functools.partial(_date_list, today=today, one_date=referral_date), True),
            "open_date": (past_date, True),
            "closed_date": (past_date, True),
            "flags": (vocabulary.flags, True),
            "agencies": (functools.partial(_agency_ids, agencies=agencies), True),
            "family_number": (vocabulary.identifier, False),
            "child_case_number": (vocabulary.identifier, False),
            "nhs_number": (vocabulary.nhs_number, False),
            "child_name": (_name, False),
        }
        # Each mapped field: its slot in a row's values (``_SLOTS``), its cell, its parser, its cache.
        self.cells = [
            (_SLOTS[key], self.position[heading], heading, parse, {} if cached else None)
            for key, (parse, cached) in parsers.items()
            if (heading := columns.get(key)) is not None and heading in self.position
        ]
        defaults: dict[str, Any] = {
            "family_reference": "",
            "child_reference": "",
            "date_of_birth": None,
            "expected_delivery": None,
            "age": None,
            "sex": Sex.UNKNOWN.value,
            "ethnicity": ("", EthnicityGroup.UNKNOWN.value),
            "disability": None,
            "service_level": _BAD,
            "locality": "",
            "referral_dates": _NO_DATES,
            "open_date": None,
            "closed_date": None,
            "flags": _NO_FLAGS,
            "agencies": frozenset(),
            "family_number": "",
            "child_case_number": "",
            "nhs_number": "",
            "child_name": "",
        }
        # A row's values start as these, in the order of ``_SLOTS`` (a list per row, not a dict).
        self.defaults = [defaults[key] for key in _FIELD_ORDER]

    # Problems ---------------------------------------------------------------------

    def problem(self, row: int | None, column: str, message: str, quoted: str = "", value: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < KEEP_PROBLEMS:
            self.problems.append(Problem(row, column, message, quoted, value))

    def _report(self, row: int, column: str, error: ValueError) -> None:
        if isinstance(error, vocabulary.Unrecognised):
            seen = self.unrecognised.setdefault(column, set())
            if len(seen) <= QUOTED_VALUES_PER_COLUMN:
                seen.add(error.value)
            self.problem(row, column, str(error), error.quoted, error.value)
        else:
            self.problem(row, column, str(error))

    # One row ----------------------------------------------------------------------

    def _values(self, number: int, record: list) -> list[Any]:
        """The row's values, in the order of ``_SLOTS``."""
        values = self.defaults.copy()
        for slot, index, heading, parse, cache in self.cells:
            raw = record[index]
            if cache is None:
                try:
                    values[slot] = parse(raw)
                except ValueError as error:
                    self._report(number, heading, error)
                    values[slot] = _BAD
                continue
            try:
                # Nearly always: a text cell whose value was read before (the
                # cache holds what was read, by the text as it is: see _read).
                values[slot] = cache[raw]
            except KeyError:
                values[slot] = self._read(number, heading, raw, parse, cache)
        return values

    def _read(self, number: int, heading: str, raw: Any, parse: Callable[[Any], Any], cache: dict) -> Any:
        """A cell whose value is not in its column's cache: read and kept (while
        there is room), or reported. A value that cannot be read is not kept: it
        is read again, and reported, on each row that has it."""
        # bool and int are equal as keys (True == 1): key other types by type too.
        # (A key of another type is never equal to text, so a lookup of the text
        # as it is, in _values, finds only text.)
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        result = cache.get(key, _MISSING)
        if result is not _MISSING:
            return result
        try:
            result = parse(raw)
        except ValueError as error:
            self._report(number, heading, error)
            return _BAD
        if len(cache) < CACHE_LIMIT:
            cache[key] = result
        return result

    def check(self, number: int, record: list) -> None:
        self.row_count += 1
        (
            family_ref,
            child_ref,
            born,
            due,
            years,
            sex,
            ethnicity_pair,
            disability,
            service_level,
            locality,
            referral_dates,
            opened,
            closed,
            flags,
            agency_ids,
            family_number,
            child_case_number,
            nhs_number,
            child_name,
        ) = self._values(number, record)
        columns = self.columns

        if born is None and years is None and due is None:
            heading = columns.get("date_of_birth") or columns.get("age") or ""
            if "expected_delivery" in columns:
                message = "Enter a date of birth or an age, or for an unborn child the expected date of delivery"
            else:
                message = "Enter a date of birth or an age"
            self.problem(number, heading, message)
        elif born is None and years not in (None, _BAD) and due not in (None, _BAD):
            message = "An unborn child has no age: leave the age blank when there is an expected date of delivery"
            self.problem(number, columns["age"], message)
        if opened is not None and opened is not _BAD and closed is not None and closed is not _BAD and closed < opened:
            message = "The case-closed date must be on or after the case-open date"
            self.problem(number, columns["closed_date"], message)
        if child_ref is not _BAD:
            self._remember_child(number, child_ref, family_ref)
        if self.problem_count:
            return  # this file will be refused: keep nothing more of it

        unborn = False
        if born is not None:
            # Remembered by day: date.replace took a third of this method's time.
            birth_month = self.months.get(born)
            if birth_month is None:
                birth_month = self.months[born] = born.replace(day=1)
            due = None
        elif years is not None:
            birth_month = vocabulary.birth_month_from_age(years, today=self.today)
        else:
            # A pre-birth plan: the month the baby is due stands for its birth month.
            unborn, birth_month = True, due.replace(day=1)
        identifiers = (born, due, child_case_number, nhs_number, child_name)
        ethnicity, group = ethnicity_pair
        family = self.families.get(family_ref)
        if family is None:
            family = self.families[family_ref] = Family(family_ref)
        family.children.append(
            ChildRow(
                child_ref,
                birth_month,
                unborn,
                sex,
                ethnicity,
                group,
                disability,
                service_level,
                locality,
                flags,
                referral_dates,
                opened,
                closed,
                identifiers,
            )
        )
        # A family's locality and number are the first given: exports repeat
        # them on each child's row, and a disagreement is not worth refusing.
        if locality and not family.locality:
            family.locality = locality
        if family_number and not family.family_number:
            family.family_number = family_number
        if agency_ids and agency_ids is not family.agency_ids:
            family.agency_ids = agency_ids if not family.agency_ids else family.agency_ids | agency_ids

    def _remember_child(self, number: int, child_ref: str, family_ref: Any) -> None:
        family = family_ref if isinstance(family_ref, str) else ""
        if child_ref in self.first_seen:
            self.repeats.setdefault(child_ref, []).append((number, family))
            self.problem_count += 1  # reported in full by finish()
        else:
            self.first_seen[child_ref] = (number, family)

    # The whole file ---------------------------------------------------------------

    def _report_repeats(self) -> None:
        heading = self.columns.get("child_reference", "")
        for child_ref, later in self.repeats.items():
            self.problem_count -= len(later)  # counted provisionally in _remember_child
            occurrences = [self.first_seen[child_ref], *later]
            several_families = len({family for _, family in occurrences if family}) > 1
            rows = [row for row, _ in occurrences]
            first_rows = rows[: ROWS_NAMED + 1]
            for row in rows:
                # Name a few of the other rows, and count the rest: a column mapped by
                # mistake can repeat one reference on every row of a large file.
                others = [str(other) for other in first_rows if other != row][:ROWS_NAMED]
                named = ", ".join(others)
                if len(rows) - 1 > ROWS_NAMED:
                    named += f" and {len(rows) - 1 - ROWS_NAMED} more"
                where = "row" if len(rows) == 2 else "rows"
                if several_families:
                    message = (
                        f"The same child reference is also on {where} {named} with a different case reference: "
                        "a child can belong to one case only"
                    )
                else:
                    message = f"The same child reference is also on {where} {named}: each child must appear once"
                self.problem(row, heading, message)

    def _quotable_columns(self) -> set[str]:
        vocabulary_headings = {self.columns[key] for key in VOCABULARY_FIELDS if key in self.columns}
        return {
            heading
            for heading, values in self.unrecognised.items()
            if heading in vocabulary_headings
            and not identifying_heading(heading)
            and len(values) <= QUOTED_VALUES_PER_COLUMN
        }

    def _final_problems(self) -> list[Problem]:
        quotable = self._quotable_columns()
        final = []
        for problem in self.problems:
            message = problem.message
            if problem.quoted and problem.column in quotable and not _NOT_QUOTABLE.search(problem.value):
                message = problem.quoted
            final.append(Problem(problem.row, problem.column, message))
        final.sort(key=lambda p: (p.row or 0, self.position.get(p.column, -1)))
        return final

    def finish(self) -> Checked:
        self._report_repeats()
        return Checked(
            families=self.families if not self.problem_count else {},
            problems=self._final_problems(),
            problem_count=self.problem_count,
            row_count=self.row_count,
        )


def table_notes(table: Table) -> list[str]:
    """What the officer should know about how the file was read (not problems)."""
    notes = []
    if table.sheet:
        read = f"maca read the sheet ‘{table.sheet}’"
        if table.other_sheets:
            others = ", ".join(table.other_sheets)
            read += f", the first visible one. Not read: {others}"
        notes.append(read + ".")
    if table.hidden_rows:
        count = len(table.hidden_rows)
        shown = ", ".join(str(row) for row in table.hidden_rows[:10])
        more = f" and {count - 10} more" if count > 10 else ""
        noun = "row was" if count == 1 else "rows were"
        notes.append(
            f"{count:,} hidden {noun} left out (row{'s' if count != 1 else ''} {shown}{more}). "
            f"To import {'it' if count == 1 else 'them'}, unhide {'it' if count == 1 else 'them'} in the workbook "
            "and upload it again."
        )
    return notes


def check_table(*, table: Table, columns: dict[str, str], agencies: AgencyNames, today: dt.date) -> Checked:
    """Check the mapping, then every row. Nothing is written."""
    notes = table_notes(table)
    mapping_problems = check_columns(columns, table.headers)
    if mapping_problems:
        return Checked(
            families={}, problems=mapping_problems, problem_count=len(mapping_problems), row_count=0, notes=notes
        )
    checker = RowChecker(columns=columns, headers=table.headers, agencies=agencies, today=today)
    try:
        for number, record in table.rows:
            checker.check(number, record)
    except FileRejected as error:
        checker.problem(error.row, error.column, str(error))
    if checker.row_count == 0 and not checker.problem_count:
        checker.problem(None, "", "The file has headings but no rows of children")
    checked = checker.finish()
    checked.notes = notes
    return checked
