"""The kinds of data maca keeps no longer than a partnership decides.

Each app that holds case-level data registers, from its ``AppConfig.ready()``,
what it removes or de-identifies once a partnership's period has passed
(:func:`register`). The periods a partnership sets, the page where its admin
sets them and the daily run are ``maca.partnerships.retention``;
docs/operations.md lists every kind with its default.

An apply function deletes or de-identifies the records of one partnership
whose period started before ``before``, and returns how many records it
changed. It is called inside the run's transaction, in that partnership's
scope, and must be idempotent: a second run the same day finds nothing more.
It never writes identifiers anywhere, not even in what it returns.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # "Cases in the pool never selected for an audit"
    happens: str  # what the run does: "deleted, with their children"
    counted_from: str  # when the period starts: "the last case list that listed them"
    unit: str  # "months" or "days"
    default: int
    minimum: int
    maximum: int
    apply: Callable[..., int]  # apply(*, partnership, before: datetime) -> records changed
    order: int = 100

    def cutoff(self, period: int, now: dt.datetime) -> dt.datetime:
        """Records whose period started before this have passed it."""
        return months_before(now, period) if self.unit == "months" else now - dt.timedelta(days=period)

    def describe(self, period: int) -> str:
        unit = self.unit if period != 1 else self.unit.rstrip("s")
        return f"{period} {unit}"


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.unit not in {"months", "days"} or not kind.minimum <= kind.default <= kind.maximum:
        raise ValueError(f"Retention kind {kind.key!r} is not well formed.")
    _kinds[kind.key] = kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def kind(key: str) -> Kind:
    return _kinds[key]
