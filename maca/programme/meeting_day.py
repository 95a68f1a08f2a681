"""The audit's meeting date as a person should read it, defined once.

An audit is planned with a meeting date (``Audit.planned_meeting_date``); the
meeting record (the ``findings`` app, above this one in the dependency order)
says the day it was held, which may differ. Once that day is recorded, every
page shows it, said as held; until then, the planned day. The findings app
answers for a whole page in one query by registering
:func:`register_meetings_held` from its ``AppConfig.ready()``, and for a list
ordered in the database (one sliced, say) by registering
:func:`register_held_day`: the same day as an expression on ``Audit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import DateField, Expression, F, Value
from django.db.models.functions import Coalesce

from maca.core.presenters import long_date, short_date
from maca.programme.models import Audit

HeldOn = Callable[[int, list[int]], dict[int, dt.date]]
HeldDay = Callable[[], Expression]


def _none_held(partnership_id: int, audit_ids: list[int]) -> dict[int, dt.date]:
    return {}


_held_on: HeldOn = _none_held


def register_meetings_held(held_on: HeldOn) -> None:
    """``held_on(partnership_id, audit_ids)``: for each of those audits whose
    meeting was recorded as held, the day it was held (one query)."""
    global _held_on
    _held_on = held_on


def _no_held_day() -> Expression:
    return Value(None, output_field=DateField())


_held_day: HeldDay = _no_held_day


def register_held_day(held_day: HeldDay) -> None:
    """``held_day()``: as an expression on ``Audit`` (a subquery, so no row
    is repeated), the day its meeting was recorded as held, else null."""
    global _held_day
    _held_day = held_day


def day_shown() -> Expression:
    """The day an audit's meeting shows, as an expression on ``Audit``: the
    day held once recorded, else the day planned (``MeetingDay.day``)."""
    return Coalesce(_held_day(), F("planned_meeting_date"), output_field=DateField())


def meeting_ordering() -> list:
    """``order_by(*meeting_ordering())`` on audits: in the database, the order
    :func:`in_meeting_order` sorts them in (the day shown, then the title; an
    audit with no day last, on every database), so that a list that takes the
    first few takes the soonest by the day it shows."""
    return [day_shown().asc(nulls_last=True), "title", "pk"]


class MeetingDay(NamedTuple):
    """The day of an audit's meeting: held (recorded at the meeting) or planned."""

    day: dt.date | None
    held: bool = False

    @property
    def key(self) -> str:
        """The row's name on the audit's page: "Meeting held" or "Meeting"."""
        return "Meeting held" if self.held else "Meeting"

    @property
    def long(self) -> str:
        """``5 December 2026``, or a dash: under ``key``, which says whether it was held."""
        return long_date(self.day)

    @property
    def short(self) -> str:
        """In a list's "Meeting" column: ``5 Dec 2026 (held)`` once held, else
        the planned ``6 Dec 2026`` (or a dash)."""
        return f"{short_date(self.day)} (held)" if self.held else short_date(self.day)

    @property
    def sentence(self) -> str:
        """``Meeting held 5 Dec 2026`` or ``Meeting 6 Dec 2026``, as a chart's mark says it."""
        return f"{self.key} {short_date(self.day)}"


def _of(audit: Audit, held: dict[int, dt.date]) -> MeetingDay:
    day = held.get(audit.pk)
    return MeetingDay(day, True) if day else MeetingDay(audit.planned_meeting_date)


def meeting_days(audits: Iterable[Audit]) -> dict[int, MeetingDay]:
    """Each audit's meeting day, by its id: one query for all of them (all of one partnership)."""
    audits = list(audits)
    if not audits:
        return {}
    held = _held_on(audits[0].partnership_id, [audit.pk for audit in audits])
    return {audit.pk: _of(audit, held) for audit in audits}


def meeting_day(audit: Audit) -> MeetingDay:
    return meeting_days([audit])[audit.pk]


def in_meeting_order(audits: Iterable[Audit], meetings: dict[int, MeetingDay] | None = None) -> list[Audit]:
    """``audits`` in the order of the meeting day each shows (held, else
    planned: ``meetings``, from ``meeting_days``, read here when not given),
    then by title; an audit with no day comes last. A list that shows the
    day an audit was held is read in that day's order, never the plan's:
    an audit planned for March but held in May sits among May's. A list
    ordered in the database orders by :func:`meeting_ordering`, the same order."""
    audits = list(audits)
    meetings = meetings if meetings is not None else meeting_days(audits)

    def key(audit: Audit) -> tuple:
        day = meetings[audit.pk].day
        return (day is None, day or dt.date.min, audit.title, audit.pk)

    return sorted(audits, key=key)
