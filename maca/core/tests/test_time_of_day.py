"""Times are written in GOV.UK style: 2:05pm, and midday and midnight rather
than 12pm and 12am."""

import datetime as dt

from maca.core.presenters import time_of_day


def test_times_are_written_the_gov_uk_way():
    assert time_of_day(dt.datetime(2027, 3, 7, 14, 5)) == "2:05pm"
    assert time_of_day(dt.datetime(2027, 3, 7, 9, 30)) == "9:30am"
    assert time_of_day(dt.datetime(2027, 3, 7, 12, 0)) == "midday"
    assert time_of_day(dt.datetime(2027, 3, 7, 0, 0)) == "midnight"
    assert time_of_day(dt.datetime(2027, 3, 7, 12, 15)) == "12:15pm"
    assert time_of_day(dt.datetime(2027, 3, 7, 0, 15)) == "12:15am"


def test_with_seconds_only_the_exact_hour_is_midday():
    assert time_of_day(dt.datetime(2027, 3, 7, 12, 0, 0), seconds=True) == "midday"
    assert time_of_day(dt.datetime(2027, 3, 7, 12, 0, 9), seconds=True) == "12:00:09pm"
