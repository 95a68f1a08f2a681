"""Writing a checked case list to the case pool.

Two steps, kept apart so that nothing is written unless the whole file is clean:

1. ``maca.cases.checking.check_table`` reads and checks every row, and groups
   the children into families (one case per family reference).
2. :func:`write_pool` upserts the cases and children in batches, matching on
   ``(partnership, reference)``: a re-import updates the pool rather than
   duplicating it, and children missing from a re-import are left alone.

The caller (``maca.cases.services.case_import_run``) runs step 2 inside one
transaction with the import's own record and audit event.

Speed matters: 100,000 children must import in a few seconds, on SQLite and on
PostgreSQL. So there are no queries per row and no model objects: the
reference->id maps are fetched with one query each, values are adapted to the
database once per distinct value (dates and flag lists repeat), every table is
written with one prepared statement run over batches (``maca.cases.upsert``),
and what a case takes from its children is worked out in memory from the file,
reading back from the database only the children the file does not list.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection
from django.utils import timezone

from maca.cases import vocabulary
from maca.cases.checking import (  # noqa: F401 - check_table: the other step
    NO_IDENTIFIERS,
    Checked,
    ChildRow,
    Family,
    check_table,
    identifiers_json,
)
from maca.cases.dimensions import case_attributes
from maca.cases.models import Case, CaseImport, Child
from maca.cases.upsert import batches, db_datetime, delete_pairs, roomy_page_cache, update_by_id, upsert
from maca.core import crypto
from maca.partnerships.models import Agency, Partnership
from maca.partnerships.names import AgencyNames

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
CASE_UPDATE_FIELDS = [
    "locality",
    *DERIVED_CASE_FIELDS,
    "identifiers",
    "last_import",
    "updated_at",
]
CHILD_UPDATE_FIELDS = [
    "case",
    "birth_month",
    "unborn",
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
CASE_FIELDS = ["partnership", "reference", "created_at", *CASE_UPDATE_FIELDS]
CHILD_FIELDS = ["partnership", "reference", "created_at", *CHILD_UPDATE_FIELDS]
# What a stored child contributes to its case's derived values.
STORED_CHILD_FIELDS = [
    "birth_month",
    "unborn",
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
]


def agency_lookup(partnership: Partnership) -> AgencyNames:
    """The partnership's agencies by name (``agency_name_key``: look-alike
    apostrophes, dashes, spaces and capitals aside), deactivated ones included:
    a past case may name an agency that has since closed."""
    return AgencyNames(Agency.objects.for_partnership(partnership).values_list("name", "id"))


def derived_values(children: Iterable[ChildRow], today: dt.date) -> dict[str, Any]:
    """What a case takes from its children: the sampling dimensions
    (``case_attributes``), and its dates and recent referrals."""
    children = list(children)
    values = case_attributes(children)
    since = _twelve_months_before(today)
    opened = closed = None
    all_closed = True
    referrals: set[dt.date] = set()
    # One pass: an import works this out for 50,000 cases.
    for child in children:
        day = child.open_date
        if day and (opened is None or day < opened):
            opened = day
        day = child.closed_date
        if day is None:
            all_closed = False
        elif closed is None or day > closed:
            closed = day
        if child.referral_dates:
            referrals.update(day for day in child.referral_dates if since <= day <= today)
    values.update(
        open_date=opened,
        # Still open while any child's case is open.
        closed_date=closed if children and all_closed else None,
        referrals_last_12_months=min(len(referrals), 32767),
    )
    return values


@functools.lru_cache(maxsize=8)
def _twelve_months_before(today: dt.date) -> dt.date:
    return vocabulary.twelve_months_before(today)


class _Adapted(dict):
    """Values in database form, by value: each distinct value is adapted once,
    on its first lookup (``adapted[value]``, a plain dict lookup after that),
    and at most ``limit`` are kept."""

    __slots__ = ("adapt", "limit")

    def __init__(self, adapt: Callable[[Any], Any], limit: int | None = None) -> None:
        super().__init__()
        self.adapt = adapt
        self.limit = limit

    def __missing__(self, value: Any) -> Any:
        adapted = self.adapt(value)
        if self.limit is None or len(self) < self.limit:
            self[value] = adapted
        return adapted


class _Adapter:
    """Values in database form, each distinct value adapted once: dates (and
    ``None``, which stays ``None``), and lists (flags, referral dates) as JSON."""

    def __init__(self) -> None:
        self.dates = _Adapted(connection.ops.adapt_datefield_value)
        self.lists = _Adapted(functools.partial(_json_list, connection.ops.adapt_json_value), limit=50_000)


def _json_list(adapt_json: Callable[[Any, Any], Any], values: tuple) -> Any:
    return adapt_json([value.isoformat() if isinstance(value, dt.date) else value for value in values], None)


def write_pool(
    *, partnership: Partnership, checked: Checked, today: dt.date, case_import: CaseImport | None = None
) -> dict[str, int]:
    """Upsert the checked families and children; return the counts.

    Run inside a transaction: a failure part-way leaves the pool as it was."""
    if not checked.ok:
        raise ValueError("A case list with problems is never written.")
    with roomy_page_cache():
        return _write_pool(partnership=partnership, checked=checked, today=today, case_import=case_import)


def _write_pool(
    *, partnership: Partnership, checked: Checked, today: dt.date, case_import: CaseImport | None
) -> dict[str, int]:
    families = checked.families
    existing_cases = dict(Case.objects.filter(partnership=partnership).values_list("reference", "id"))
    # Emptied as the file's children are found in it: what is left are the
    # children the file does not list. (No second map of 100,000 references.)
    existing_children = dict(Child.objects.filter(partnership=partnership).values_list("reference", "case_id"))
    children_in_file = children_updated = 0
    moved_from: set[int] = set()
    for family in families.values():
        case_id = existing_cases.get(family.reference)
        children_in_file += len(family.children)
        for child in family.children:
            was = existing_children.pop(child.reference, None)
            if was is not None:
                children_updated += 1
                if was != case_id:
                    moved_from.add(was)  # the child moved family: its old case is worked out again
    # Children the file does not list stay where they are and still count for their case.
    others: dict[int, list[str]] = {}
    for reference, case_id in existing_children.items():
        others.setdefault(case_id, []).append(reference)
    del existing_children
    ids_in_file = {existing_cases[ref] for ref in families if ref in existing_cases}
    affected = (ids_in_file | moved_from) & others.keys()
    stored = _stored_children(partnership, {ref for case_id in affected for ref in others[case_id]})
    del others

    adapter = _Adapter()
    # Keys looked up once for 150,000 identifiers, each sealed as its own token
    # of the JSON text ``maca.core.fields.seal`` would encrypt.
    seal = crypto.encrypter()
    now = db_datetime(timezone.now())
    import_id = case_import.pk if case_import else None
    partnership_id = partnership.pk  # once, not once a row
    upsert(
        Case,
        CASE_FIELDS,
        (
            _case_row(
                partnership_id,
                family,
                stored.get(existing_cases.get(family.reference), ()),
                today=today,
                import_id=import_id,
                adapter=adapter,
                seal=seal,
                now=now,
            )
            for family in families.values()
        ),
        unique=["partnership", "reference"],
        update=CASE_UPDATE_FIELDS,
    )
    left_behind = sorted(moved_from - ids_in_file)
    emptied = sum(1 for case_id in left_behind if not stored.get(case_id))
    update_by_id(
        Case,
        [*DERIVED_CASE_FIELDS, "updated_at"],
        (
            (*_derived_row(derived_values(stored.get(case_id, ()), today), adapter), now, case_id)
            for case_id in left_behind
        ),
    )

    case_ids = existing_cases
    if any(reference not in case_ids for reference in families):
        # The ids of the cases just created, with one query for all the
        # partnership's cases: by reference, 500 to a query, the 50,000 of a
        # first import took eight times as long (Django prepares each
        # reference of an ``IN`` list), and a pool is read whole above anyway.
        case_ids = dict(Case.objects.filter(partnership=partnership).values_list("reference", "id"))
    upsert(
        Child,
        CHILD_FIELDS,
        _child_rows(partnership_id, families, case_ids, adapter, seal, now),
        unique=["partnership", "reference"],
        update=CHILD_UPDATE_FIELDS,
    )
    _replace_agencies(partnership, families, case_ids, updated=ids_in_file)

    cases_updated = len(ids_in_file)
    return {
        "rows": checked.row_count,
        "cases_created": len(families) - cases_updated,
        "cases_updated": cases_updated,
        "children_created": children_in_file - children_updated,
        "children_updated": children_updated,
        "cases_left_without_children": emptied,
    }


def _stored_children(partnership: Partnership, references: set[str]) -> dict[int, list[ChildRow]]:
    """The stored values of children the file does not list, by case id."""
    found: dict[int, list[ChildRow]] = {}
    for chunk in batches(sorted(references), 500):
        rows = Child.objects.filter(partnership=partnership, reference__in=chunk).values(
            "case_id", "reference", *STORED_CHILD_FIELDS
        )
        for values in rows:
            case_id = values.pop("case_id")
            values["flags"] = tuple(values["flags"] or ())
            values["referral_dates"] = tuple(dt.date.fromisoformat(day) for day in values["referral_dates"] or ())
            found.setdefault(case_id, []).append(ChildRow(**values))
    return found


def _derived_row(values: dict[str, Any], adapter: _Adapter) -> tuple:
    """The derived values in the order of ``DERIVED_CASE_FIELDS``."""
    dates = adapter.dates
    return (
        values["service_level"],
        adapter.lists[tuple(values["flags"])],
        dates[values["open_date"]],
        dates[values["closed_date"]],
        values["referrals_last_12_months"],
        dates[values["youngest_birth_month"]],
        values["sex"],
        values["ethnicity_group"],
        values["disability"],
        values["children_count"],
    )


def _case_row(
    partnership_id: int,
    family: Family,
    stored: Iterable[ChildRow],
    *,
    today: dt.date,
    import_id: int | None,
    adapter: _Adapter,
    seal: Callable[[str], str],
    now: Any,
) -> tuple:
    """A case as database values, in the order of ``CASE_FIELDS``. ``seal``
    encrypts a JSON text into its token (``maca.core.crypto.encrypter``)."""
    children = family.children if not stored else [*family.children, *stored]
    identifiers = _case_identifiers(family.family_number, seal)
    return (
        partnership_id,
        family.reference,
        now,
        family.locality,
        *_derived_row(derived_values(children, today), adapter),
        identifiers,
        import_id,
        now,
    )


def _sealed(identifiers: tuple, encrypt: Callable[[str], str]) -> str:
    """A child's identifiers as their token (``maca.core.fields.seal``'s JSON,
    ``identifiers_json``), or ``""`` when there are none."""
    if identifiers == NO_IDENTIFIERS:
        return ""
    text = identifiers_json(identifiers)
    return encrypt(text) if text else ""


def _case_identifiers(family_number: str, encrypt: Callable[[str], str]) -> str:
    """A case's identifiers as their token: ``{"case_system_number": ...}``."""
    if not family_number:
        return ""
    return encrypt('{"case_system_number":' + json.encoder.encode_basestring_ascii(family_number) + "}")


def _child_rows(
    partnership_id: int,
    families: dict[str, Family],
    case_ids: dict[str, int],
    adapter: _Adapter,
    seal: Callable[[str], str],
    now: Any,
) -> Iterator[tuple]:
    """Every child as database values, in the order of ``CHILD_FIELDS``.
    (One generator rather than a call a child: 100,000 of them.)"""
    dates, lists = adapter.dates, adapter.lists
    for family in families.values():
        case_id = case_ids[family.reference]
        for child in family.children:
            yield (
                partnership_id,
                child.reference,
                now,
                case_id,
                dates[child.birth_month],
                child.unborn,
                child.sex,
                child.ethnicity,
                child.ethnicity_group,
                child.disability,
                child.service_level,
                child.locality,
                lists[child.flags],
                lists[child.referral_dates],
                dates[child.open_date],
                dates[child.closed_date],
                _sealed(child.identifiers, seal),
                now,
            )


def _replace_agencies(
    partnership: Partnership, families: dict[str, Family], case_ids: dict[str, int], *, updated: set[int]
) -> None:
    """Every case's agencies come from the import, so an updated case's set is
    replaced by the file's (through ``Case.agencies``' own table). Only the links
    that change are written."""
    through = Case.agencies.through
    # Each link as one int (case id * 2**32 + agency id): 125,000 links as tuples
    # would take three times the memory.
    shift = 1 << 32
    wanted = {
        case_ids[family.reference] * shift + agency_id
        for family in families.values()
        for agency_id in family.agency_ids
    }
    current: set[int] = set()
    if updated:
        links = through.objects.filter(case__partnership=partnership).values_list("case_id", "agency_id")
        current = {case_id * shift + agency_id for case_id, agency_id in links.iterator() if case_id in updated}
    delete_pairs(through, "case", "agency", (divmod(link, shift) for link in sorted(current - wanted)))
    upsert(through, ["case", "agency"], (divmod(link, shift) for link in sorted(wanted - current)))
