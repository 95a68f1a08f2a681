"""Dates the action plan uses: business years, quarters and working days."""

from __future__ import annotations

import datetime as dt

from maca.programme.models import year_bounds, year_of

# Years run April to March, as the audit programme's do (defined there once).
business_year_of = year_of
business_year_bounds = year_bounds


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
