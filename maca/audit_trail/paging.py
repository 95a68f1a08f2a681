"""Keyset pagination of the audit log, newest first.

A page is found from the last event the person saw (its time and id), not by
counting rows from the start: the ten-thousandth page costs what the first
does. An OFFSET would make the database read and throw away every event
before the page (2.8 s for the oldest page of a million events).

``after`` is the cursor of the last event shown (the next, older page);
``before`` the cursor of the first (the previous, newer page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from maca.core.numbers import whole_number

PAGE_SIZE = 50
# Counting every match among a million events costs more than the page itself
# (recent events are read from the table, not the index alone): above this
# many, the page says "more than".
COUNT_CAP = 1_000

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Cursor:
    occurred_at: dt.datetime
    id: int

    def __str__(self) -> str:
        micros = (self.occurred_at - _EPOCH) // dt.timedelta(microseconds=1)
        return f"{micros}-{self.id}"


def cursor_of(event) -> str:
    return str(Cursor(event.occurred_at, event.pk))


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor in a link, or None for anything that is not one."""
    if not text:
        return None
    micros, _, pk = text.partition("-")
    micros, pk = whole_number(micros), whole_number(pk)
    if micros is None or pk is None:
        return None
    try:
        return Cursor(_EPOCH + dt.timedelta(microseconds=micros), pk)
    except OverflowError:
        return None  # a time no event can have


def _older_than(cursor: Cursor) -> Q:
    # The first condition lets the index start at the cursor; the second
    # breaks ties between events recorded in the same microsecond.
    return Q(occurred_at__lte=cursor.occurred_at) & (Q(occurred_at__lt=cursor.occurred_at) | Q(id__lt=cursor.id))


def _newer_than(cursor: Cursor) -> Q:
    return Q(occurred_at__gte=cursor.occurred_at) & (Q(occurred_at__gt=cursor.occurred_at) | Q(id__gt=cursor.id))


@dataclass
class Page:
    events: list
    newer: str | None  # cursor for the previous (newer) page, if there is one
    older: str | None  # cursor for the next (older) page, if there is one
    matches: int  # capped at COUNT_CAP + 1
    is_first: bool

    @property
    def matches_more_than_cap(self) -> bool:
        return self.matches > COUNT_CAP


def page_of(events: QuerySet, *, after: str | None = None, before: str | None = None, size: int = PAGE_SIZE) -> Page:
    older_than, newer_than = parse_cursor(after), parse_cursor(before)
    if newer_than is not None:
        rows = list(events.filter(_newer_than(newer_than)).order_by("occurred_at", "id")[: size + 1])
        has_newer, has_older = len(rows) > size, True
        rows = list(reversed(rows[:size]))
    else:
        if older_than is not None:
            events_page = events.filter(_older_than(older_than))
        else:
            events_page = events
        rows = list(events_page.order_by("-occurred_at", "-id")[: size + 1])
        has_newer, has_older = older_than is not None, len(rows) > size
        rows = rows[:size]
    return Page(
        events=rows,
        newer=cursor_of(rows[0]) if rows and has_newer else None,
        older=cursor_of(rows[-1]) if rows and has_older else None,
        matches=events.order_by()[: COUNT_CAP + 1].count(),
        is_first=newer_than is None and older_than is None,
    )


def pagination(page: Page, query) -> dict | None:
    """GOV.UK pagination with previous and next only, keeping the filters."""
    if not (page.newer or page.older):
        return None

    def href(**cursor) -> str:
        params = query.copy()
        for key in ("after", "before", "page"):
            params.pop(key, None)
        params.update(cursor)
        return "?" + params.urlencode()

    params: dict = {}
    if page.newer:
        params["previous"] = {"href": href(before=page.newer), "labelText": "Newer events"}
    if page.older:
        params["next"] = {"href": href(after=page.older), "labelText": "Older events"}
    return params
