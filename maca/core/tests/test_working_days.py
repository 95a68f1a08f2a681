"""Working days: the bank holidays of England and Wales worked out by rule,
checked against the days GOV.UK lists, and the next working day after them."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.core.working_days import bank_holidays, easter_sunday, is_working_day, next_working_day


def _days(year, *month_days):
    return {dt.date(year, month, day) for month, day in month_days}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # Boxing Day on a Saturday: its substitute is Monday 28 December.
        (2025, _days(2025, (1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26))),
        (2026, _days(2026, (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28))),
        # Christmas on a Saturday: Monday 27 and Tuesday 28 December.
        (2027, _days(2027, (1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28))),
        # New Year's Day on a Sunday; Christmas on a Sunday (Boxing Day Monday, Christmas's substitute Tuesday);
        # the spring holiday moved to 2 June, the Platinum Jubilee and the Queen's funeral added.
        (2022, _days(2022, (1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27))),
        # The coronation added.
        (2023, _days(2023, (1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26))),
        # The early May holiday moved to Friday 8 May, VE Day.
        (2020, _days(2020, (1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28))),
        # New Year's Day on a Saturday: Monday 3 January.
        (2028, _days(2028, (1, 3), (4, 14), (4, 17), (5, 1), (5, 29), (8, 28), (12, 25), (12, 26))),
    ],
)
def test_the_bank_holidays_of_england_and_wales(year, expected):
    assert set(bank_holidays(year)) == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, (4, 21)), (2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2027, (3, 28)), (2038, (4, 25))],
)
def test_easter_by_the_gregorian_computus(year, easter):
    assert easter_sunday(year) == dt.date(year, *easter)


@pytest.mark.parametrize(
    ("day", "following"),
    [
        (dt.date(2026, 12, 24), dt.date(2026, 12, 29)),  # Christmas Eve: past Christmas and Boxing Day's substitute
        (dt.date(2027, 3, 25), dt.date(2027, 3, 30)),  # before Good Friday: after Easter Monday
        (dt.date(2026, 8, 28), dt.date(2026, 9, 1)),  # Friday before the summer bank holiday
        (dt.date(2026, 12, 31), dt.date(2027, 1, 4)),  # across the year, past New Year's Day and a weekend
        (dt.date(2026, 3, 6), dt.date(2026, 3, 9)),  # an ordinary Friday: Monday
        (dt.date(2026, 3, 10), dt.date(2026, 3, 11)),  # an ordinary Tuesday: Wednesday
    ],
)
def test_the_next_working_day(day, following):
    assert next_working_day(day) == following


def test_is_working_day():
    assert is_working_day(dt.date(2026, 12, 29))
    assert not is_working_day(dt.date(2026, 12, 28))  # Boxing Day's substitute
    assert not is_working_day(dt.date(2026, 12, 26))  # a Saturday
