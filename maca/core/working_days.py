"""Working days: Monday to Friday, less the bank holidays of England and Wales.

The bank holidays are worked out by rule, year by year, with no list to
download and no new dependency:

- New Year's Day (1 January);
- Good Friday and Easter Monday, from the date of Easter (the Gregorian
  computus, :func:`easter_sunday`);
- the early May bank holiday, the first Monday of May;
- the spring bank holiday, the last Monday of May;
- the summer bank holiday, the last Monday of August;
- Christmas Day and Boxing Day.

A holiday that falls on a Saturday or Sunday has a substitute day: the next
weekday that is not already a bank holiday (so Christmas on a Saturday gives
Monday 27 and Tuesday 28 December).

The government also moves or adds a bank holiday now and then, by royal
proclamation (a jubilee, a coronation, a state funeral). Those known are in
``MOVED`` and ``ADDED`` below. **A one-off bank holiday announced later must
be added there**: no rule can know it.

Imports no app: the findings app's "next working day" (an immediate
concern's "act by" day, and so its urgent action's due date) is this one.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

# A bank holiday of the rules moved to another day: {the rule's day: the day it moved to}.
MOVED: dict[dt.date, dt.date] = {
    dt.date(1995, 5, 1): dt.date(1995, 5, 8),  # early May, to VE Day's 50th anniversary
    dt.date(2002, 5, 27): dt.date(2002, 6, 4),  # spring, for the Golden Jubilee
    dt.date(2012, 5, 28): dt.date(2012, 6, 4),  # spring, for the Diamond Jubilee
    dt.date(2020, 5, 4): dt.date(2020, 5, 8),  # early May, to VE Day's 75th anniversary
    dt.date(2022, 5, 30): dt.date(2022, 6, 2),  # spring, for the Platinum Jubilee
}

# One-off bank holidays added to the year's.
ADDED: dict[dt.date, str] = {
    dt.date(1999, 12, 31): "Millennium",
    dt.date(2002, 6, 3): "Golden Jubilee",
    dt.date(2011, 4, 29): "Royal wedding",
    dt.date(2012, 6, 5): "Diamond Jubilee",
    dt.date(2022, 6, 3): "Platinum Jubilee",
    dt.date(2022, 9, 19): "State funeral of Queen Elizabeth II",
    dt.date(2023, 5, 8): "Coronation of King Charles III",
}

_ONE_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian
    algorithm: Meeus, Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - _ONE_DAY
    return last - dt.timedelta(days=last.weekday())


def _with_substitutes(days: list[dt.date], taken: set[dt.date]) -> set[dt.date]:
    """``days`` in order, each on a Saturday or Sunday replaced by the next
    weekday not already a bank holiday."""
    kept = set(taken)
    for day in days:
        if day.weekday() < 5:
            kept.add(day)
            continue
        substitute = day + _ONE_DAY
        while substitute.weekday() >= 5 or substitute in kept or substitute in days:
            substitute += _ONE_DAY
        kept.add(substitute)
    return kept


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in ``year``, substitute days
    in place of those falling at a weekend, the known one-off changes made."""
    easter = easter_sunday(year)
    by_rule = {
        easter - 2 * _ONE_DAY,  # Good Friday
        easter + _ONE_DAY,  # Easter Monday
        _first_monday(year, 5),  # early May bank holiday
        _last_monday(year, 5),  # spring bank holiday
        _last_monday(year, 8),  # summer bank holiday
    }
    by_rule = {MOVED.get(day, day) for day in by_rule}
    days = _with_substitutes([dt.date(year, 1, 1)], by_rule)
    days = _with_substitutes([dt.date(year, 12, 25), dt.date(year, 12, 26)], days)
    days |= {day for day in ADDED if day.year == year}
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday of England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day`` (:func:`is_working_day`)."""
    day += _ONE_DAY
    while not is_working_day(day):
        day += _ONE_DAY
    return day
