"""Downloading the audit log, for a review or an information governance
request: every event the filters find (not one page), every detail of each,
nothing a spreadsheet would run, and the download itself logged."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maca.audit_trail.context import RequestContext, reset, set_current
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.core import exports
from maca.core.presenters import date_time
from maca.tests.querycount import count_queries
from maca.tests.tables import read_tables

HEADINGS = [
    "When",
    "Who",
    "Action",
    "Kind of record",
    "Record number",
    "Record",
    "Network address",
    "Browser",
    "Request",
    "Changes",
    "What happened",
]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def add_events(world, count: int, action: str = "case.viewed") -> None:
    for number in range(count):
        record(
            actor=world["qa"].user,
            action=action,
            partnership=world.partnership,
            target=world.police,
            changes={"case": f"F-{number:06d}"},
        )


def test_the_download_holds_every_event_the_filters_find(world, client_for):
    add_events(world, 60)
    add_events(world, 3, action="agency.updated")
    client = client_for(world["admin"])
    query = {"action": "case.viewed"}
    page = client.get(reverse("audit_trail:events"), query).content.decode()
    assert "60 events" in page and "Download every event that matches these filters" in page
    rows = csv_rows(client.get(reverse("audit_trail:events_export", args=["csv"]), query))
    assert rows[0] == HEADINGS
    assert len(rows) == 61 and {row[2] for row in rows[1:]} == {"case.viewed"}  # all 60, not the page's 50
    first = rows[1]
    assert first[1] == world["qa"].user.email
    assert first[3:6] == ["partnerships.agency", str(world.police.pk), "Testshire Police"]
    assert json.loads(first[9]) == {"case": "F-000059"}  # newest first, as on the page
    event = AuditEvent.objects.get(action="audit_log.exported")
    assert event.changes == {"format": "csv", "events": 60, "filters": {"action": "case.viewed"}}


def test_the_download_in_excel_matches_the_page(world, client_for):
    add_events(world, 3)
    client = client_for(world["admin"])
    query = {"action": "case.viewed"}
    shown = read_tables(client.get(reverse("audit_trail:events"), query).content.decode())["Audit log"]
    response = client.get(reverse("audit_trail:events_export", args=["xlsx"]), query)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    for written, seen in zip(rows[1:], shown.rows, strict=True):
        assert date_time(timezone.make_aware(written[0]), seconds=True) == seen[0].partition(", log entry ")[0]
        assert written[10] == seen[1]  # the sentence, as the page reads


def test_a_browser_name_that_is_a_formula_is_written_as_text(world, client_for):
    token = set_current(RequestContext(ip_address="192.0.2.9", user_agent="=cmd|' /C calc'!A0", request_id="r1"))
    try:
        record(actor=world["qa"].user, action="case.viewed", partnership=world.partnership, target=world.police)
    finally:
        reset(token)
    client = client_for(world["admin"])
    response = client.get(reverse("audit_trail:events_export", args=["xlsx"]), {"action": "case.viewed"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["H2"].value == "'=cmd|' /C calc'!A0"
    rows = csv_rows(client.get(reverse("audit_trail:events_export", args=["csv"]), {"action": "case.viewed"}))
    assert rows[1][7] == "'=cmd|' /C calc'!A0"


def test_the_download_is_of_this_partnerships_log_only(world, client_for):
    add_events(world, 2)
    rows = csv_rows(client_for(world["outsider"]).get(reverse("audit_trail:events_export", args=["csv"])))
    assert all("testshire" not in ",".join(row).lower() for row in rows)


def test_filters_with_a_mistake_send_back_to_the_page(world, client_for):
    client = client_for(world["admin"])
    response = client.get(
        reverse("audit_trail:events_export", args=["csv"]),
        {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2026"},
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("audit_trail:events"))
    assert not AuditEvent.objects.filter(action="audit_log.exported").exists()


def test_more_events_than_a_spreadsheet_holds_are_refused_with_a_reason(world, client_for, monkeypatch):
    add_events(world, 5)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    client = client_for(world["admin"])
    response = client.get(reverse("audit_trail:events_export", args=["xlsx"]), {"action": "case.viewed"}, follow=True)
    assert "A spreadsheet holds at most 3 rows and this has 5" in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit_log.exported").exists()


def test_the_download_asks_the_same_number_of_queries_however_long_the_log(world, client_for):
    client = client_for(world["admin"])

    def fetch():
        response = client.get(reverse("audit_trail:events_export", args=["csv"]))
        b"".join(response.streaming_content)
        return response

    counts = []
    for more in (5, 3000):
        add_events(world, more)
        fetch()
        counts.append(count_queries(fetch))
    assert counts[0] == counts[1]
