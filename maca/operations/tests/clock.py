"""A moment of a day in the service's time zone, for the scheduler's tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
