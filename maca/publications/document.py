"""An output's text as data: a title and sections, each with a heading, text
people edit, and the tables and figure drafted from the record (ADR 0025).

The same ``Document`` is rendered to HTML, PDF and Word (``rendering/``), so
the three always say the same. A section's ``text`` is plain text: paragraphs
are separated by a blank line, a line starting "- " is an item of a bulleted
list and "1. " of a numbered one. Nothing typed is ever read as markup.

``fields()`` lists every piece of text with a stable address ("theme.text",
"theme.table.0.2.1"), which the safety check scans and a replacement writes
back to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

BULLET = re.compile(r"^\s*[-*•]\s+")
NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")


@dataclass
class Table:
    caption: str
    headings: list[str]
    rows: list[list[str]]
    # What each row is about, when a table of figures says it (the year's
    # audits: each audit's id), so that what changed in a row is told apart
    # from a row gone and another added (``figures``); never shown, never text.
    row_keys: list[int] = field(default_factory=list)


@dataclass
class Figure:
    """A bar chart with its table: categories down the side, one bar a series."""

    title: str
    summary: str
    category_heading: str
    categories: list[str]
    series: list[tuple[str, list[float]]]


@dataclass
class Section:
    key: str
    heading: str
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    figure: Figure | None = None
    # A section of figures drawn from the record: the day they were drawn
    # (ISO date; said as "Figures as at 7 December 2026" wherever it is read),
    # and a digest of its text as drawn (``drawn_mark``), never the text, so
    # that a refresh can tell whether people have edited it since.
    as_at: str = ""
    drawn: str = ""


def as_at_sentence(section: Section) -> str:
    """What a figure section says of its figures, on the page and in the PDF
    and Word file: "Figures as at 7 December 2026" (the day they were drawn
    from the record); empty for a section that is not one."""
    if not section.as_at:
        return ""
    return f"Figures as at {dt.date.fromisoformat(section.as_at):%-d %B %Y}"


def drawn_mark(text: str) -> str:
    """A digest of a section's text as drawn from the record (``Section.drawn``)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:32]


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]
    # How many strengths and findings it left out, as drafted, until a person
    # confirms their themes (a briefing: ``AuditRecord.awaiting_themes``; the
    # year's report: ``YearRecord.awaiting_themes``, of the audits whose
    # themes can still be confirmed); once none waits, a draft that left some
    # out is out of date.
    left_out: int = 0

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Document:
        sections = []
        for item in data.get("sections", []):
            figure = item.get("figure")
            sections.append(
                Section(
                    key=item["key"],
                    heading=item["heading"],
                    text=item.get("text", ""),
                    tables=[Table(**t) for t in item.get("tables", [])],
                    figure=Figure(
                        title=figure["title"],
                        summary=figure["summary"],
                        category_heading=figure["category_heading"],
                        categories=list(figure["categories"]),
                        series=[(name, list(values)) for name, values in figure["series"]],
                    )
                    if figure
                    else None,
                    as_at=item.get("as_at", ""),
                    drawn=item.get("drawn", ""),
                )
            )
        return cls(
            title=data["title"],
            subtitle=data.get("subtitle", ""),
            sections=sections,
            left_out=data.get("left_out", 0),
        )

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    # Every piece of text, addressed -------------------------------------------------------

    def fields(self) -> Iterator[tuple[str, str]]:
        yield "title", self.title
        yield "subtitle", self.subtitle
        for section in self.sections:
            yield f"{section.key}.heading", section.heading
            yield f"{section.key}.text", section.text
            for t, table in enumerate(section.tables):
                yield f"{section.key}.table.{t}.caption", table.caption
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row):
                        yield f"{section.key}.table.{t}.{r}.{c}", cell
            if section.figure:
                yield f"{section.key}.figure.title", section.figure.title
                yield f"{section.key}.figure.summary", section.figure.summary
                for i, category in enumerate(section.figure.categories):
                    yield f"{section.key}.figure.category.{i}", category

    def get(self, address: str) -> str:
        return dict(self.fields())[address]

    def set(self, address: str, value: str) -> None:
        if address in ("title", "subtitle"):
            setattr(self, address, value)
            return
        key, part, *rest = address.split(".")
        section = self.section(key)
        if part in ("heading", "text"):
            setattr(section, part, value)
        elif part == "table" and rest[1:] == ["caption"]:
            section.tables[int(rest[0])].caption = value
        elif part == "table":
            t, r, c = (int(x) for x in rest)
            section.tables[t].rows[r][c] = value
        elif part == "figure" and section.figure and rest[0] in ("title", "summary"):
            setattr(section.figure, rest[0], value)
        elif part == "figure" and section.figure and rest[0] == "category":
            section.figure.categories[int(rest[1])] = value
        else:
            raise KeyError(address)


def blocks(text: str) -> list[tuple[str, object]]:
    """A section's text as blocks: ("p", text), ("ul", [items]), ("ol", [items])."""
    result: list[tuple[str, object]] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            result.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        for kind, pattern in (("ul", BULLET), ("ol", NUMBERED)):
            if pattern.match(raw):
                flush()
                item = pattern.sub("", raw, count=1).strip()
                if result and result[-1][0] == kind:
                    result[-1][1].append(item)  # type: ignore[union-attr]
                else:
                    result.append((kind, [item]))
                break
        else:
            if result and result[-1][0] in ("ul", "ol") and not paragraph and raw[:1].isspace():
                items = result[-1][1]
                items[-1] = f"{items[-1]} {line}"  # type: ignore[index]
            else:
                paragraph.append(line)
    flush()
    return result
