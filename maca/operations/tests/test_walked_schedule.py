"""Found walking the schedule page in a browser: the days a job ran for were
written "3 Dec 2026", where every other page (and the page's own "Next run"
column) writes "3 December 2026"."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse

from maca.operations.models import RunStatus, ScheduledRun


def _text(client) -> str:
    response = client.get(reverse("operations:schedule"))
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_schedule_writes_days_and_times_as_every_other_page_does(world, client_for):
    ScheduledRun.objects.create(
        job="returns.reminders", day=dt.date(2026, 11, 30), status=RunStatus.DONE, outcome="0 reminders sent"
    )
    page = _text(client_for(world["admin"]))
    assert "Every day at 7:00am 30 November 2026 Done" in page
    assert "30 Nov 2026" not in page
    # The recent runs table, too.
    assert "30 November 2026 Reminders about outstanding returns Done" in page


def test_people_who_cannot_read_the_schedule_are_refused(world, client_for):
    for persona in ("qa", "lead", "board", "scrutineer"):
        assert client_for(world[persona]).get(reverse("operations:schedule")).status_code == 403
