"""The parts of an Excel workbook that python-calamine does not give: whether the
zip is safe to open, which sheet a person would call *the* sheet, and which
rows they have hidden.

- **Size.** An .xlsx file is a zip: 1 MB can inflate to 1 GB. Before anything
  is read, the uncompressed sizes the zip declares for its members are added
  up and the workbook is refused above ``MAX_UNZIPPED_BYTES``.
- **Sheet.** calamine says whether each sheet is visible: the first visible
  worksheet is read, and the others are named so the officer knows.
- **Hidden rows.** calamine does not say which rows are hidden, so the sheet's
  XML is scanned for ``<row ... hidden="1">`` as it is inflated (a few hundred
  milliseconds for 100,000 rows; nothing is kept but the row numbers). Hidden
  rows are left out, and counted on the result: a row the person hid (or a
  filter hid) is a row they did not mean to import.
- **Memory.** calamine holds the whole sheet (about 90 MB for 100,000 rows, more
  while it parses). So the rows are copied out at once as one line of text each
  (a date as YYYY-MM-DD, a whole number without ``.0``), and the workbook is
  closed before any row is checked: the check never holds both.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

from maca.cases.columns import FileRejected

# A 200,000-row list written with every value inline unzips to about 170 MB;
# Excel's own files (shared strings) to much less. Beyond this, it is not a case list.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
CHUNK = 1 << 20


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[int, list[str]]]
    hidden_rows: set[int] = field(default_factory=set)
    other_sheets: list[str] = field(default_factory=list)


def check_unzipped_size(archive: zipfile.ZipFile) -> None:
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_UNZIPPED_BYTES:
        raise FileRejected(
            f"The workbook would take {declared / (1024 * 1024):,.0f} MB once unzipped, more than maca accepts "
            f"({MAX_UNZIPPED_BYTES // (1024 * 1024)} MB). Save it as CSV and upload that instead"
        )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 - size checked; expat refuses entity bombs
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP), "")
        if target:
            parts[sheet.get("name", "")] = (
                target.lstrip("/") if target.startswith("/") else normpath(join(dirname("xl/workbook.xml"), target))
            )
    return parts


def hidden_rows(archive: zipfile.ZipFile, member: str) -> set[int]:
    """Numbers of the rows marked hidden in a sheet's XML, read as it inflates."""
    found: set[int] = set()
    try:
        stream = archive.open(member)
    except KeyError:
        return found
    carry = b""
    with stream:
        while chunk := stream.read(CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")  # a tag may continue in the next chunk
            data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if b"hidden=" not in data:
                continue
            for tag in HIDDEN_ROW.finditer(data):
                number = ROW_NUMBER.search(tag.group())
                if number:
                    found.add(int(number.group(1)))
    for tag in HIDDEN_ROW.finditer(carry):
        number = ROW_NUMBER.search(tag.group())
        if number:
            found.add(int(number.group(1)))
    return found


def open_sheet(content: bytes, *, rows: int | None = None) -> Sheet:
    """The first visible worksheet, as numbered rows of cell text; only the first
    ``rows`` rows when that is all that is needed (the headings, at upload)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_unzipped_size(archive)
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheets = book.sheets_metadata
            visible = [
                meta.name
                for meta in sheets
                if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
            ]
            if not visible:
                raise FileRejected("The workbook has no visible worksheet: unhide the sheet with the case list")
            name = visible[0]
            member = _sheet_parts(archive).get(name, "")
            hidden = hidden_rows(archive, member)
            if rows is not None and (lines := _preview_lines(archive, member, name, hidden, rows)) is not None:
                book.close()
                return Sheet(name=name, rows=_split(lines), hidden_rows=hidden, other_sheets=_others(sheets, name))
            sheet = book.get_sheet_by_name(name)
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse means the same thing to the uploader
        raise FileRejected("The selected file could not be opened as an Excel workbook") from None
    others = _others(sheets, name)
    # calamine starts at the first cell with data: count rows from there.
    first_row = (sheet.start or (0, 0))[0] + 1
    try:
        lines = _lines(sheet.iter_rows(), first_row, hidden, limit=rows or COPY_LIMIT)
    finally:
        book.close()
        del sheet
        release_freed_memory()
    return Sheet(name=name, rows=_split(lines), hidden_rows=hidden, other_sheets=others)


def _others(sheets, name: str) -> list[str]:
    """The sheets not read, quoted, hidden ones said to be."""
    from python_calamine import SheetVisibleEnum

    return [
        f"‘{meta.name}’" + ("" if meta.visible == SheetVisibleEnum.Visible else " (hidden)")
        for meta in sheets
        if meta.name != name
    ]


# XML rows kept for a preview beyond the rows wanted (hidden and empty rows are skipped).
PREVIEW_MARGIN = 200
ROW_END = b"</row>"
SHEET_DATA = b"<sheetData>"
DIMENSION = re.compile(rb"<dimension\b[^>]*/>")


def first_rows_xml(archive: zipfile.ZipFile, member: str, count: int) -> bytes | None:
    """The sheet's XML cut after its first ``count`` rows and closed again, for
    a preview that needs only the headings and the rows below them.

    ``None`` (read the whole sheet) when the sheet has no more rows than that,
    or is not written the usual way: rows directly in ``<sheetData>``, in the
    default namespace (a sheet written with prefixes, ``<x:row>``, is read in
    full). The ``<dimension>`` element, which gives the whole sheet's size, is
    left out of the copy: it is optional, and a reader could size itself by it."""
    try:
        stream = archive.open(member)
    except KeyError:
        return None
    data = b""
    with stream:
        found, position = 0, 0
        while found < count:
            end = data.find(ROW_END, position)
            if end >= 0:
                found, position = found + 1, end + len(ROW_END)
                continue
            chunk = stream.read(1 << 16)
            if not chunk:
                return None  # no more rows than wanted: nothing to cut
            data += chunk
    head = data[:position]
    start = head.find(SHEET_DATA)
    if start < 0 or b"<row" not in head[start:] or b"</sheetData>" in head:
        return None
    prefix = DIMENSION.sub(b"", head[:start], count=1)
    return prefix + head[start:] + b"</sheetData></worksheet>"


def _preview_lines(archive: zipfile.ZipFile, member: str, name: str, hidden: set[int], rows: int) -> list[str] | None:
    """The first ``rows`` rows of the sheet, read by calamine from a copy of the
    workbook holding only the first rows of that sheet (a preview at upload
    need not parse 100,000 rows). ``None`` whenever that cannot give the same
    rows as reading the whole sheet: the sheet is short or not written the
    usual way, the copy does not open, or its rows are nearly all hidden or
    empty. Then the whole sheet is read, as before."""
    from python_calamine import CalamineWorkbook

    head = first_rows_xml(archive, member, rows + PREVIEW_MARGIN)
    if head is None:
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(_with_member(archive, member, head)))
        try:
            sheet = book.get_sheet_by_name(name)
            lines = _lines(sheet.iter_rows(), (sheet.start or (0, 0))[0] + 1, hidden, limit=rows)
        finally:
            book.close()
    except Exception:  # noqa: BLE001 - the whole sheet is read instead, and judged on its own
        return None
    return lines if len(lines) >= rows else None


EMPTY_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'


def _with_member(archive: zipfile.ZipFile, member: str, content: bytes) -> bytes:
    """A copy of the workbook with ``member`` replaced by ``content`` and the
    other worksheets by empty ones (they are not read, and could be large),
    stored, not compressed: the copy is read once, at once."""
    other_sheets = set(_sheet_parts(archive).values()) - {member}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if info.filename == member:
                data = content
            elif info.filename in other_sheets:
                data = EMPTY_SHEET
            else:
                data = archive.read(info.filename)
            copy.writestr(info.filename, data)
    return out.getvalue()


def release_freed_memory() -> None:
    """Give memory freed by large buffers back to the system.

    calamine, and Python for buffers of megabytes (an encrypted file), allocate
    with the C library, and freed C memory stays with the process, where
    Python's own small objects never reuse it. Without this, a sheet's 100-odd
    megabytes would count twice: once for calamine and once for the rows checked
    after it. glibc's ``malloc_trim`` returns free pages; elsewhere this does
    nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


# Between the cells of a copied row: no text can hold it (a NUL is refused first).
SEPARATOR = "\x00"
# Rows copied at most: past this the reader reports too many rows, and stops.
COPY_LIMIT = 200_000 + 1_000


def cell_text(value) -> str:
    """A cell as the text a CSV export would hold."""
    if value.__class__ is str:
        return value
    if value.__class__ is dt.date:  # a date cell: after text, the most common
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()  # a time of day is never used
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _lines(records, first_row: int, hidden: set[int], *, limit: int) -> list[str]:
    lines = []
    headers: list[str] = []
    for index, record in enumerate(records):
        number = first_row + index
        if number in hidden:
            continue
        # Text as it is without a call a cell: most cells of a sheet are text.
        cells = [value if value.__class__ is str else cell_text(value) for value in record]
        line = SEPARATOR.join(cells)
        if not line.replace(SEPARATOR, "").strip():
            continue  # an empty row: not copied, and not counted towards the limit
        if cells and line.count(SEPARATOR) != len(cells) - 1:
            position = next(i for i, cell in enumerate(cells) if SEPARATOR in cell)
            column = headers[position] if position < len(headers) and headers[position] else f"column {position + 1}"
            raise FileRejected(
                "This cell holds a NUL character (an invisible control character, not text), which usually means "
                "the file was damaged or saved in another format. Remove it, or export the list again",
                row=number,
                column=column,
            )
        if not headers:
            headers = [cell.strip() for cell in cells]
        lines.append(f"{number}{SEPARATOR}{line}")
        if len(lines) >= limit:
            break
    return lines


def _split(lines: list[str]) -> Iterator[tuple[int, list]]:
    for line in lines:
        number, _, rest = line.partition(SEPARATOR)
        yield int(number), rest.split(SEPARATOR)
