"""The home page's lists of audits, soonest meeting first, go by the meeting
day each audit shows (held once recorded, else planned:
``meeting_day.meeting_ordering``), ordered in the database so that the few a
panel takes are the soonest by that day; an audit with no day comes last."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Meeting
from maca.home.tests.test_home import _home, _panel
from maca.programme.models import Audit
from maca.programme.services import audit_set_scrutineers
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _audit(world, programme, title: str, planned: dt.date | None, held: dt.date | None = None) -> Audit:
    audit = AuditFactory(partnership=world.partnership, programme=programme, lead=world["qa"].user, title=title)
    # Only the meeting's day matters here, not the rest of the plan it is checked against.
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=planned)
    if held:
        Meeting.objects.create(partnership=world.partnership, audit=audit, held_on=held)
    audit.refresh_from_db()
    return audit


def _titles(page: str, panel: str) -> list[str]:
    return [text.split(" (")[0] for text in _panel(page, panel)]


def test_audits_in_progress_are_the_eight_soonest_by_the_meeting_day_shown(world, client_for):
    programme = ProgrammeFactory(partnership=world.partnership)
    today = timezone.localdate()
    # By its plan, the first; held later than planned, second.
    _audit(world, programme, "Met after its plan", today - dt.timedelta(days=60), today - dt.timedelta(days=1))
    for n in range(1, 8):
        _audit(world, programme, f"Planned {n}", today + dt.timedelta(days=10 * n))
    # By its plan, the last, not among the eight; held before the rest, first.
    _audit(world, programme, "Met before its plan", today + dt.timedelta(days=200), today - dt.timedelta(days=5))

    assert _titles(_home(client_for(world["qa"])), "Audits in progress") == [
        "Met before its plan",
        "Met after its plan",
        *[f"Planned {n}" for n in range(1, 7)],
    ]


def test_the_audits_a_scrutineer_scrutinises_are_in_the_order_of_the_meeting_day_shown(world, client_for):
    programme = ProgrammeFactory(partnership=world.partnership)
    today = timezone.localdate()
    audits = [
        _audit(world, programme, "No day yet", None),
        _audit(world, programme, "Met after its plan", today - dt.timedelta(days=30), today - dt.timedelta(days=1)),
        _audit(world, programme, "Not met yet", today - dt.timedelta(days=10)),
    ]
    for audit in audits:
        audit_set_scrutineers(
            actor=world["qa"].user, audit=audit, scrutineers=[world["scrutineer"].user], expected_version=audit.version
        )
    assert _titles(_home(client_for(world["scrutineer"])), "Audits you are scrutinising") == [
        "Not met yet",
        "Met after its plan",
        "No day yet",
    ]


def test_the_qa_officers_home_page_does_not_get_slower_with_more_audits_met(world, client_for):
    programme = ProgrammeFactory(partnership=world.partnership)
    today = timezone.localdate()
    audits = []

    def add(n):
        for _ in range(n):
            # Each planned after the one before but held before it.
            count = len(audits)
            audits.append(
                _audit(
                    world,
                    programme,
                    f"Audit {count:02}",
                    today + dt.timedelta(days=count),
                    today - dt.timedelta(days=1 + count),
                )
            )

    client = client_for(world["qa"])
    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    # The eight met last of the twelve, by the day each was met.
    assert _titles(_home(client), "Audits in progress") == [f"Audit {n:02}" for n in range(11, 3, -1)]
