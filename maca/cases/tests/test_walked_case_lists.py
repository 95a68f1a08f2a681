"""Found walking the case lists as a QA officer: uploading good and bad files,
reading the problems, stopping an import. Every name and reference is made up."""

from __future__ import annotations

import re

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.cases.models import Case, Child, ImportStatus
from maca.cases.services import case_import_discard
from maca.cases.tests.factories import (
    COLUMNS,
    HEADINGS,
    child_row,
    csv_bytes,
    import_file,
    import_rows,
    problems_of,
    queued_case_import,
    upload,
    uploaded_case_import,
)


def text_of(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_an_unclosed_quote_mark_is_a_problem_not_rows_silently_lost(world, client_for):
    # A quote mark opened in row 3 and never closed: the csv reader reads the
    # rest of the file into that cell, and rows 4 and 5 were dropped without a
    # word while the import said "Rows read 2".
    good = csv_bytes([child_row("F-1", "C-1")]).decode()
    broken = (
        good
        + 'F-2,C-2,14/03/2019,,F,WBRI,N,Child in need,"North,,,,,,,,\r\n'
        + "F-3,C-3,14/03/2019,,F,WBRI,N,Child in need,North,,,,,,,,\r\n"
        + "F-4,C-4,14/03/2019,,F,WBRI,N,Child in need,North,,,,,,,,\r\n"
    )
    case_import = import_file(partnership=world.partnership, content=broken.encode(), actor=world["qa"].user)

    assert case_import.status == ImportStatus.FAILED
    assert problems_of(case_import) == [
        (
            3,
            "Team",
            'A quote mark (") at the start of this cell is not closed, so every row after it was read as part of '
            "this cell. Check the quote marks in this row, or export the list again",
        )
    ]
    assert not Child.objects.filter(partnership=world.partnership).exists()
    page = text_of(client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk])))
    assert "Nothing was imported" in page and "3 Team A quote mark" in page


def test_a_closed_quoted_cell_with_a_line_break_at_the_end_of_the_file_is_read(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-2", Team="North\nCoast")]
    case_import = import_rows(world.partnership, rows, actor=world["qa"].user)
    assert case_import.status == ImportStatus.IMPORTED
    assert Case.objects.get(partnership=world.partnership, reference="F-2").locality == "North\nCoast"


def test_problems_quote_values_with_curly_quote_marks(world, client_for):
    rows = [child_row("F-1", "C-1", Level_of_service="Early hlep", Flags="toxic trio", SEND="Maybe")]
    case_import = import_rows(world.partnership, rows, actor=world["qa"].user)
    page = text_of(client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk])))
    assert "‘Early hlep’ is not a level of service" in page
    assert "‘toxic trio’ is not a flag" in page
    assert "‘Maybe’ is not yes or no" in page
    assert "'Early hlep'" not in page and "'toxic trio'" not in page


def test_a_wrong_date_among_referral_dates_is_said_in_plain_words(world, client_for):
    rows = [
        child_row("F-1", "C-1", Referral_dates="01/02/2026; 31/02/2026"),
        child_row("F-2", "C-2", Referral_dates="01/02/2026; 01/02/2099"),
    ]
    case_import = import_rows(world.partnership, rows, actor=world["qa"].user)
    assert problems_of(case_import) == [
        (2, "Referral dates", "One of the dates is not a real date (such as 31/02/2026): that day does not exist"),
        (3, "Referral dates", "One of the dates is in the future: a date must not be in the future"),
    ]
    page = text_of(client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk])))
    assert "(Enter a real date" not in page


def test_the_import_page_gives_the_problem_count_as_the_list_does(world, client_for):
    rows = [child_row(f"F-{n}", f"C-{n}", Sex="Femail") for n in range(1, 1002)]
    case_import = import_rows(world.partnership, rows, actor=world["qa"].user)
    client = client_for(world["qa"])
    listing = text_of(client.get(reverse("cases:imports")))
    page = text_of(client.get(reverse("cases:import_detail", args=[case_import.pk])))
    assert "1,001 problems" in listing
    assert "1,001 problems found" in page and "1001 problems" not in page


def test_a_stopped_import_says_when_it_was_discarded_not_finished(world, client_for):
    case_import = queued_case_import(partnership=world.partnership, actor=world["qa"].user)
    client = client_for(world["qa"])
    page = client.get(reverse("cases:import_detail", args=[case_import.pk]))
    assert "Stop and discard this import" in text_of(page)
    response = client.post(reverse("cases:import_discard", args=[case_import.pk]))
    assert response.status_code == 302
    page = text_of(client.get(reverse("cases:import_detail", args=[case_import.pk])))
    assert "Status Discarded" in page
    assert re.search(r"Discarded \d{1,2} [A-Z][a-z]+ \d{4} at", page)
    assert " Finished " not in page
    assert "Stop and discard" not in page


def test_watching_an_import_in_progress_does_not_fill_the_audit_log(world, client_for):
    case_import = queued_case_import(partnership=world.partnership, actor=world["qa"].user)
    client = client_for(world["qa"])
    for _ in range(3):  # the page fetches its progress every few seconds
        client.get(reverse("cases:import_detail", args=[case_import.pk]), headers={"HX-Request": "true"})
    assert not AuditEvent.objects.filter(action="case_import.viewed").exists()
    case_import_discard(actor=world["qa"].user, case_import=case_import)


def test_opening_the_problems_of_an_import_is_still_recorded(world, client_for):
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1", Sex="Femail")], actor=world["qa"].user)
    client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk]))
    event = AuditEvent.objects.get(action="case_import.viewed")
    assert event.changes == {"problems": 1, "problems_shown": 1}


def test_the_mapping_page_uses_curly_apostrophes_and_says_optional_once(world, client_for):
    content = csv_bytes([child_row()], headers=[*HEADINGS, "Name"])
    client = client_for(world["qa"])
    response = client.post(reverse("cases:import_new"), {"file": upload(content, "export.csv")})
    page = text_of(client.get(response["Location"]))
    assert "Child’s name (optional)" in page and "Child's" not in page
    assert "the partnership’s agencies" in page
    assert "‘Case management export’" in page
    assert "Optional. Kept encrypted" not in page


def test_the_nhs_number_column_cannot_also_be_the_child_reference(world, client_for):
    # Mapped by a slip, the NHS numbers became the child references: stored in
    # clear and shown to agencies, and new "children" that are never deleted.
    rows = [child_row("F-1", "C-1", NHS_No="9990000018")]
    client = client_for(world["qa"])
    response = client.post(reverse("cases:import_new"), {"file": upload(csv_bytes(rows), "export.csv")})
    mapping_url = response["Location"]
    response = client.post(mapping_url, {**COLUMNS, "child_reference": "NHS No"})
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert (
        "Select another column for the child reference: ‘NHS No’ is the NHS number, which is kept encrypted and "
        "must not be shown as a reference"
    ) in page
    assert client.get(mapping_url).status_code == 200  # still waiting for its columns
    assert not Child.objects.filter(partnership=world.partnership).exists()


def test_a_date_of_birth_on_the_case_page_is_written_out():
    from types import SimpleNamespace

    from maca.cases.pool_presenters import identifiers_rows

    case = SimpleNamespace(identifiers={"case_system_number": "CS-1"})
    child = SimpleNamespace(
        reference="C1",
        identifiers={"date_of_birth": "2014-04-19", "expected_delivery": "not a date", "case_system_number": "P-7"},
    )
    rows = {row["key"]["text"]: row["value"]["text"] for row in identifiers_rows(case, [child])}
    assert rows == {
        "Family – Family number in the case system": "CS-1",
        "C1 – Child’s number in the case system": "P-7",
        "C1 – Date of birth": "19 April 2014",
        "C1 – Expected date of delivery": "not a date",
    }


def test_the_progress_fetch_that_shows_a_finished_imports_problems_is_recorded(world, client_for):
    """Review: the last fetch of a watched import brings its problems; the
    HX-Request header (which anyone can send) must not keep it out of the log."""
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1", Sex="Femail")], actor=world["qa"].user)
    client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk]), headers={"HX-Request": "true"})
    event = AuditEvent.objects.get(action="case_import.viewed")
    assert event.changes == {"problems": 1, "problems_shown": 1}


def test_the_audit_log_does_not_keep_a_case_lists_file_name(world, client_for):
    """A file's name is chosen by a person and may name a family; the audit
    log is kept longer than the import. It names the import by its number and
    the file by its digest; the import's own page still shows the name."""
    case_import = uploaded_case_import(
        partnership=world.partnership, actor=world["qa"].user, name="Family of the Example children.csv"
    )
    client = client_for(world["admin"])
    client.get(reverse("cases:import_detail", args=[case_import.pk]))
    events = AuditEvent.objects.filter(object_type="cases.caseimport")
    assert {e.action for e in events} >= {"case_import.uploaded", "case_import.viewed"}
    for event in events:
        assert "Example" not in f"{event.object_label} {event.changes}"
    uploaded = events.get(action="case_import.uploaded")
    assert uploaded.changes["sha256"] == case_import.file_sha256
    log = text_of(client.get(reverse("audit_trail:events")))
    assert f"uploaded a case list (case list import {case_import.pk})" in log
    assert "Example" not in log
    assert "Family of the Example children.csv" in text_of(
        client.get(reverse("cases:import_detail", args=[case_import.pk]))
    )
