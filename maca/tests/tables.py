"""Read the tables of a rendered page as a person reads them: caption,
headings and the text of each cell (tags, links and hidden words included,
as a screen reader hears them).

Standard library only:

    tables = read_tables(response.content.decode())
    grid = tables["Returns by agency and case"]
    assert grid.cell("Testshire Police", "Case 1") == "Submitted"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def cell(self, row: str, column: str) -> str:
        """The text in the row whose first cell is ``row``, under ``column``."""
        index = self.head.index(column)
        for cells in self.rows:
            if cells and cells[0] == row:
                return cells[index]
        raise KeyError(f"No row {row!r} in the table {self.caption!r}")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._table: Table | None = None
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = Table()
        elif self._table is None:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption"):
            self._text = []

    def handle_endtag(self, tag):
        if self._table is None:
            return
        if tag == "table":
            self.tables.append(self._table)
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "caption" and self._text is not None:
            self._table.caption = _clean(self._text)
            self._text = None
        elif tag in ("th", "td") and self._text is not None and self._row is not None:
            self._row.append(_clean(self._text))
            self._text = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._table.head = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def _clean(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def read_tables(html: str) -> dict[str, Table]:
    """The page's tables by caption (an uncaptioned one by its position: ``"#2"``)."""
    reader = _Reader()
    reader.feed(html)
    return {table.caption or f"#{index}": table for index, table in enumerate(reader.tables, start=1)}
