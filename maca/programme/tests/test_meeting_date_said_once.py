"""Once the meeting records the day it was held, every page that shows the
audit's meeting shows that day (said as held), not the day it was planned:
the programme list, its year at a glance, the audit's page (as the QA officer
and the board member read them), and the year's list stays as fast."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.findings import services as findings_services
from maca.findings.tests.builders import audit_at_meeting
from maca.programme.models import Audit
from maca.programme.tests.factories import AuditFactory
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

PLANNED = dt.date(2026, 11, 6)
HELD = dt.date(2026, 11, 5)


def _held(world, audit, day=HELD):
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=PLANNED)
    findings_services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=day,
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    audit.refresh_from_db()
    return audit


def _row_of(page: str, title: str) -> str:
    """The words of the programme table's row for ``title`` (before the year at a glance)."""
    table = page.split("The 2026–27 year at a glance")[0]
    return table.split(title, 1)[1].split("Themed audit")[0]


@pytest.mark.parametrize("persona", ["qa", "board"])
def test_the_programme_list_shows_the_day_the_meeting_was_held_not_the_day_planned(world, client_for, persona):
    audit = _held(world, audit_at_meeting(world))
    client = client_for(world[persona])
    year = words_shown(client.get(reverse("programme:year", args=[2026])).content.decode())
    row = _row_of(year, audit.title)
    assert "5 Nov 2026 (held)" in row and "6 Nov 2026" not in row
    # The year at a glance says the same, in its table and on its mark.
    glance = year.split("The 2026–27 year at a glance", 1)[1]
    assert "5 Nov 2026 (held)" in glance and "6 Nov 2026" not in glance
    page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Meeting held 5 November 2026" in page and "6 November 2026" not in page


def test_before_the_meeting_records_a_day_the_list_shows_the_planned_day_unlabelled(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, planned_meeting_date=PLANNED)
    year = words_shown(client_for(world["board"]).get(reverse("programme:year", args=[2026])).content.decode())
    row = _row_of(year, audit.title)
    assert "6 Nov 2026" in row and "(held)" not in row


def test_the_year_list_reads_as_many_queries_however_many_meetings_were_held(world, client_for):
    client = client_for(world["qa"])
    held = []

    def add(n):
        for _ in range(n):
            held.append(_held(world, audit_at_meeting(world, cases=1)))

    url = reverse("programme:year", args=[2026])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert "5 Nov 2026 (held)" in _row_of(words_shown(client.get(url).content.decode()), held[-1].title)
