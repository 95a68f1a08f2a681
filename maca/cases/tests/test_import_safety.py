"""Case lists as they arrive in real life: identifiers in the wrong column, large
uploads, hidden sheets and rows, unborn children and impossible births, broken
files, zip bombs, and the size limits the documentation promises."""

import datetime as dt
import importlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.cases import reading, services
from maca.cases.dimensions import value_of
from maca.cases.models import Case, CaseImport, Child, ImportStatus
from maca.cases.tests.factories import (
    COLUMNS,
    HEADINGS,
    TODAY,
    child_row,
    csv_bytes,
    import_file,
    import_rows,
    problems_of,
    upload,
    uploaded_case_import,
)
from maca.core.fields import reveal

REPO = Path(__file__).resolve().parents[3]


def nhs_numbers(count: int) -> list[str]:
    from maca.cases.vocabulary import nhs_check_digit

    found = []
    n = 0
    while len(found) < count:
        first_nine = f"999{n:06d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            found.append(f"{first_nine}{check}")
        n += 1
    return found


# 9. No identifier in a stored problem ----------------------------------------------------


def test_nhs_numbers_mapped_onto_ethnicity_never_reach_the_stored_problems(world):
    numbers = nhs_numbers(30)
    rows = [child_row(f"F-{n}", f"C-{n}", NHS_No=number) for n, number in enumerate(numbers)]
    columns = {**{k: v for k, v in COLUMNS.items() if k != "nhs_number"}, "ethnicity": "NHS No"}
    case_import = import_rows(world.partnership, rows, columns=columns)
    assert case_import.status == ImportStatus.FAILED
    stored = json.dumps(CaseImport.objects.filter(pk=case_import.pk).values_list("errors", flat=True)[0])
    assert not any(number in stored for number in numbers)
    assert not re.search(r"\d{6}", stored)
    assert problems_of(case_import)[0][2].startswith("This is not an ethnicity we recognise")


def test_a_few_names_in_a_column_mapped_onto_sex_are_not_quoted_either(world):
    headers = [*HEADINGS, "Child name"]
    rows = [child_row("F-1", "C-1", **{"Child name": "Robin Ashgrove"}), child_row("F-2", "C-2")]
    for row in rows:
        row.setdefault("Child name", "Sam Fernlow")
    columns = {**COLUMNS, "sex": "Child name"}
    case_import = import_file(partnership=world.partnership, content=csv_bytes(rows, headers), columns=columns)
    stored = json.dumps(case_import.errors)
    assert "Ashgrove" not in stored and "Fernlow" not in stored
    assert [message for _, _, message in problems_of(case_import)] == [
        "This is not a sex we know. Use female, male, other or not known"
    ] * 2


def test_a_misspelt_word_in_a_vocabulary_column_is_still_quoted(world):
    rows = [child_row("F-1", "C-1", Sex="Femail")]
    assert problems_of(import_rows(world.partnership, rows)) == [
        (2, "Sex", "‘Femail’ is not a sex we know. Use female, male, other or not known")
    ]


def test_looking_at_an_imports_problems_is_logged(world, client_for):
    case_import = import_rows(world.partnership, [child_row("F-1", "C-1", Sex="Femail")], actor=world["qa"].user)
    page = client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk]))
    assert "Femail" in page.content.decode()
    event = AuditEvent.objects.get(action="case_import.viewed")
    assert event.actor == world["qa"].user and event.changes == {"problems": 1, "problems_shown": 1}


def test_problems_stored_before_now_lose_their_quoted_values():
    migration = importlib.import_module("maca.cases.migrations.0003_remove_cell_values_from_stored_problems")
    assert (
        migration.scrub("'9990000018' is not an ethnicity we recognise. Use a DfE code")
        == "This is not an ethnicity we recognise. Use a DfE code"
    )
    assert migration.scrub("'O'Brien' is not a sex we know.") == "This is not a sex we know."
    assert migration.scrub("'A', 'B' are not agencies of this partnership.") == (
        "These are not agencies of this partnership."
    )
    assert migration.scrub("'toxic trio' is not a flag: record") == "'toxic trio' is not a flag: record"
    assert migration.scrub("Not a valid NHS number") == "Not a valid NHS number"


# 13. Uploads never on disk in plain text; unimported uploads expire ----------------------------


def _big_csv(size: int) -> bytes:
    rows = [child_row(f"F-{n}", f"C-{n}", Team="North " * 20) for n in range(size // 150 + 1)]
    return csv_bytes(rows)


def test_a_large_upload_never_goes_to_a_temporary_file(world, client_for, monkeypatch):
    content = _big_csv(6 * 1024 * 1024)
    assert len(content) > django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    written = []
    original = TemporaryFileUploadHandler.new_file

    def spy(self, *args, **kwargs):
        written.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spy)
    response = client_for(world["qa"]).post(reverse("cases:import_new"), {"file": upload(content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert written == []
    stored = bytes(CaseImport.objects.get().content)
    assert b"Family ref" not in stored
    assert services.unseal_content(stored) == content


def test_an_upload_over_the_limit_is_refused_on_the_page(world, client_for, settings):
    settings.MACA_CASE_IMPORT_MAX_BYTES = 1024 * 1024
    response = client_for(world["qa"]).post(reverse("cases:import_new"), {"file": upload(_big_csv(2 * 1024 * 1024))})
    assert response.status_code == 200
    assert "The selected file must be 1 MB or smaller" in response.content.decode()
    assert not CaseImport.objects.exists()


def test_an_upload_never_imported_expires_and_its_file_is_deleted(world, client_for):
    old = uploaded_case_import(partnership=world.partnership, actor=world["qa"].user)
    later = timezone.now() + dt.timedelta(days=8)
    assert services.case_uploads_expire(partnership=world.partnership, before=later, days=7) == 1
    old.refresh_from_db()
    assert old.status == ImportStatus.EXPIRED and old.content is None
    event = AuditEvent.objects.get(action="case_import.expired")
    assert event.actor_label == "scheduled clean-up" and event.partnership == world.partnership
    assert services.case_uploads_expire(partnership=world.partnership, before=later) == 0  # idempotent
    page = client_for(world["qa"]).get(reverse("cases:import_detail", args=[old.pk])).content.decode()
    assert "Expired" in page and "has been deleted" in page


def test_the_daily_retention_run_expires_uploads_after_the_partnerships_period(world):
    from maca.partnerships.retention import periods_of, retention_apply

    assert periods_of(world.partnership)["uploaded_files"] == 7
    recent = uploaded_case_import(partnership=world.partnership, actor=world["qa"].user)
    retention_apply(now=timezone.now() + dt.timedelta(days=6))
    recent.refresh_from_db()
    assert recent.status == ImportStatus.UPLOADED and recent.content
    retention_apply(now=timezone.now() + dt.timedelta(days=8))
    recent.refresh_from_db()
    assert recent.status == ImportStatus.EXPIRED and recent.content is None


# 18. Excel: the visible sheet, never hidden rows ------------------------------------------


def _workbook(build) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    build(book)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _data_sheet(sheet, rows):
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append([row.get(heading, "") for heading in HEADINGS])


def test_a_hidden_first_sheet_is_not_read_and_the_page_says_which_sheet_was(world, client_for):
    def build(book):
        notes = book.active
        notes.title = "Old export"
        _data_sheet(notes, [child_row("F-OLD", "C-OLD")])
        notes.sheet_state = "hidden"
        _data_sheet(book.create_sheet("Case list"), [child_row("F-1", "C-1")])
        book.create_sheet("Notes").append(["Made by the data team"])

    case_import = import_file(partnership=world.partnership, content=_workbook(build), name="list.xlsx")
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    assert list(Case.objects.values_list("reference", flat=True)) == ["F-1"]
    assert case_import.notes == [
        "maca read the sheet ‘Case list’, the first visible one. Not read: ‘Old export’ (hidden), ‘Notes’."
    ]
    page = client_for(world["qa"]).get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "maca read the sheet ‘Case list’" in page


def test_hidden_rows_are_left_out_and_reported(world):
    def build(book):
        sheet = book.active
        _data_sheet(sheet, [child_row("F-1", "C-1"), child_row("F-2", "C-2"), child_row("F-3", "C-3")])
        sheet.row_dimensions[3].hidden = True

    case_import = import_file(partnership=world.partnership, content=_workbook(build), name="list.xlsx")
    assert case_import.status == ImportStatus.IMPORTED, case_import.errors
    assert sorted(Child.objects.values_list("reference", flat=True)) == ["C-1", "C-3"]
    assert "1 hidden row was left out (row 3)" in case_import.notes[1]


# 19. Dates of birth: nothing impossible, and unborn children ------------------------------


@pytest.mark.parametrize("born", ["14/03/1800", "0001-01-01", "01/01/1990"])
def test_a_date_of_birth_beyond_a_care_leavers_age_is_refused(world, born):
    problems = problems_of(import_rows(world.partnership, [child_row(DOB=born)]))
    assert [(row, column) for row, column, _ in problems] == [(2, "DOB")]
    assert problems[0][2].startswith("A date of birth must be on or after 16 June 2000")


def test_an_unborn_child_is_imported_from_the_expected_date_of_delivery(world):
    headers = [*HEADINGS, "EDD"]
    rows = [
        child_row("F-1", "C-1", DOB="14/03/2019"),
        child_row("F-1", "C-2", DOB="", EDD="20/09/2026", Sex="Unborn"),
        child_row("F-2", "C-3", DOB="", EDD="01/09/2027"),  # more than 10 months ahead
    ]
    for row in rows:
        row.setdefault("EDD", "")
    content = csv_bytes(rows, headers)
    case_import = uploaded_case_import(partnership=world.partnership, content=content)
    assert case_import.columns["expected_delivery"] == "EDD"  # guessed from the heading
    failed = import_file(partnership=world.partnership, content=content, columns=case_import.columns)
    assert problems_of(failed) == [
        (4, "EDD", "The expected date of delivery must be within 10 months, by 15 April 2027")
    ]
    imported = import_file(partnership=world.partnership, content=csv_bytes(rows[:2], headers), columns=failed.columns)
    assert imported.status == ImportStatus.IMPORTED, imported.errors
    unborn = Child.objects.get(reference="C-2")
    assert unborn.unborn and unborn.birth_month == dt.date(2026, 9, 1)
    assert reveal(unborn.identifiers) == {"expected_delivery": "2026-09-20"}
    case = Case.objects.get(reference="F-1")
    assert case.youngest_birth_month == dt.date(2026, 9, 1)
    row = {"youngest_birth_month": case.youngest_birth_month}
    assert value_of(row, "age_band", TODAY) == "unborn"
    assert value_of(row, "age_band", dt.date(2026, 9, 1)) == "under_1"


# 21. Broken files get messages that name the cause ----------------------------------------


def test_a_nul_character_is_named_with_its_row_and_column(world):
    rows = [child_row(f"F-{n}", f"C-{n}") for n in range(600)]  # past the first 64 KB
    rows.append(child_row("F-X", "C-X", Team="Nor\x00th"))
    case_import = import_file(partnership=world.partnership, content=csv_bytes(rows))
    assert case_import.status == ImportStatus.FAILED
    (row, column, message), *_ = problems_of(case_import)
    assert (row, column) == (602, "Team")
    assert message.startswith("This cell holds a NUL character")
    assert not Child.objects.exists()


def test_a_huge_cell_is_named_with_its_row_and_column(world):
    rows = [child_row("F-1", "C-1"), child_row("F-2", "C-2", Flags="x" * 1_000_000)]
    case_import = import_file(partnership=world.partnership, content=csv_bytes(rows))
    assert problems_of(case_import) == [
        (
            3,
            "Flags",
            "This cell holds 1,000,000 characters, more than a spreadsheet cell can (32,767). Usually a quote mark "
            '(") in this row is not closed, so the rest of the file reads as one cell: check the quote marks in '
            "this row",
        )
    ]


def test_a_title_row_above_the_headings_is_named(world):
    content = b"Case list export,,\n,,\n" + csv_bytes([child_row()])
    with pytest.raises(ValidationError) as error:
        uploaded_case_import(partnership=world.partnership, content=content)
    assert error.value.message_dict["file"] == [
        "Row 1 looks like a title, not the column headings, which seem to be in row 3. Delete the rows above the "
        "headings, so that the headings are in row 1, and upload the file again"
    ]


def test_semicolons_between_columns_are_named(world):
    content = csv_bytes([child_row()]).decode().replace(",", ";").encode()
    with pytest.raises(ValidationError, match=r"separated by semicolons \(;\), not commas"):
        uploaded_case_import(partnership=world.partnership, content=content)


# 22. A workbook that inflates too far is refused before it is read ------------------------


def test_a_workbook_that_inflates_to_hundreds_of_megabytes_is_refused(world):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        original = zipfile.ZipFile(io.BytesIO(_workbook(lambda book: _data_sheet(book.active, [child_row()]))))
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    content = stream.getvalue()
    assert len(content) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        uploaded_case_import(partnership=world.partnership, content=content, name="list.xlsx")
    assert error.value.message_dict["file"] == [
        "The workbook would take 300 MB once unzipped, more than maca accepts (256 MB). Save it as CSV and "
        "upload that instead"
    ]


# 23. The size limit and the row limit agree with each other and with the docs --------------


def test_the_size_limit_holds_the_rows_the_documentation_promises():
    from maca.cases.sample_data import generate_case_list

    stream = io.StringIO()
    generate_case_list(stream, children=2_000, seed=3, agencies=["Agency A", "Agency B"], names=True, today=TODAY)
    per_row = len(stream.getvalue().encode()) / 2_000
    assert per_row * reading.MAX_ROWS * 1.1 < reading.max_bytes()
    megabytes = reading.max_bytes() // (1024 * 1024)
    guide = (REPO / "docs" / "case-import.md").read_text()
    readme = (REPO / "README.md").read_text()
    assert f"{megabytes} MB" in guide and f"{reading.MAX_ROWS:,} rows" in guide
    assert f"| `MACA_CASE_IMPORT_MAX_BYTES` | largest case list accepted | {megabytes} MB |" in readme


def test_excels_separator_line_names_the_semicolons(world):
    """Excel writes "sep=;" above the headings where the list separator is a
    semicolon: the file is named as separated by semicolons, not read as one
    column headed "sep=;"."""
    content = b"sep=;\r\n" + csv_bytes([child_row()]).decode().replace(",", ";").encode()
    with pytest.raises(ValidationError, match=r"separated by semicolons \(;\), not commas"):
        uploaded_case_import(partnership=world.partnership, content=content)


def test_excels_separator_line_for_commas_is_read_past(world):
    rows = [child_row(), child_row("F-2", "C-2")]
    case_import = import_file(partnership=world.partnership, content=b"sep=,\r\n" + csv_bytes(rows))
    assert case_import.errors == []
    assert case_import.row_count == 2
    assert case_import.headers == list(HEADINGS)
