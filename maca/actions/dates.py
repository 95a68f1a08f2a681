"""Dates the action plan uses: business years, quarters and working days."""

from __future__ import annotations

import datetime as dt


def business_year_of(day: dt.date) -> int:
    """Years run April to March: 1 March 2027 is in the year 2026."""
    return day.year if day.month >= 4 else day.year - 1


def business_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def last_quarter_start(today: dt.date) -> dt.date:
    """'The last quarter' on the board's summary: the three months up to today."""
    return months_before(today, 3)
