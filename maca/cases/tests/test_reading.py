"""Opening uploaded files: type, size, encoding, headings, formulas."""

import datetime as dt

import pytest

from maca.cases import reading
from maca.cases.tests.factories import HEADINGS, child_row, csv_bytes, xlsx_bytes


def rows_of(table) -> list:
    """Rows as ``(number, {heading: value})``."""
    return [(number, dict(zip(table.headers, record, strict=True))) for number, record in table.rows]


def test_a_csv_with_excels_byte_order_mark_reads_its_first_heading_cleanly():
    table = reading.open_table(b"\xef\xbb\xbf" + csv_bytes([child_row()]), "csv")
    assert table.headers[0] == "Family ref"
    assert rows_of(table)[0][1]["Family ref"] == "F-1"


def test_a_csv_that_is_not_utf8_is_read_as_windows_1252():
    content = csv_bytes([child_row(Team="Tŷ Coch")], encoding="utf-8").replace("ŷ".encode(), b"\xe9")
    (_number, row), *_ = rows_of(reading.open_table(content, "csv"))
    assert row["Team"] == "Té Coch"


def test_row_numbers_are_the_spreadsheets_and_blank_rows_are_skipped():
    content = csv_bytes([child_row(child="C-1"), {}, child_row(child="C-2")])
    assert [(number, row["Child ref"]) for number, row in rows_of(reading.open_table(content, "csv"))] == [
        (2, "C-1"),
        (4, "C-2"),
    ]


def test_headings_must_be_unique_and_not_empty():
    with pytest.raises(reading.FileRejected, match="the heading ‘team’ is used for columns 1 and 3"):
        reading.open_table(b"Team,Child ref,team\n1,2,3\n", "csv")
    with pytest.raises(reading.FileRejected, match="column 2 has no heading"):
        reading.open_table(b"Family ref,,Child ref\n1,2,3\n", "csv")


def test_an_excel_workbook_gives_its_dates_as_dates_and_never_evaluates_a_formula():
    content = xlsx_bytes([["F-1", "C-1", dt.date(2019, 3, 14), "=TODAY()", "@SUM(1)"]], headers=HEADINGS[:5])
    table = reading.open_table(content, "xlsx")
    (number, row), *_ = rows_of(table)
    assert number == 2
    assert row["DOB"] == "2019-03-14"  # a date cell, whatever its display format
    # A formula reads as the value Excel saved with it; this workbook was never
    # opened in Excel, so it has none.
    assert row["Age"] == ""
    assert row["Sex"] == "@SUM(1)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.txt", b"a,b\n1,2\n", "must be a CSV or an Excel workbook"),
        ("list.xls", b"a,b\n1,2\n", "must be a CSV or an Excel workbook"),
        ("list.xlsx", b"a,b\n1,2\n", "not an Excel workbook"),
        ("list.csv", b"PK\x03\x04rest-of-a-zip", "not a CSV file"),
        ("list.csv", b"a,b\x00\x00\n", "not a CSV file"),
        ("list.csv", b"", "is empty"),
    ],
)
def test_the_file_type_is_checked_from_the_name_and_the_content(name, content, message):
    with pytest.raises(reading.FileRejected, match=message):
        reading.format_for(name, content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    import io
    import zipfile

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(reading.FileRejected, match="could not be opened as an Excel workbook"):
        reading.open_table(stream.getvalue(), "xlsx")


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MACA_CASE_IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(reading.FileRejected, match="must be 1 MB or smaller"):
        reading.format_for("list.csv", b"a" * (1024 * 1024 + 1))


def test_a_file_of_exactly_the_size_limit_is_taken_as_its_message_says(settings):
    settings.MACA_CASE_IMPORT_MAX_BYTES = 1024 * 1024
    assert reading.format_for("list.csv", b"a" * (1024 * 1024)) == "csv"


def test_more_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    table = reading.open_table(csv_bytes([child_row(child=f"C-{n}") for n in range(4)]), "csv")
    with pytest.raises(reading.FileRejected, match="no more than 3 rows"):
        rows_of(table)
