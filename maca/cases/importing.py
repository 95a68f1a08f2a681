"""Checking a case list and writing it to the case pool.

Two steps, kept apart so that nothing is written unless the whole file is clean:

1. :func:`check_table` reads every row once, normalises each mapped cell
   (``maca.cases.vocabulary``) and collects *every* problem with its row and
   column, so the officer can fix the file in one go. It groups rows into
   families (one case per family reference) but stops keeping rows as soon as
   one problem is found: a file that will be refused needs no memory for it.
2. :func:`write_pool` upserts the families and children in batches, matching
   on ``(partnership, reference)``: a re-import updates the pool rather than
   duplicating it, and children missing from a re-import are left alone.

The caller (``maca.cases.services.case_import_run``) runs step 2 inside one
transaction with the import's own record and audit event.

Speed matters: a 100,000-child pool must import in seconds. So there are no
queries per row, no ``full_clean`` per object, and the reference→id maps are
fetched with one query each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from maca.cases import vocabulary
from maca.cases.columns import Problem, check_columns
from maca.cases.dimensions import ChildFacts, case_attributes
from maca.cases.models import Case, CaseImport, Child, EthnicityGroup, Sex
from maca.cases.reading import FileRejected, Table
from maca.cases.upsert import BATCH_SIZE, batches, db_date, db_datetime, db_json, upsert
from maca.core.fields import seal
from maca.partnerships.models import Agency, Partnership

# Problems kept in memory while checking; beyond this they are only counted.
KEEP_PROBLEMS = 20_000
# Rows named in one "this child reference is also on rows ..." message.
ROWS_NAMED = 5
NAME_MAX_LENGTH = 200
_BAD = object()  # the cell had a problem, already reported

CASE_UPDATE_FIELDS = [
    "locality",
    "service_level",
    "flags",
    "open_date",
    "closed_date",
    "referrals_last_12_months",
    "youngest_birth_month",
    "sex",
    "ethnicity_group",
    "disability",
    "children_count",
    "identifiers",
    "last_import",
    "updated_at",
]
DERIVED_CASE_FIELDS = [
    "service_level",
    "flags",
    "open_date",
    "closed_date",
    "referrals_last_12_months",
    "youngest_birth_month",
    "sex",
    "ethnicity_group",
    "disability",
    "children_count",
]
CHILD_UPDATE_FIELDS = [
    "case",
    "birth_month",
    "sex",
    "ethnicity",
    "ethnicity_group",
    "disability",
    "service_level",
    "locality",
    "flags",
    "referral_dates",
    "open_date",
    "closed_date",
    "identifiers",
    "updated_at",
]
# What a stored child contributes to its case's derived values.
CHILD_FACT_FIELDS = [
    name for name in CHILD_UPDATE_FIELDS if name not in {"case", "locality", "identifiers", "updated_at"}
] + ["locality"]


@dataclass(slots=True)
class ChildRow:
    """One child, checked and normalised. ``identifiers`` is sealed on writing."""

    row: int
    reference: str
    birth_month: dt.date | None
    sex: str
    ethnicity: str
    ethnicity_group: str
    disability: bool | None
    service_level: str
    locality: str
    flags: list[str]
    referral_dates: list[dt.date]
    open_date: dt.date | None
    closed_date: dt.date | None
    identifiers: dict[str, str]

    def facts(self) -> ChildFacts:
        return ChildFacts(
            birth_month=self.birth_month,
            sex=self.sex,
            ethnicity_group=self.ethnicity_group,
            disability=self.disability,
            service_level=self.service_level,
            flags=tuple(self.flags),
        )


@dataclass(slots=True)
class Family:
    """The rows of one family reference: one case."""

    reference: str
    children: list[ChildRow] = field(default_factory=list)
    locality: str = ""
    family_number: str = ""
    agency_ids: set[int] = field(default_factory=set)


@dataclass
class Checked:
    families: dict[str, Family]
    problems: list[Problem]
    problem_count: int
    row_count: int

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def agency_lookup(partnership: Partnership) -> dict[str, int]:
    """The partnership's agencies by name, case-folded, deactivated ones included:
    a past case may name an agency that has since closed."""
    return {name.casefold(): pk for name, pk in Agency.objects.for_partnership(partnership).values_list("name", "id")}


class RowChecker:
    """Checks rows one at a time and remembers what it needs for the whole file:
    families, child references seen (for duplicates), problems."""

    def __init__(self, *, columns: dict[str, str], headers: list[str], agencies: dict[str, int], today: dt.date):
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
        self._number = 0
        self._row: dict[str, Any] = {}

    # Problems ---------------------------------------------------------------------

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < KEEP_PROBLEMS:
            self.problems.append(Problem(row, column, message))

    def _cell(self, key: str, parse, default: Any) -> Any:
        heading = self.columns.get(key)
        if heading is None:
            return default
        try:
            return parse(self._row.get(heading))
        except ValueError as error:
            self.problem(self._number, heading, str(error))
            return _BAD

    # Parsers that need the checker's context -------------------------------------

    def _past_date(self, raw: Any) -> dt.date | None:
        return vocabulary.past_date(raw, today=self.today)

    def _date_list(self, raw: Any) -> list[dt.date]:
        return vocabulary.date_list(raw, today=self.today)

    def _agency_ids(self, raw: Any) -> set[int]:
        found, unknown = set(), []
        for part in vocabulary.text(raw).split(";"):
            name = " ".join(part.split())
            if not name:
                continue
            pk = self.agencies.get(name.casefold())
            if pk is None:
                unknown.append(f"'{name[:200]}'")
            else:
                found.add(pk)
        if unknown:
            names = ", ".join(unknown)
            verb = "is not an agency" if len(unknown) == 1 else "are not agencies"
            raise ValueError(
                f"{names} {verb} of this partnership. Check the spelling against the agency list, "
                "or add the agency first. Separate names with ;"
            )
        return found

    @staticmethod
    def _name(raw: Any) -> str:
        return vocabulary.identifier(raw, max_length=NAME_MAX_LENGTH)

    @staticmethod
    def _locality(raw: Any) -> str:
        return vocabulary.optional_text(raw, max_length=120)

    # One row ----------------------------------------------------------------------

    def check(self, number: int, row: dict[str, Any]) -> None:
        self.row_count += 1
        self._number, self._row = number, row
        cell = self._cell
        family_ref = cell("family_reference", vocabulary.reference, "")
        child_ref = cell("child_reference", vocabulary.reference, "")
        born = cell("date_of_birth", self._past_date, None)
        years = cell("age", vocabulary.age, None)
        sex = cell("sex", vocabulary.sex, Sex.UNKNOWN.value)
        ethnicity = cell("ethnicity", vocabulary.ethnicity, ("", EthnicityGroup.UNKNOWN.value))
        disability = cell("disability", vocabulary.yes_no, None)
        level = cell("service_level", vocabulary.service_level, _BAD)
        locality = cell("locality", self._locality, "")
        referrals = cell("referral_dates", self._date_list, [])
        opened = cell("open_date", self._past_date, None)
        closed = cell("closed_date", self._past_date, None)
        flags = cell("flags", vocabulary.flags, [])
        agency_ids = cell("agencies", self._agency_ids, set())
        family_number = cell("family_number", vocabulary.identifier, "")
        case_number = cell("child_case_number", vocabulary.identifier, "")
        nhs = cell("nhs_number", vocabulary.nhs_number, "")
        name = cell("child_name", self._name, "")

        if born is None and years is None:
            heading = self.columns.get("date_of_birth") or self.columns.get("age") or ""
            self.problem(number, heading, "Enter a date of birth or an age")
        if opened not in (None, _BAD) and closed not in (None, _BAD) and closed < opened:
            message = "The case-closed date must be on or after the case-open date"
            self.problem(number, self.columns["closed_date"], message)
        if child_ref is not _BAD:
            self._remember_child(number, child_ref, family_ref)
        if self.problem_count:
            return  # this file will be refused: keep nothing more of it

        if born is not None:
            birth_month = born.replace(day=1)
        else:
            birth_month = vocabulary.birth_month_from_age(years, today=self.today)
        identifiers = {"case_system_number": case_number, "nhs_number": nhs, "name": name}
        if born is not None:
            identifiers["date_of_birth"] = born.isoformat()
        family = self.families.get(family_ref)
        if family is None:
            family = self.families[family_ref] = Family(family_ref)
        family.children.append(
            ChildRow(
                row=number,
                reference=child_ref,
                birth_month=birth_month,
                sex=sex,
                ethnicity=ethnicity[0],
                ethnicity_group=ethnicity[1],
                disability=disability,
                service_level=level,
                locality=locality,
                flags=flags,
                referral_dates=referrals,
                open_date=opened,
                closed_date=closed,
                identifiers={key: value for key, value in identifiers.items() if value},
            )
        )
        # A family's locality and number are the first given: exports repeat
        # them on each child's row, and a disagreement is not worth refusing.
        if locality and not family.locality:
            family.locality = locality
        if family_number and not family.family_number:
            family.family_number = family_number
        family.agency_ids |= agency_ids

    def _remember_child(self, number: int, child_ref: str, family_ref: Any) -> None:
        family = family_ref if isinstance(family_ref, str) else ""
        if child_ref in self.first_seen:
            self.repeats.setdefault(child_ref, []).append((number, family))
            self.problem_count += 1  # reported in full by finish()
        else:
            self.first_seen[child_ref] = (number, family)

    # The whole file ---------------------------------------------------------------

    def finish(self) -> Checked:
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
        self.problems.sort(key=lambda p: (p.row or 0, self.position.get(p.column, -1)))
        return Checked(
            families=self.families if not self.problem_count else {},
            problems=self.problems,
            problem_count=self.problem_count,
            row_count=self.row_count,
        )


def check_table(*, table: Table, columns: dict[str, str], agencies: dict[str, int], today: dt.date) -> Checked:
    """Check the mapping, then every row. Nothing is written."""
    mapping_problems = check_columns(columns, table.headers)
    if mapping_problems:
        return Checked(families={}, problems=mapping_problems, problem_count=len(mapping_problems), row_count=0)
    checker = RowChecker(columns=columns, headers=table.headers, agencies=agencies, today=today)
    try:
        for number, row in table.rows:
            checker.check(number, row)
    except FileRejected as error:
        checker.problem(None, "", str(error))
    if checker.row_count == 0 and not checker.problem_count:
        checker.problem(None, "", "The file has headings but no rows of children")
    return checker.finish()


# Writing --------------------------------------------------------------------------------


def derived_values(children: list[ChildRow], today: dt.date) -> dict[str, Any]:
    """What a case takes from its children: the sampling dimensions
    (``case_attributes``), and its dates and recent referrals."""
    values = case_attributes([child.facts() for child in children])
    opened = [child.open_date for child in children if child.open_date]
    closed = [child.closed_date for child in children]
    since = vocabulary.twelve_months_before(today)
    referrals = {day for child in children for day in child.referral_dates if since <= day <= today}
    values.update(
        open_date=min(opened) if opened else None,
        # Still open while any child's case is open.
        closed_date=max(closed) if closed and all(closed) else None,  # type: ignore[type-var]
        referrals_last_12_months=min(len(referrals), 32767),
    )
    return values


CASE_FIELDS = ["partnership", "reference", "created_at", *CASE_UPDATE_FIELDS]
CHILD_FIELDS = ["partnership", "reference", "created_at", *CHILD_UPDATE_FIELDS]


def _case_row(partnership_id: int, family: Family, today: dt.date, import_id: int | None, now: Any) -> tuple:
    """A case as database values, in the order of ``CASE_FIELDS``."""
    values = derived_values(family.children, today)
    identifiers = seal({"case_system_number": family.family_number}).token if family.family_number else ""
    return (
        partnership_id,
        family.reference,
        now,
        family.locality,
        values["service_level"],
        db_json(values["flags"]),
        db_date(values["open_date"]),
        db_date(values["closed_date"]),
        values["referrals_last_12_months"],
        db_date(values["youngest_birth_month"]),
        values["sex"],
        values["ethnicity_group"],
        values["disability"],
        values["children_count"],
        identifiers,
        import_id,
        now,
    )


def _child_row(partnership_id: int, case_id: int, child: ChildRow, now: Any) -> tuple:
    """A child as database values, in the order of ``CHILD_FIELDS``."""
    return (
        partnership_id,
        child.reference,
        now,
        case_id,
        db_date(child.birth_month),
        child.sex,
        child.ethnicity,
        child.ethnicity_group,
        child.disability,
        child.service_level,
        child.locality,
        db_json(child.flags),
        db_json([day.isoformat() for day in child.referral_dates]),
        db_date(child.open_date),
        db_date(child.closed_date),
        seal(child.identifiers).token if child.identifiers else "",
        now,
    )


def write_pool(
    *, partnership: Partnership, checked: Checked, today: dt.date, case_import: CaseImport | None = None
) -> dict[str, int]:
    """Upsert the checked families and children; return the counts.

    Run inside a transaction: a failure part-way leaves the pool as it was."""
    if not checked.ok:
        raise ValueError("A case list with problems is never written.")
    families = checked.families
    existing_cases = dict(Case.objects.filter(partnership=partnership).values_list("reference", "id"))
    existing_children = dict(Child.objects.filter(partnership=partnership).values_list("reference", "case_id"))
    now = db_datetime(timezone.now())
    import_id = case_import.pk if case_import else None

    upsert(
        Case,
        CASE_FIELDS,
        (_case_row(partnership.pk, family, today, import_id, now) for family in families.values()),
        unique=["partnership", "reference"],
        update=CASE_UPDATE_FIELDS,
    )
    case_ids = dict(Case.objects.filter(partnership=partnership).values_list("reference", "id"))
    upsert(
        Child,
        CHILD_FIELDS,
        (
            _child_row(partnership.pk, case_ids[family.reference], child, now)
            for family in families.values()
            for child in family.children
        ),
        unique=["partnership", "reference"],
        update=CHILD_UPDATE_FIELDS,
    )
    _replace_agencies(families, case_ids, updated_ids=[case_ids[ref] for ref in families if ref in existing_cases])
    emptied = 0
    if existing_children:
        moved_from = {
            existing_children[child.reference]
            for family in families.values()
            for child in family.children
            if existing_children.get(child.reference, case_ids[family.reference]) != case_ids[family.reference]
        }
        emptied = _refresh_cases_with_other_children(partnership, families, case_ids, moved_from, today)

    children = [child.reference for family in families.values() for child in family.children]
    children_updated = sum(1 for reference in children if reference in existing_children)
    cases_updated = sum(1 for reference in families if reference in existing_cases)
    return {
        "rows": checked.row_count,
        "cases_created": len(families) - cases_updated,
        "cases_updated": cases_updated,
        "children_created": len(children) - children_updated,
        "children_updated": children_updated,
        "cases_left_without_children": emptied,
    }


def _replace_agencies(families: dict[str, Family], case_ids: dict[str, int], updated_ids: list[int]) -> None:
    """Every case's agencies come from the import, so an updated case's set is
    replaced by the file's (through ``Case.agencies``' own table)."""
    through = Case.agencies.through
    for chunk in batches(updated_ids, 500):
        through.objects.filter(case_id__in=chunk).delete()
    links = (
        (case_ids[family.reference], agency_id)
        for family in families.values()
        for agency_id in sorted(family.agency_ids)
    )
    upsert(through, ["case", "agency"], links)


def _refresh_cases_with_other_children(
    partnership: Partnership,
    families: dict[str, Family],
    case_ids: dict[str, int],
    moved_from: set[int],
    today: dt.date,
) -> int:
    """A case can have children the file no longer lists (left alone), or lose a
    child the file moves to another family. Recompute those cases from every
    child they now have, so their sampling values stay true. Usually none."""
    counts = dict(
        Child.objects.filter(partnership=partnership).order_by().values_list("case_id").annotate(n=Count("id"))
    )
    affected = {
        case_ids[ref] for ref, family in families.items() if counts.get(case_ids[ref], 0) != len(family.children)
    } | moved_from
    if not affected:
        return 0
    children_of: dict[int, list[ChildRow]] = {case_id: [] for case_id in affected}
    for chunk in batches(sorted(affected), 500):
        for values in Child.objects.filter(case_id__in=chunk).values("case_id", "reference", *CHILD_FACT_FIELDS):
            case_id = values.pop("case_id")
            values["referral_dates"] = [dt.date.fromisoformat(day) for day in values["referral_dates"] or []]
            children_of[case_id].append(ChildRow(row=0, identifiers={}, **values))
    cases: list[Case] = []
    for chunk in batches(sorted(affected), 500):
        cases.extend(Case.objects.filter(pk__in=chunk))
    for case in cases:
        for name, value in derived_values(children_of[case.pk], today).items():
            setattr(case, name, value)
    Case.objects.bulk_update(cases, DERIVED_CASE_FIELDS, batch_size=BATCH_SIZE)
    return sum(1 for case in cases if case.children_count == 0)
