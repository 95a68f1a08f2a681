"""The pool a draw picks from: which cases may be drawn (``PoolFilter``), the
cases that are left, and the flags a themed audit is about."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from maca.cases.dimensions import SAMPLING_FIELDS
from maca.cases.models import Case, Flag
from maca.programme.models import Audit, AuditKind, Stage
from maca.selection.models import AuditCase, Draw, SelectionSource
from maca.selection.presenters import OUTSIDE_THE_POOL, flag_names
from maca.selection.services._common import REPLACED_BY_A_DRAW

# How far back, in months, the pool filter looks unless the person says
# otherwise: the draw page starts with cases open at some time in the last
# ``LOOK_BACK_MONTHS`` and leaves out cases audited in the last
# ``LOOK_BACK_MONTHS``, and the command line leaves those out too. A year,
# because the partnership's programme of audits is planned a business year at
# a time (``programme.Programme``): a family audited in the past year is not
# drawn again, and a case open at some time in that year shows the agencies'
# current practice.
LOOK_BACK_MONTHS = 12


@dataclass(frozen=True)
class PoolFilter:
    """Which cases of the pool may be drawn."""

    open_within_months: int | None = LOOK_BACK_MONTHS
    service_levels: tuple[str, ...] = ()
    localities: tuple[str, ...] = ()
    exclude_audited_within_months: int | None = LOOK_BACK_MONTHS
    # Only cases with at least one of these flags (a themed audit's cases): empty, any case.
    flags: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "open_within_months": self.open_within_months,
            "service_levels": list(self.service_levels),
            "localities": list(self.localities),
            "exclude_audited_within_months": self.exclude_audited_within_months,
            "flags": list(self.flags),
        }


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier; the 31st becomes the
    last day of a shorter month (31 May, one month: 30 April)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class Pool:
    rows: list[dict]
    nominated: list[dict]
    exclusions: dict[str, int] = field(default_factory=dict)


def pool_rows(cases) -> list[dict]:
    """The cases' ``SAMPLING_FIELDS``, in the order of the case reference.

    Each case's flags are read as their JSON text and decoded once for each
    different text: a list of 100,000 cases holds a few hundred different sets
    of flags, and decoding every row's took a third of a draw. The decoded
    lists are shared between the rows that have the same flags, so they are
    tuples, which nothing can change for one row and not the others."""
    fields = [name for name in SAMPLING_FIELDS if name != "flags"]
    rows = list(
        cases.annotate(flags_text=Cast("flags", output_field=TextField()))
        .values(*fields, "flags_text")
        .order_by("reference")
    )
    decoded: dict[str | None, tuple[str, ...]] = {None: ()}
    for row in rows:
        text = row.pop("flags_text")
        flags = decoded.get(text)
        if flags is None:
            flags = decoded[text] = tuple(json.loads(text) or ())
        row["flags"] = flags
    return rows


def eligible_pool(audit: Audit, pool_filter: PoolFilter, *, on: dt.date) -> Pool:
    """The cases a draw may pick from, the nominated cases already in, and what
    was left out and why (with counts, for the record).

    Rows are in the order of the case reference from the list, never of database
    ids, so that the same list, seed and choices give the same sample wherever
    the list was imported (ADR 0006). The cases a past audit brought in are
    not in the case list: neither drawn nor counted as left out."""
    # Nominated cases already accepted are in the sample whatever the pool's
    # conditions: counted with the pool, never also among the cases left out,
    # so that the pool and the cases left out add up to the case list.
    in_audit = AuditCase.objects.current().filter(partnership_id=audit.partnership_id, audit=audit)
    nominated_ids = set(in_audit.filter(source=SelectionSource.NOMINATED).values_list("case_id", flat=True))
    cases = Case.objects.for_partnership(audit.partnership).filter(from_past_audit=False).exclude(pk__in=nominated_ids)
    exclusions: dict[str, int] = {}
    total = cases.count()
    # A case whose children all moved to other cases stays, for its history, but
    # is no longer a family in the case list.
    emptied = cases.filter(children_count=0).count()
    if emptied:
        exclusions["with no children left in the case list"] = emptied
        total -= emptied
    cases = cases.filter(children_count__gt=0)
    if pool_filter.open_within_months:
        since = _months_before(on, pool_filter.open_within_months)
        cases = cases.filter(open_date__isnull=False, open_date__lte=on).filter(
            Q(closed_date__isnull=True) | Q(closed_date__gte=since)
        )
    if pool_filter.service_levels:
        cases = cases.filter(service_level__in=pool_filter.service_levels)
    if pool_filter.localities:
        cases = cases.filter(locality__in=pool_filter.localities)
    rows = pool_rows(cases)
    exclusions[OUTSIDE_THE_POOL] = total - len(rows)
    if pool_filter.flags:
        # Flags are a list in each case's row: kept here, the same on every database.
        wanted = set(pool_filter.flags)
        before = len(rows)
        rows = [row for row in rows if wanted & set(row["flags"] or [])]
        exclusions[f"not flagged {flag_names(pool_filter.flags, joiner='or')}"] = before - len(rows)

    # Nominated cases, those outside the filter too, count towards their strata.
    nominated = (
        pool_rows(Case.objects.filter(partnership_id=audit.partnership_id, pk__in=nominated_ids))
        if nominated_ids
        else []
    )

    # A case someone took out of this audit, with their reason ("the family
    # moved away"), is not drawn back in by a later draw; a nomination can
    # still bring it back, as a person's choice.
    taken_out = set(
        AuditCase.objects.filter(partnership_id=audit.partnership_id, audit=audit, removed_at__isnull=False)
        .exclude(removed_reason=REPLACED_BY_A_DRAW)
        .values_list("case_id", flat=True)
    )
    if taken_out:
        before = len(rows)
        rows = [row for row in rows if row["id"] not in taken_out]
        exclusions["taken out of this audit by hand"] = before - len(rows)

    if pool_filter.exclude_audited_within_months:
        since = timezone.now() - dt.timedelta(days=round(pool_filter.exclude_audited_within_months * 30.44))
        recent = set(
            AuditCase.objects.current()
            .filter(partnership_id=audit.partnership_id, added_at__gte=since)
            .exclude(audit=audit)
            .exclude(audit__stage=Stage.CANCELLED)
            .values_list("case_id", flat=True)
        )
        before = len(rows)
        rows = [row for row in rows if row["id"] not in recent]
        exclusions[f"audited in the last {pool_filter.exclude_audited_within_months} months"] = before - len(rows)
    return Pool(rows=rows, nominated=nominated, exclusions=exclusions)


def theme_flags(audit: Audit, draw: Draw | None = None) -> list[str]:
    """The flags a themed audit is about: those its title names ("Exploitation
    of teenagers"), and those its draw was limited to or balanced on. (Not the
    theme's sentence: it often names what the audit is not about.)"""
    if audit.kind != AuditKind.THEMED:
        return []
    words = audit.title.casefold()
    found = set()
    for flag in Flag:
        names = {flag.label.casefold(), flag.value.replace("_", " "), *flag.label.casefold().split(" or ")}
        if any(re.search(rf"\b{re.escape(name)}\b", words) for name in names):
            found.add(flag.value)
    if draw is not None:
        found.update((draw.pool_filter or {}).get("flags") or [])
        found.update(key.removeprefix("flag:") for key in draw.dimensions if key.startswith("flag:"))
    return [flag.value for flag in Flag if flag.value in found]


def missing_theme_flags(audit: Audit, draw: Draw | None = None) -> list[str]:
    """The audit's theme flags that no case in its sample carries: a themed
    audit whose sample holds no case of its theme is warned about."""
    wanted = theme_flags(audit, draw)
    if not wanted:
        return []
    case_ids = (
        AuditCase.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .values_list("case_id", flat=True)
    )
    if not case_ids:
        return []
    present = set()
    for flags in Case.objects.filter(partnership_id=audit.partnership_id, pk__in=case_ids).values_list(
        "flags", flat=True
    ):
        present.update(flags or [])
    return [flag for flag in wanted if flag not in present]
