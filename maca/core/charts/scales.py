"""Scales and ticks: from values and dates to positions, and where the axis
labels go."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: dt.date) -> str:
    """``3 Mar 2027``, as GOV.UK writes a date in a table."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def nice_ticks(maximum: float, *, count: int = 5, whole: bool = True) -> list[float]:
    """Round steps from 0 to at least ``maximum``: 0, 5, 10... or 0, 25, 50,
    75, 100. ``whole``: never a step below 1 (for counts)."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    steps = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 6) for i in range(steps + 1)]


@dataclass(frozen=True)
class Linear:
    """Values from 0 to ``maximum`` onto ``start``..``end``."""

    maximum: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.maximum <= 0:
            return self.start
        return self.start + (self.end - self.start) * value / self.maximum


@dataclass(frozen=True)
class TimeScale:
    """Days from ``first`` to ``last`` onto ``start``..``end``."""

    first: dt.date
    last: dt.date
    start: float
    end: float

    @classmethod
    def around(cls, days: list[dt.date], start: float, end: float, *, margin: float = 0.03) -> TimeScale:
        """A scale holding every day of ``days``, with a little room either side
        (a fortnight either side of a single day)."""
        first, last = min(days), max(days)
        span = (last - first).days
        pad = dt.timedelta(days=max(round(span * margin), 1)) if span else dt.timedelta(days=14)
        return cls(first - pad, last + pad, start, end)

    def __call__(self, day: dt.date) -> float:
        total = (self.last - self.first).days or 1
        return self.start + (self.end - self.start) * (day - self.first).days / total


def _months_from(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def time_ticks(first: dt.date, last: dt.date, *, most: int = 7) -> list[tuple[dt.date, str]]:
    """Dates for the axis between ``first`` and ``last``, at most ``most`` of
    them, on round steps (days, weeks, months, quarters, years), with their
    labels (``3 Mar``, ``Mar 2027``, ``2027``)."""
    span = (last - first).days
    if span <= 45:
        step = next((s for s in (1, 2, 7, 14) if span / s <= most), 14)
        start = first if step < 7 else first + dt.timedelta(days=(7 - first.weekday()) % 7)
        ticks = []
        day = start
        while day <= last:
            ticks.append((day, f"{day.day} {MONTHS[day.month - 1]}"))
            day += dt.timedelta(days=step)
        return ticks
    step = next((m for m in (1, 2, 3, 6, 12, 24, 60) if span / 30.4 / m <= most), 120)
    day = _months_from(first, 1) if first.day != 1 else first
    if step >= 3:
        # Quarters start in January, April, July, October; longer steps in January.
        align = 3 if step < 12 else 12
        while (day.month - 1) % align:
            day = _months_from(day, 1)
    ticks = []
    while day <= last:
        label = str(day.year) if step >= 12 else f"{MONTHS[day.month - 1]} {day.year}"
        ticks.append((day, label))
        day = _months_from(day, step)
    return ticks
