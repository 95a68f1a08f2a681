"""Opening an uploaded case list, CSV or Excel, as headings and rows.

The file comes from a case management system's export, so we trust nothing in
it: the type is checked from the content as well as the name, text is decoded
strictly, a workbook's unzipped size is checked before it is opened, and maca
never evaluates a formula (an Excel cell reads as the value Excel saved with it,
which is what the person saw). Rows are streamed from a CSV file; a workbook is
read by python-calamine, which loads the one sheet it reads.

Row numbers are the spreadsheet's own: the heading row is row 1 and the first
child is row 2, so an officer can go straight to the cell a message names.
Where the file itself is the problem (a title above the headings, ``;`` between
columns, a NUL character, a cell longer than a spreadsheet allows), the message
says so, with the row and column where there is one.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import PurePath

from django.conf import settings

from maca.cases import workbook
from maca.cases.columns import FileRejected
from maca.cases.vocabulary import Raw

__all__ = ["MAX_ROWS", "FileRejected", "Table", "format_for", "max_bytes", "open_table"]

MAX_ROWS = 200_000
# The most a spreadsheet cell can hold (Excel's own limit): no field maca reads comes near it.
MAX_CELL = 32_767
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
ZIP_MAGIC = b"PK\x03\x04"
# The part of an .xlsx zip that makes it a workbook (a .docx has word/document.xml instead).
WORKBOOK_PART = "xl/workbook.xml"
# Rows looked at to tell a title above the headings from the headings themselves.
TITLE_ROWS = 10
# Fewer headings than this cannot be a case list: four fields are always needed.
MIN_HEADINGS = 4


def max_bytes() -> int:
    return int(getattr(settings, "MACA_CASE_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def size_limit_message() -> str:
    return f"The selected file must be {max_bytes() // (1024 * 1024)} MB or smaller"


def format_for(filename: str, content: bytes) -> str:
    """``"csv"`` or ``"xlsx"``, checked from the file name and the content."""
    extension = PurePath(filename or "").suffix.lower()
    if extension not in FORMATS:
        raise FileRejected("The selected file must be a CSV or an Excel workbook (.xlsx)")
    if not content:
        raise FileRejected("The selected file is empty")
    if len(content) > max_bytes():
        raise FileRejected(size_limit_message())
    fmt = FORMATS[extension]
    is_zip = content.startswith(ZIP_MAGIC)
    if fmt == "xlsx":
        if not is_zip or not _holds_a_workbook(content):
            raise FileRejected("The selected file is not an Excel workbook: save it as .xlsx and upload it again")
        return fmt
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRejected(
            "The selected file is saved as Unicode text (UTF-16), which maca cannot read: in Excel, save it as "
            "‘CSV UTF-8 (Comma delimited)’ and upload it again"
        )
    start = content[:65536]
    # Many NUL bytes mean a binary file; a stray one is reported with its row and column.
    if is_zip or start.count(b"\x00") > len(start) // 100:
        raise FileRejected("The selected file is not a CSV file: save it as CSV (comma delimited) and try again")
    return fmt


def _holds_a_workbook(content: bytes) -> bool:
    """Whether the zip is a workbook: a Word document or a PowerPoint file is a
    zip too, renamed .xlsx by mistake. An Excel workbook's main part is
    ``xl/workbook.xml``, which python-calamine looks for (the name's case aside)
    and so does ``maca.cases.workbook``; only the zip's list of names is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return any(name.replace("\\", "/").lower() == WORKBOOK_PART for name in names)


@dataclass
class Table:
    """The headings of a case list and a one-pass iterator over its rows.

    ``rows`` yields ``(row number, [value per heading])`` and skips rows with
    nothing in them. Reading past ``MAX_ROWS`` data rows, or a cell that cannot
    be stored, raises :class:`FileRejected`. ``sheet`` is the worksheet read (a
    workbook), ``other_sheets`` those not read (quoted, "(hidden)" after a hidden
    one), ``hidden_rows`` the rows skipped
    because they are hidden in the workbook."""

    headers: list[str]
    rows: Iterator[tuple[int, list[Raw]]]
    sheet: str = ""
    other_sheets: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)


def _blank(value: Raw) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_headers(raw_headers: list[Raw]) -> list[str]:
    headers = ["" if value is None else str(value).strip() for value in raw_headers]
    while headers and not headers[-1]:
        headers.pop()  # Excel's trailing empty columns
    if not headers:
        raise FileRejected("The first row of the file must hold the column headings")
    problems = []
    seen: dict[str, int] = {}
    for position, heading in enumerate(headers, start=1):
        if not heading:
            problems.append(f"column {position} has no heading")
        elif heading.casefold() in seen:
            first = seen[heading.casefold()]
            problems.append(f"the heading ‘{heading[:60]}’ is used for columns {first} and {position}")
        else:
            seen[heading.casefold()] = position
    if problems:
        raise FileRejected("Each column needs its own heading: " + "; ".join(problems))
    return headers


def _looks_like_headings(record: list[Raw]) -> bool:
    cells = [value for value in record if not _blank(value)]
    return (
        len(cells) >= MIN_HEADINGS
        and all(isinstance(value, str) and not value.strip()[:1].isdigit() for value in cells)
        and len({str(value).strip().casefold() for value in cells}) == len(cells)
    )


def _check_title_row(first_number: int, first: list[Raw], following: list[tuple[int, list[Raw]]]) -> None:
    """Refuse a file whose first row is a title (an export's name and date) with
    the headings below it: today that reads as a file with one column."""
    filled = sum(1 for value in first if not _blank(value))
    if filled >= MIN_HEADINGS:
        return
    for number, record in following:
        if _looks_like_headings(record):
            raise FileRejected(
                f"Row {first_number} looks like a title, not the column headings, which seem to be in row {number}. "
                f"Delete the rows above the headings, so that the headings are in row 1, and upload the file again",
                row=first_number,
            )


def _records(
    headers: list[str], records: Iterator[tuple[int, list[str]]], *, nul: bool
) -> Iterator[tuple[int, list[str]]]:
    """Data rows (lists of text) as wide as the headings, without empty rows,
    checked for what a database cannot store (NUL, when the file has one) and
    what no spreadsheet cell holds (over ``MAX_CELL``)."""
    width = len(headers)
    data_rows = 0
    for number, record in records:
        if len(record) != width:
            record = record[:width] if len(record) > width else [*record, *[""] * (width - len(record))]
        joined = "".join(record)
        if not joined or joined.isspace():
            continue
        if len(joined) > MAX_CELL or (nul and "\x00" in joined):
            _check_cells(number, headers, record, nul=nul)
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise FileRejected(f"The file must have no more than {MAX_ROWS:,} rows of children")
        yield number, record


def _check_cells(number: int, headers: list[str], record: list[Raw], *, nul: bool) -> None:
    """A cell with a NUL character, or longer than a spreadsheet cell can be."""
    for heading, value in zip(headers, record, strict=False):
        if not isinstance(value, str):
            continue
        if nul and "\x00" in value:
            raise FileRejected(
                "This cell holds a NUL character (an invisible control character, not text), which usually means "
                "the file was damaged or saved in another format. Remove it, or export the list again",
                row=number,
                column=heading,
            )
        if len(value) > MAX_CELL:
            raise FileRejected(
                f"This cell holds {len(value):,} characters, more than a spreadsheet cell can ({MAX_CELL:,}). "
                'Usually a quote mark (") in this row is not closed, so the rest of the file reads as one cell: '
                "check the quote marks in this row",
                row=number,
                column=heading,
            )


# CSV -------------------------------------------------------------------------------------------


def _text_stream(content: bytes) -> io.TextIOBase:
    """The file as text, decoded as it is read: UTF-8 (with or without the
    byte-order mark Excel writes), else Windows-1252, which is what Excel on
    Windows writes when asked for plain 'CSV'."""
    skip = 3 if content.startswith(codecs.BOM_UTF8) else 0
    body = memoryview(content)[skip:]
    encoding = "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(body), 1 << 20):
            decoder.decode(body[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        encoding = "cp1252"
        try:
            codecs.getincrementaldecoder(encoding)().decode(body, final=True)
        except UnicodeDecodeError:
            raise FileRejected("The selected file could not be read: save it as CSV UTF-8 and try again") from None
    stream = io.BytesIO(content)  # shares the bytes: no copy of a large file
    stream.seek(skip)
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def _separator_line(first: list[str]) -> str | None:
    """The separator a first line such as ``sep=;`` names (Excel writes one
    where a list separator other than the comma is set), or None."""
    line = ",".join(first)
    if line.lower().startswith("sep=") and len(line) == 5:
        return line[4]
    return None


def _separated_by(name: str) -> str:
    return (
        f"The columns in this file are separated by {name}, not commas. In Excel, save it as "
        "‘CSV UTF-8 (Comma delimited)’ and upload it again"
    )


def _delimiter_problem(line: str) -> str | None:
    for symbol, name in ((";", "semicolons (;)"), ("\t", "tabs")):
        if line.count(symbol) >= MIN_HEADINGS - 1 and "," not in line:
            return _separated_by(name)
    return None


class _Numbered:
    """The csv reader's records numbered as a spreadsheet shows its rows: one
    number a record, however many lines a quoted cell of it spreads over (the
    reader's ``line_num`` counts lines, so every row after a cell holding a
    line break was numbered too high). ``number`` is the last record's."""

    def __init__(self, reader):
        self.reader = reader
        self.number = 0

    def __iter__(self):
        return self

    def __next__(self) -> tuple[int, list[str]]:
        record = next(self.reader)
        self.number += 1
        return self.number, record

    def without_first_line(self, start: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
        """Excel's "sep=," line, which Excel does not show as a row: the rows
        read so far, and every row after them, one number lower."""
        self.number -= 1
        return [(number - 1, record) for number, record in start[1:]]


def open_csv(content: bytes) -> Table:
    stream = _text_stream(content)
    # Long cells are reported with their row and column below, not by the csv module.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes() + 1))
    numbered = _Numbered(csv.reader(stream))
    try:
        start = list(islice(numbered, TITLE_ROWS))
    except csv.Error as error:
        raise FileRejected(f"The selected file could not be read as CSV ({error})") from None
    if not start:
        raise FileRejected("The selected file is empty")
    first_number, first = start[0]
    separator = _separator_line(first)
    if separator == ",":
        # Excel's "sep=," line before the headings: read on from the headings (row 1).
        start = numbered.without_first_line(start) + list(islice(numbered, 1))
        if not start:
            raise FileRejected("The selected file has no headings")
        first_number, first = start[0]
    elif separator is not None:
        raise FileRejected(_delimiter_problem(separator * MIN_HEADINGS) or _separated_by(f"‘{separator}’"))
    if len(first) == 1 and (problem := _delimiter_problem(first[0])):
        raise FileRejected(problem)
    _check_title_row(first_number, first, start[1:])
    nul = b"\x00" in content
    _check_cells(first_number, [f"column {n}" for n in range(1, len(first) + 1)], first, nul=True)
    headers = check_headers(first)
    ends_in_quote = content[-4096:].rstrip().endswith(b'"')
    rows = _csv_rows(headers, chain(start[1:], numbered), numbered, nul=nul, ends_in_quote=ends_in_quote)
    return Table(headers, rows)


def _csv_rows(
    headers: list[str], records, numbered: _Numbered, *, nul: bool, ends_in_quote: bool
) -> Iterator[tuple[int, list[Raw]]]:
    # Row numbers count records (the headings are row 1), as a spreadsheet
    # shows them: a quoted cell with line breaks is still one row.
    if not ends_in_quote:
        records = _last_checked_for_unclosed_quote(headers, records)
    try:
        yield from _records(headers, records, nul=nul)
    except csv.Error as error:
        row = numbered.number + 1  # the record being read
        raise FileRejected(f"Row {row} could not be read as CSV ({error})", row=row) from None


def _last_checked_for_unclosed_quote(headers: list[str], numbered):
    """The records, the last one checked for an unclosed quote mark before it
    is passed on (so that its cells are not reported as well)."""
    previous = None
    for item in numbered:
        if previous is not None:
            yield previous
        previous = item
    if previous is not None:
        _check_unclosed_quote(headers, *previous)
        yield previous


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _check_unclosed_quote(headers: list[str], number: int, record: list[str]) -> None:
    """A quote mark opened in the last row's last cell and never closed: the
    csv reader reads the rest of the file, line breaks and all, into that one
    cell, and the rows after it would be lost without a word. A quoted cell
    that holds a line break and is closed ends the file with its closing
    quote mark."""
    if not record or len(record[-1]) > MAX_CELL or not LINE_BREAK.search(record[-1].rstrip("\r\n")):
        return  # (an overlong cell is reported as one, with the same advice)
    position = len(record)
    column = headers[position - 1] if position <= len(headers) else f"column {position}"
    raise FileRejected(
        'A quote mark (") at the start of this cell is not closed, so every row after it was read as part of '
        "this cell. Check the quote marks in this row, or export the list again",
        row=number,
        column=column,
    )


# Excel -----------------------------------------------------------------------------------------


def open_xlsx(content: bytes, *, preview: bool = False) -> Table:
    """The first visible worksheet of the workbook, its hidden rows left out.

    Which sheet was read and which were not is part of the table, for the
    officer to see: an export sometimes has a hidden first sheet, or notes."""
    chosen = workbook.open_sheet(content, rows=TITLE_ROWS if preview else None)
    rows = chosen.rows
    hidden = chosen.hidden_rows
    try:
        first_number, first = next(rows)
        start = list(islice(rows, TITLE_ROWS - 1))
    except StopIteration:
        raise FileRejected(f"The sheet ‘{chosen.name}’ is empty") from None
    _check_title_row(first_number, first, start)
    headers = check_headers(first)
    body = ((number, record) for number, record in chain(start, rows) if number not in hidden)
    return Table(
        headers,
        _xlsx_rows(headers, body),
        sheet=chosen.name,
        other_sheets=chosen.other_sheets,
        hidden_rows=sorted(number for number in hidden if number > first_number),
    )


def _xlsx_rows(headers: list[str], records) -> Iterator[tuple[int, list[Raw]]]:
    # Cells are text by now (maca.cases.workbook), and a NUL was refused there.
    yield from _records(headers, records, nul=False)


def open_table(content: bytes, fmt: str, *, preview: bool = False) -> Table:
    """The file as a table. ``preview``: only its headings and first rows are
    wanted (on upload), so a workbook's other rows are not copied out."""
    if fmt == "xlsx":
        return open_xlsx(content, preview=preview)
    return open_csv(content)
