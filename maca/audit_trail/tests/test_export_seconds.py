"""The Excel download gave an event's time a second later than the page when
the event happened in the second half of a second: the spreadsheet rounds
what the page cuts off. The download writes whole seconds, as the page shows."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maca.audit_trail.services import record
from maca.core.presenters import date_time
from maca.tests.tables import read_tables


def test_an_event_late_in_its_second_is_written_at_the_second_the_page_shows(world, client_for):
    late_in_a_second = dt.datetime(2026, 12, 7, 6, 30, 20, 900_000, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_in_a_second):
        record(actor=world["qa"].user, action="case.viewed", partnership=world.partnership, target=world.police)
    client = client_for(world["admin"])
    query = {"action": "case.viewed"}
    shown = read_tables(client.get(reverse("audit_trail:events"), query).content.decode())["Audit log"]
    response = client.get(reverse("audit_trail:events_export", args=["xlsx"]), query)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    written = list(sheet.iter_rows(values_only=True))[1][0]
    assert written == timezone.localtime(late_in_a_second).replace(microsecond=0, tzinfo=None)
    assert date_time(timezone.make_aware(written), seconds=True) == shown.rows[0][0].partition(", log entry ")[0]
