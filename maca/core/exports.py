"""Tables as CSV or Excel (XLSX) files that are safe to open in a spreadsheet.

Every export of maca goes through :func:`download` (docs/architecture.md,
"Exports"). A view builds one or more :class:`Table` from the same figures
and scoped records its page shows, records the export in the audit log, and
returns ``download(tables, fmt=fmt, filename=...)``.

- **Formulas never run.** A text cell that begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return would be taken by a spreadsheet for a
  formula (CSV injection, which can run commands or send data away when the
  file is opened). :func:`neutralise` puts an apostrophe before it, as OWASP
  recommends, in both formats; in the workbook every text cell is also
  written as text, never as a formula. Numbers stay numbers: ``-3`` is a
  number, not a formula.
- **CSV** is UTF-8 with a byte-order mark (so Excel reads accents and "–"
  right), comma-separated, quoted where needed, and streamed: rows are
  written as they are read, so a million-row audit log never sits in memory.
  Dates are ISO 8601 (``2027-03-07``), which every spreadsheet sorts.
- **XLSX** is written by openpyxl in write-only mode (rows go straight to a
  temporary file), one sheet per table, the heading row bold and frozen,
  dates as real dates shown as ``7 Mar 2027``. A sheet holds at most
  1,048,575 rows below its heading; :func:`check_size` says so before
  anything is written.
- Several tables in one file: in a CSV they follow one another, each under
  its title, with a blank row between them; in a workbook each has its sheet
  (named after it, cut to Excel's 31 characters) with its title in the first
  row. A file of one table starts with its headings.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the heading
# Control characters a workbook cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_CSV_ROWS_PER_CHUNK = 200


class TooManyRows(ValueError):
    """More rows than a spreadsheet can hold."""


@dataclass
class Table:
    """One table: a sheet of the workbook, or a section of the CSV.

    ``rows`` may be a generator (read once). A cell is text, a number, a date
    or date-time, ``True``/``False`` (written "Yes"/"No") or ``None`` (empty).
    ``widths``: the workbook's column widths in characters (by default from
    the headings)."""

    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] | None = None


def neutralise(value: str) -> str:
    """Text a spreadsheet will show, never run: ``=1+1`` becomes ``'=1+1``."""
    value = _ILLEGAL.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, dt.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M:%S}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


class _Echo:
    """A file whose ``write`` hands the line back, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def csv_lines(tables: Sequence[Table]) -> Iterator[str]:
    """The CSV text, in chunks of rows."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff"
    several = len(tables) > 1
    for index, table in enumerate(tables):
        if several:
            yield ("\r\n" if index else "") + writer.writerow([neutralise(table.title)])
        yield writer.writerow([neutralise(str(heading)) for heading in table.headings])
        chunk = []
        for row in table.rows:
            chunk.append(writer.writerow([csv_cell(value) for value in row]))
            if len(chunk) >= _CSV_ROWS_PER_CHUNK:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)


def _shortened(text: str, most: int) -> str:
    """``text`` in ``most`` characters at most: cut after a whole word, with "…"."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, 31 characters at most (a
    longer title cut after a whole word, with "…"), unique."""
    # "2026/27" reads as "2026-27"; the other characters Excel refuses become spaces.
    base = " ".join(re.sub(r"[\[\]:*?]", " ", re.sub(r"[/\\]", "-", title)).strip(" '").split()) or "Sheet"
    name, number = _shortened(base, 31), 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = _shortened(base, 31 - len(suffix)) + suffix
        number += 1
    used.add(name.casefold())
    return name


def write_xlsx(tables: Sequence[Table], target) -> None:
    """Write the workbook to ``target`` (a path or a binary file)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    try:
        _write_sheets(workbook, tables)
    except Exception:
        # Close what was begun, so that its temporary files go.
        for sheet in workbook.worksheets:
            if not sheet.closed:
                sheet.close()
        raise
    workbook.save(target)


def _write_sheets(workbook, tables: Sequence[Table]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    used: set[str] = set()
    several = len(tables) > 1
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.title, used))
        sheet.freeze_panes = "A3" if several else "A2"
        widths = table.widths or [min(max(len(str(h)) + 4, 12), 60) for h in table.headings]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

        def cell(value, *, heading=False, sheet=sheet):
            if isinstance(value, bool):
                value = "Yes" if value else "No"
            if isinstance(value, dt.datetime):
                written = WriteOnlyCell(sheet, value=_local(value).replace(tzinfo=None))
                written.number_format = "d mmm yyyy hh:mm:ss"
                return written
            if isinstance(value, dt.date):
                written = WriteOnlyCell(sheet, value=value)
                written.number_format = "d mmm yyyy"
                return written
            if value is None or isinstance(value, int | float | decimal.Decimal):
                return value
            text = neutralise(str(value))
            if not heading and text not in ERROR_CODES:
                # Plain text goes in as it is (the quicker way): openpyxl
                # stores a str as a formula only when it begins with "=",
                # which a neutralised text never does.
                return text
            written = WriteOnlyCell(sheet, value=text)
            # Text, whatever it holds ("#N/A" would otherwise be an error value).
            written.data_type = "s"
            if heading:
                written.font = bold
            return written

        if several:
            # A sheet's name is cut to 31 characters: the full title heads the sheet.
            sheet.append([cell(table.title, heading=True)])
        sheet.append([cell(str(heading), heading=True) for heading in table.headings])
        for count, row in enumerate(table.rows, start=1):
            if count > XLSX_MAX_ROWS:
                raise TooManyRows(f"‘{table.title}’ has more than {XLSX_MAX_ROWS:,} rows")
            sheet.append([cell(value) for value in row])


def check_size(rows: int, fmt: str) -> str | None:
    """Why a table of ``rows`` rows cannot be downloaded in ``fmt``, if it cannot."""
    if fmt == "xlsx" and rows > XLSX_MAX_ROWS:
        return (
            f"A spreadsheet holds at most {XLSX_MAX_ROWS:,} rows and this has {rows:,}. "
            "Narrow the filters, or download a CSV file."
        )
    return None


def filename_for(*parts: str, fmt: str, on: dt.date | None = None) -> str:
    """``responses-neglect-in-families-2027-03-07.xlsx``."""
    words = "-".join(slugify(part) for part in parts if part)[:100].strip("-") or "export"
    return f"{words}-{(on or timezone.localdate()).isoformat()}.{fmt}"


def download(tables: Table | Sequence[Table], *, fmt: str, filename: str):
    """The response that downloads ``tables`` as ``fmt`` (``csv`` or ``xlsx``).

    A CSV is streamed as it is written; a workbook is written to a temporary
    file first (a zip file cannot be streamed before it is finished)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if isinstance(tables, Table):
        tables = [tables]
    if fmt == "csv":
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in csv_lines(tables)), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(tables, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])


class FormatConverter:
    """The ``export_format`` path converter: ``.../export.csv``, ``.../export.xlsx``."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Typographic marks a name may hold, and the plain ASCII each falls back to.
PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": "", "”": "", "„": "", "–": "-", "—": "-", "…": "..."})


def attachment_header(filename: str) -> str:
    """``Content-Disposition`` for sending ``filename`` as a download: the name
    in UTF-8 (``filename*``, RFC 6266) for every browser of today, and an ASCII
    form of it (accents taken off, curly quotes made straight) for the rest, so
    ‘minutes é 2026.pdf’ arrives as itself, never as ‘minutes  2026.pdf’."""
    import unicodedata
    from urllib.parse import quote

    name = "".join(c for c in filename if c.isprintable()) or "download"
    plain = unicodedata.normalize("NFKD", name.translate(PLAIN)).encode("ascii", "ignore").decode("ascii")
    plain = " ".join(plain.replace('"', "").replace("\\", "").split()) or "download"
    header = f'attachment; filename="{plain}"'
    if plain != name:
        header += f"; filename*=utf-8''{quote(name, safe='')}"
    return header
