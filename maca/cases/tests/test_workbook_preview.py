"""At upload only a workbook's headings and first rows are needed: calamine
reads a copy of the sheet's first rows instead of all 100,000, and gives what
reading the whole sheet gives, or the whole sheet is read."""

import io
import zipfile

from maca.cases import reading, workbook
from maca.cases.tests.factories import HEADINGS, child_row, import_file


def _workbook(rows: int, *, hidden: range = range(0)) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Case list"
    sheet.append(HEADINGS)
    for n in range(rows):
        row = child_row(f"F-{n}", f"C-{n}")
        sheet.append([row.get(heading, "") for heading in HEADINGS])
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    book.create_sheet("Notes").append(["Made by the data team"])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _first(sheet: workbook.Sheet, count: int) -> list:
    return [row for _, row in zip(range(count), sheet.rows, strict=False)]


def test_a_preview_of_a_long_sheet_reads_a_copy_of_its_first_rows_and_gives_the_same_rows():
    content = _workbook(400)
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        head = workbook.first_rows_xml(archive, member, 10 + workbook.PREVIEW_MARGIN)
        assert workbook._preview_lines(archive, member, "Case list", set(), 10) is not None
    assert head is not None and head.endswith(b"</row></sheetData></worksheet>")
    assert head.count(b"</row>") == 10 + workbook.PREVIEW_MARGIN
    preview = workbook.open_sheet(content, rows=10)
    whole = workbook.open_sheet(content)
    first = _first(preview, 20)
    assert len(first) == 10
    assert first == _first(whole, 10)
    assert (preview.name, preview.other_sheets) == (whole.name, whole.other_sheets) == ("Case list", ["‘Notes’"])


def test_the_upload_reads_the_same_headings_and_notes_as_the_import(world):
    content = _workbook(300, hidden=range(250, 253))
    table = reading.open_table(content, "xlsx", preview=True)
    assert table.headers == HEADINGS
    assert table.hidden_rows == [250, 251, 252]  # from the whole sheet, not the copy
    case_import = import_file(partnership=world.partnership, content=content, name="list.xlsx")
    assert case_import.status == "imported", case_import.errors
    assert case_import.headers == HEADINGS
    assert "3 hidden rows were left out (rows 250, 251, 252)" in case_import.notes[1]


def test_when_the_first_rows_are_nearly_all_hidden_the_whole_sheet_is_read():
    content = _workbook(400, hidden=range(2, 260))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        member = "xl/worksheets/sheet1.xml"
        hidden = workbook.hidden_rows(archive, member)
        assert workbook._preview_lines(archive, member, "Case list", hidden, 10) is None
    preview = workbook.open_sheet(content, rows=10)
    numbers = [number for number, _ in preview.rows]
    assert numbers == [1, *range(260, 269)]


def _zip(sheet_xml: bytes) -> zipfile.ZipFile:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("sheet.xml", sheet_xml)
    return zipfile.ZipFile(stream)


def test_a_sheet_that_is_short_or_written_with_prefixes_is_read_whole():
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 31))
    plain = b'<worksheet xmlns="main"><dimension ref="A1:A30"/><sheetData>' + rows + b"</sheetData></worksheet>"
    assert workbook.first_rows_xml(_zip(plain), "sheet.xml", 40) is None  # no more rows than wanted
    cut = workbook.first_rows_xml(_zip(plain), "sheet.xml", 5)
    assert cut == b'<worksheet xmlns="main"><sheetData>' + rows[: rows.index(b'<row r="6"')] + (
        b"</sheetData></worksheet>"
    )
    prefixed = plain.replace(b"<row", b"<x:row").replace(b"</row>", b"</x:row>").replace(b"sheetData", b"x:sheetData")
    assert workbook.first_rows_xml(_zip(prefixed), "sheet.xml", 5) is None
    assert workbook.first_rows_xml(_zip(plain), "missing.xml", 5) is None


def test_the_copy_leaves_out_the_other_sheets_rows():
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Case list"
    for n in range(300):
        book.active.append([f"A{n}", f"B{n}", f"C{n}", f"D{n}"])
    other = book.create_sheet("Old export")
    for n in range(300):
        other.append([f"old {n}"])
    stream = io.BytesIO()
    book.save(stream)
    with zipfile.ZipFile(stream) as archive:
        parts = workbook._sheet_parts(archive)
        member = parts["Case list"]
        head = workbook.first_rows_xml(archive, member, 20)
        copy = zipfile.ZipFile(io.BytesIO(workbook._with_member(archive, member, head)))
    assert copy.read(member) == head
    assert copy.read(parts["Old export"]) == workbook.EMPTY_SHEET
    assert sorted(copy.namelist()) == sorted(zipfile.ZipFile(stream).namelist())
