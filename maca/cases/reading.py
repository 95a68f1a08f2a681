"""Opening an uploaded case list, CSV or Excel, as headings and rows.

The file comes from a case management system's export, so we trust nothing in
it: the type is checked from the content as well as the name, text is decoded
strictly, and Excel formulas are never evaluated: a formula cell reads as the
text of its formula, which then fails any date or number check. Rows are
streamed, so a 100,000-row file is never held as a list of dictionaries.

Row numbers are the spreadsheet's own: the heading row is row 1 and the first
child is row 2, so an officer can go straight to the cell an error names.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from maca.cases.vocabulary import Raw

MAX_ROWS = 200_000
# A workbook unzips to many times its size; beyond this it is a zip bomb, not a case list.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
ZIP_MAGIC = b"PK\x03\x04"


class FileRejected(ValueError):
    """The file cannot be read as a case list. The message says why, for the uploader."""


def max_bytes() -> int:
    return int(getattr(settings, "MACA_CASE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def format_for(filename: str, content: bytes) -> str:
    """``"csv"`` or ``"xlsx"``, checked from the file name and the content."""
    extension = PurePath(filename or "").suffix.lower()
    if extension not in FORMATS:
        raise FileRejected("The selected file must be a CSV or an Excel workbook (.xlsx)")
    if not content:
        raise FileRejected("The selected file is empty")
    limit = max_bytes()
    if len(content) > limit:
        raise FileRejected(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    fmt = FORMATS[extension]
    is_zip = content.startswith(ZIP_MAGIC)
    if fmt == "xlsx":
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(content)):
            raise FileRejected("The selected file is not an Excel workbook: save it as .xlsx and upload it again")
    elif is_zip or b"\x00" in content[:65536]:
        raise FileRejected("The selected file is not a CSV file: save it as CSV (comma delimited) and try again")
    return fmt


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252,
    which is what Excel on Windows writes when asked for plain 'CSV'."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRejected("The selected file could not be read: save it as CSV UTF-8 and try again") from None


@dataclass
class Table:
    """The headings of a case list and a one-pass iterator over its rows.

    ``rows`` yields ``(row number, {heading: raw value})`` and skips rows with
    nothing in them. Reading past ``MAX_ROWS`` data rows raises FileRejected."""

    headers: list[str]
    rows: Iterator[tuple[int, dict[str, Raw]]]


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
            problems.append(f"the heading '{heading[:60]}' is used for columns {first} and {position}")
        else:
            seen[heading.casefold()] = position
    if problems:
        raise FileRejected("Each column needs its own heading: " + "; ".join(problems))
    return headers


def _rows(headers: list[str], records: Iterator[tuple[Raw, ...] | list[Raw]]) -> Iterator[tuple[int, dict[str, Raw]]]:
    width = len(headers)
    data_rows = 0
    for number, record in enumerate(records, start=2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in record):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise FileRejected(f"The file must have no more than {MAX_ROWS:,} rows of children")
        values = list(record[:width])
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        yield number, dict(zip(headers, values, strict=True))


def open_csv(content: bytes) -> Table:
    reader = csv.reader(io.StringIO(decode_csv(content), newline=""))
    try:
        headers = check_headers(next(reader, []))
    except csv.Error:
        raise FileRejected("The selected file could not be read as CSV") from None
    return Table(headers, _csv_rows(headers, reader))


def _csv_rows(headers: list[str], reader) -> Iterator[tuple[int, dict[str, Raw]]]:
    try:
        yield from _rows(headers, reader)
    except csv.Error:
        raise FileRejected(f"The file could not be read as CSV after line {reader.line_num}") from None


def open_xlsx(content: bytes) -> Table:
    """The first worksheet of the workbook.

    ``read_only`` streams the sheet; ``data_only=False`` means formulas come back
    as their text (``=HYPERLINK(...)``) and are never evaluated or trusted."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileRejected("The workbook is too large once unzipped. Save it as CSV and upload that instead")
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        headers = check_headers(list(next(records, ())))
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse means the same thing to the uploader
        raise FileRejected("The selected file could not be opened as an Excel workbook") from None
    return Table(headers, _xlsx_rows(headers, records, workbook))


def _xlsx_rows(headers: list[str], records, workbook) -> Iterator[tuple[int, dict[str, Raw]]]:
    try:
        yield from _rows(headers, records)
    finally:
        workbook.close()


def open_table(content: bytes, fmt: str) -> Table:
    if fmt == "xlsx":
        return open_xlsx(content)
    return open_csv(content)
