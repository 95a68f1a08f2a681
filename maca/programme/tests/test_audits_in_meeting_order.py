"""Audits listed with the meeting day each shows are in that day's order
(``meeting_day.in_meeting_order``): the day held once recorded, else the day
planned, an audit with neither last; read in one query however many audits,
or ordered so in the database (``meeting_ordering``)."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.core.presenters import short_date
from maca.findings.models import Meeting
from maca.programme.meeting_day import in_meeting_order, meeting_days, meeting_ordering
from maca.programme.models import Audit
from maca.programme.tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


def test_audits_are_in_the_order_of_the_day_shown_not_the_day_planned(world, django_assert_num_queries):
    p = world.partnership
    audits = []
    for title, planned in (
        ("Held late", dt.date(2026, 6, 1)),
        ("Not held yet", dt.date(2026, 9, 1)),
        ("Held early", dt.date(2026, 12, 1)),
        ("A day not set", None),
    ):
        audit = AuditFactory(partnership=p, title=title)
        Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=planned)
        audit.refresh_from_db()
        audits.append(audit)
    held_late, _planned, held_early, _no_day = audits
    Meeting.objects.create(partnership=p, audit=held_late, held_on=dt.date(2026, 11, 20))
    Meeting.objects.create(partnership=p, audit=held_early, held_on=dt.date(2026, 7, 10))

    with django_assert_num_queries(1):
        ordered = in_meeting_order(audits)
    assert [a.title for a in ordered] == ["Held early", "Not held yet", "Held late", "A day not set"]
    days = meeting_days(audits)
    assert [days[a.pk].short for a in ordered] == [
        "10 Jul 2026 (held)",
        "1 Sep 2026",
        "20 Nov 2026 (held)",
        short_date(None),
    ]
    with django_assert_num_queries(0):  # the days already read are not read again
        assert in_meeting_order(audits, days) == ordered


def test_the_database_orders_audits_as_in_meeting_order_sorts_them(world, django_assert_num_queries):
    """``meeting_ordering``, for a list ordered (and sliced) in the database,
    is the same order, read in the one query that reads the audits."""
    p = world.partnership
    audits = []
    for title, planned, held in (
        ("Held late", dt.date(2026, 6, 1), dt.date(2026, 11, 20)),
        ("Not held yet", dt.date(2026, 9, 1), None),
        ("B day not set", None, None),
        ("Held early", dt.date(2026, 12, 1), dt.date(2026, 7, 10)),
        ("A day not set", None, None),
        ("Also not held yet", dt.date(2026, 9, 1), None),
    ):
        audit = AuditFactory(partnership=p, title=title)
        Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=planned)
        if held:
            Meeting.objects.create(partnership=p, audit=audit, held_on=held)
        audit.refresh_from_db()
        audits.append(audit)

    with django_assert_num_queries(1):
        ordered = [a.title for a in Audit.objects.filter(partnership=p).order_by(*meeting_ordering())]
    assert (
        ordered
        == [a.title for a in in_meeting_order(audits)]
        == [
            "Held early",
            "Also not held yet",
            "Not held yet",
            "Held late",
            "A day not set",
            "B day not set",
        ]
    )
