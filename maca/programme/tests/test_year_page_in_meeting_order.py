"""A year's page lists its audits in the order of the meeting day each shows
(``meeting_day.meeting_ordering``): the day held once recorded, else the day
planned, an audit with no day last; so an audit planned for June but held in
November sits among November's, not June's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.findings.models import Meeting
from maca.programme.models import Audit, year_label
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def test_the_years_audits_are_in_the_order_of_the_meeting_day_shown(world, client_for):
    programme = ProgrammeFactory(partnership=world.partnership, year=2026)
    audits = {}
    for title, planned in (
        ("Held late", dt.date(2026, 6, 1)),
        ("Not held yet", dt.date(2026, 9, 1)),
        ("Held early", dt.date(2026, 12, 1)),
        ("A day not set", None),
    ):
        audits[title] = AuditFactory(partnership=world.partnership, programme=programme, title=title)
        # Only the meeting's day matters here, not the rest of the plan it is checked against.
        Audit.objects.filter(pk=audits[title].pk).update(planned_meeting_date=planned)
    Meeting.objects.create(partnership=world.partnership, audit=audits["Held late"], held_on=dt.date(2026, 11, 20))
    Meeting.objects.create(partnership=world.partnership, audit=audits["Held early"], held_on=dt.date(2026, 7, 10))

    tables = read_tables(client_for(world["qa"]).get(reverse("programme:year", args=[2026])).content.decode())
    listed = tables["Audits"]
    meeting = listed.head.index("Meeting")
    assert [(row[0], row[meeting]) for row in listed.rows] == [
        ("Held early", "10 Jul 2026 (held)"),
        ("Not held yet", "1 Sep 2026"),
        ("Held late", "20 Nov 2026 (held)"),
        ("A day not set", "–"),
    ]
    # The year at a glance, read as a table, in the same order.
    glance = tables[f"The {year_label(2026)} year at a glance"]
    assert [row[0] for row in glance.rows] == ["Held early", "Not held yet", "Held late", "A day not set"]
