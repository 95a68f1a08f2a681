"""A version's charts set against the record as it is now.

A chart (``document.Figure``: the themes' strengths and findings of an audit,
or the year's themes) is drafted from confirmed findings when the
publication is first drafted, and kept with the text: a correction starts
from the published text, chart included. When a finding's themes are
corrected after publishing, or a finding was wrong, the chart no longer
agrees with the record; nobody types a chart, so a draft's figures are
drafted again from the record on request (``services.figures_refresh``),
never its text, which people edit.

The figures are the categories with their series' values; a theme renamed
since the version was drafted is the same figure under its new name (the
notice and button of ``sources.themes_renamed_since`` deal with names).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from maca.core.presenters import and_list
from maca.publications.document import Document, Figure, Section, Table, drawn_mark
from maca.publications.drafting._common import NOT_RECORDED, _plural
from maca.publications.drafting.year_report import (
    NOT_SET,
    YEAR_AUDITS_SECTION,
    YEAR_FIGURE_SECTIONS,
    YEAR_FOUND_SECTION,
    year_figure_sections,
)
from maca.publications.models import Kind, Status

# The button on a draft whose figures no longer agree with the record.
REFRESH = "Refresh the figures from the audit’s findings"
REFRESH_YEAR = "Refresh the figures from the year’s findings"


def refresh_label(publication) -> str:
    """The button's words: an audit's output is drafted from the audit's
    findings, the annual report from its year's."""
    return REFRESH_YEAR if publication.kind == Kind.ANNUAL_REPORT else REFRESH


# What the year's report's sections of figures (not its chart) are drawn from.
YEAR_RECORD = "the year’s record"


def whose_findings(publication) -> str:
    return "the year’s findings" if publication.kind == Kind.ANNUAL_REPORT else "the audit’s findings"


@dataclass(frozen=True)
class FigureChange:
    """A chart whose figures changed: the section it is in, its title, and
    what changed, each a line a person reads ("Think family now has 1 finding (it had 2)")."""

    key: str
    title: str
    lines: tuple[str, ...]
    # A chart (its title), or a section of figures drawn from the record (its heading).
    chart: bool = True
    # Refreshed, but its text was kept: people had edited it since it was drawn.
    text_kept: bool = False


def _counts(figure: Figure | None, renamed: dict[str, str] | None = None) -> list[tuple[str, tuple[int, ...]]]:
    """A chart's figures: each category (its name now) with its series' values."""
    if figure is None:
        return []
    renamed = renamed or {}
    return [
        (renamed.get(category, category), tuple(int(values[i]) for _name, values in figure.series))
        for i, category in enumerate(figure.categories)
    ]


def _one(series_name: str) -> str:
    """ "Findings" -> "finding", "Concerns" -> "concern"."""
    word = series_name.lower()
    return word[:-1] if word.endswith("s") else word


def _count(n: int, series_name: str) -> str:
    """ "1 finding", "2 findings", "no findings" (never "0 findings")."""
    return f"no {_one(series_name)}s" if n == 0 else _plural(n, _one(series_name))


def _said(series: list[str], values: tuple[int, ...]) -> str:
    return and_list([_count(v, name) for name, v in zip(series, values, strict=True)])


def _lines(before: Figure | None, after: Figure | None, renamed: dict[str, str]) -> tuple[str, ...]:
    """What changed, a line a theme, in the chart's order: the themes whose
    figures changed, then those new to it, then those gone: "Think family now has 1 finding (it had
    2)", "Health is new to the chart, with no strengths and 1 finding",
    "Voice of the child is no longer in the chart (it had 2 strengths and no
    findings)"."""
    old, new = dict(_counts(before, renamed)), dict(_counts(after, renamed))
    series = [name for name, _values in (after or before).series]
    old_series = [name for name, _values in before.series] if before else series
    lines = []
    for category, values in new.items():
        if category in old and old[category] != values and old_series == series:
            changed = [(name, v, was) for name, v, was in zip(series, values, old[category], strict=True) if v != was]
            now = and_list([_count(v, name) for name, v, _was in changed])
            had = and_list([str(was) if len(changed) == 1 else _count(was, name) for name, _v, was in changed])
            lines.append(f"{category} now has {now} (it had {had})")
    for category, values in new.items():
        if category not in old:
            lines.append(f"{category} is new to the chart, with {_said(series, values)}")
    for category, values in old.items():
        if category not in new:
            lines.append(f"{category} is no longer in the chart (it had {_said(old_series, values)})")
    if not lines:  # the same figures in another order
        lines.append("the themes are in a new order")
    return tuple(lines)


def figure_keys(kind: str, document: Document) -> list[str]:
    """The sections of ``document`` drawn from the record's figures: each of
    the year's report's ``YEAR_FIGURE_SECTIONS``, and every section with a
    chart. Each says the date its figures were drawn, and is checked against
    the record (and refreshed) as a whole."""
    keys = [section.key for section in document.sections if section.figure is not None]
    if kind == Kind.ANNUAL_REPORT:
        keys += [section.key for section in document.sections if section.key in YEAR_FIGURE_SECTIONS]
    return [section.key for section in document.sections if section.key in keys]


def stamped(document: Document, kind: str, on: dt.date) -> Document:
    """``document`` with each of its figure sections marked as drawn ``on``
    that day, and with the digest of its text as drawn (``Section.drawn``)."""
    for key in figure_keys(kind, document):
        section = document.section(key)
        section.as_at, section.drawn = on.isoformat(), drawn_mark(section.text)
    return document


def _text_drawn(section: Section) -> str:
    """The digest of a section's text as it was drawn from the record (its
    text itself, for a version drafted before the digest was kept)."""
    return section.drawn or drawn_mark(section.text)


def _rows(section: Section | None) -> list:
    return [] if section is None else [[t.caption, t.headings, t.rows] for t in section.tables]


def _section_lines(before: Section, after: Section) -> tuple[str, ...]:
    """What a section of figures says now that it did not, in words: the
    sentences drawn now that its text does not have (each audit's with its
    title, in "What each audit found"), then its tables' rows that changed
    (``_audits_lines``, ``_table_lines``), never a row's cells in a list."""
    lines = []
    if after.key == YEAR_FOUND_SECTION:
        lines += _found_lines(before.text, after.text)
    else:
        had = set(_sentences(before.text))
        for line in _sentences(after.text):
            if line not in had and line not in lines:
                lines.append(line)
    if after.key == YEAR_AUDITS_SECTION:
        lines += _audits_lines(before.tables[0] if before.tables else None, after.tables[0] if after.tables else None)
    else:
        old_tables = {t.caption: t for t in before.tables}
        for table in after.tables:
            lines += _table_lines(old_tables.get(table.caption), table)
        now_captions = {t.caption for t in after.tables}
        lines += [f"the table ‘{t.caption}’ is no longer in it" for t in before.tables if t.caption not in now_captions]
    if not lines:  # the same rows in another order (the audits, by the day each meeting was held)
        had_rows = {t.caption: t.rows for t in before.tables}
        lines = [
            f"the rows of ‘{t.caption}’ are in a new order"
            for t in after.tables
            if had_rows.get(t.caption, t.rows) != t.rows and sorted(had_rows[t.caption]) == sorted(t.rows)
        ]
    return tuple(lines) or ("its figures have changed",)


def _bare(line: str) -> str:
    """A line of a section's text without its bullet."""
    return line.strip().removeprefix("- ").strip()


def _sentences(text: str) -> list[str]:
    """A section's text drawn from the record, a sentence at a time (a
    paragraph says several figures: only those that changed are said)."""
    return [
        sentence
        for line in text.splitlines()
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9‘“])", _bare(line))
        if sentence
    ]


# An audit come into, or gone from, the year's report since it was drawn, as every
# section's "what changed" says it.
AUDIT_ADDED = "‘{}’ was added to the year’s audits"
AUDIT_GONE = "‘{}’ is no longer one of the year’s audits"


def _found_lines(before: str, after: str) -> list[str]:
    """What changed in "What each audit found and what changed", a line of
    an audit's at a time, said with the audit's title ("‘Neglect of
    babies’: 2 strengths and 1 finding recorded."): the section is a title,
    then its audit's lines, for each audit."""

    def by_audit(text: str) -> dict[str, list[str]]:
        audits: dict[str, list[str]] = {}
        title = ""
        for line in text.splitlines():
            if not line.strip():
                continue
            if line.strip().startswith("- "):
                audits.setdefault(title, []).append(_bare(line))
            else:
                title = line.strip()
                audits.setdefault(title, [])
        # A paragraph with no lines under it is a sentence ("No audits were held this year."), not an audit.
        sentences = [title for title, lines in audits.items() if title and not lines]
        for sentence in sentences:
            del audits[sentence]
            audits.setdefault("", []).append(sentence)
        return audits

    old, new = by_audit(before), by_audit(after)
    lines = []
    for title, said in new.items():
        named = f"‘{title}’: " if title else ""
        if title not in old:
            if title:
                lines.append(AUDIT_ADDED.format(title))
            continue
        lines += [f"{named}{line}" for line in said if line not in old[title]]
    lines += [AUDIT_GONE.format(title) for title in old if title and title not in new]
    return lines


def _table_lines(before: Table | None, after: Table) -> list[str]:
    """What changed in a table of figures (the action plan's actions by
    status, the briefings used in practice), a row at a time, in words, each
    row by its first cell: "‘Open’ in ‘Actions by status’: actions now 1 (it
    was 2)", "‘Cancelled’ is new to ‘Actions by status’ (actions: 1)",
    "‘Closed’ is no longer in ‘Actions by status’"."""
    old = {row[0]: row for row in before.rows} if before is not None else {}
    new = {row[0]: row for row in after.rows}
    headings = after.headings
    lines = []
    for key, row in new.items():
        was = old.get(key)
        if was is None:
            cells = "; ".join(f"{h.lower()}: {c}" for h, c in zip(headings[1:], row[1:], strict=False))
            lines.append(f"‘{key}’ is new to ‘{after.caption}’" + (f" ({cells})" if cells else ""))
        elif was != row:
            parts = [
                f"{heading.lower()} now {row[i]} (it was {was[i]})"
                for i, heading in enumerate(headings)
                if 0 < i < min(len(was), len(row)) and was[i] != row[i]
            ]
            lines.append(f"‘{key}’ in ‘{after.caption}’: {and_list(parts) or 'its row has changed'}")
    lines += [f"‘{key}’ is no longer in ‘{after.caption}’" for key in old if key not in new]
    return lines


def _audits_lines(before: Table | None, after: Table | None) -> list[str]:
    """What changed in "The audits held"'s table, an audit a line, in words:
    "‘Neglect of babies’: its meeting day moved from 1 March 2027 to 20
    November 2026 and its stage is now ‘Meeting’ (it was ‘Agencies
    auditing’)", "‘Home alone’ was added to the year’s audits", "‘Bullying
    online’ is no longer one of the year’s audits". A row is its audit's
    (``Table.row_keys``), so a renamed audit is one audit renamed; a table
    drafted before its rows had keys is read by their titles."""
    tables = [t for t in (before, after) if t is not None]
    if not tables:
        return []

    def rows_of(table: Table | None, *, by_key: bool) -> dict:
        if table is None:
            return {}
        if by_key:
            return dict(zip(table.row_keys, table.rows, strict=True))
        return {row[0]: row for row in table.rows}

    by_key = all(len(t.row_keys) == len(t.rows) for t in tables)
    old, new = rows_of(before, by_key=by_key), rows_of(after, by_key=by_key)
    column = {heading: i for i, heading in enumerate(tables[-1].headings)}
    lines = []
    for key, row in new.items():
        was = old.get(key)
        if was is None:
            lines.append(AUDIT_ADDED.format(row[0]))
        elif was != row:
            parts = [
                said
                for heading, i in column.items()
                if i < len(was) and was[i] != row[i] and (said := _audit_cell_changed(heading, was[i], row[i]))
            ]
            lines.append(f"‘{row[0]}’: {and_list(parts)}")
    for key, row in old.items():
        if key not in new:
            lines.append(AUDIT_GONE.format(row[0]))
    return lines


def _audit_cell_changed(heading: str, was: str, now: str) -> str:
    """One change to an audit's row of "The audits held", in words."""
    if heading == "Audit":
        return f"its title changed from ‘{was}’"
    if heading == "Meeting":
        if was == NOT_SET:
            return f"its meeting day is now {now} (it was not set)"
        if now == NOT_SET:
            return f"its meeting day is no longer set (it was {was})"
        return f"its meeting day moved from {was} to {now}"
    if heading in ("Cases", "Children") and was.isdigit() and now.isdigit():
        one, many = ("case", "cases") if heading == "Cases" else ("child", "children")
        return f"it now has {_plural(int(now), one, many)} (it had {was})"
    if heading in ("Cases", "Children"):  # not recorded, or a cell people edited to words

        def said(cell: str) -> str:
            return "not recorded" if cell == NOT_RECORDED else cell if cell.isdigit() else f"‘{cell}’"

        return f"its number of {heading.lower()} is now {said(now)} (it was {said(was)})"
    return f"its {heading.lower()} is now ‘{now}’ (it was ‘{was}’)"


@dataclass
class _DrawnNow(Section):
    """A section of figures as drawn now, with the digests of the same figures
    in an earlier wording (``earlier``): a version drawn in it agrees."""

    earlier: tuple[str, ...] = ()


def _section_changed(before: Section, after: Section) -> bool:
    """A section of figures (not a chart) no longer agrees: its text drawn
    now is not the one it was drawn with (nor the same figures in an earlier
    wording: ``_DrawnNow``), or its tables differ."""
    agreeing = {_text_drawn(after), *(after.earlier if isinstance(after, _DrawnNow) else ())}
    return _text_drawn(before) not in agreeing or _rows(before) != _rows(after)


def _changes(document: Document, now: dict[str, Section], renamed: dict[str, str], *, kind: str) -> list[FigureChange]:
    changes = []
    for section in document.sections:
        if section.key not in now:
            continue
        after = now[section.key]
        if section.figure is not None or after.figure is not None:
            before_figure, after_figure = section.figure, after.figure
            # Figures by their values, each theme by its name now on both
            # sides: a theme renamed since is the same theme with the same
            # figures, whichever name either version still uses.
            if _counts(before_figure, renamed) == _counts(after_figure, renamed):
                continue
            title = (after_figure or before_figure).title
            lines = _lines(before_figure, after_figure, renamed)
            changes.append(FigureChange(key=section.key, title=title, lines=lines))
        elif kind == Kind.ANNUAL_REPORT and section.key in YEAR_FIGURE_SECTIONS and _section_changed(section, after):
            changes.append(
                FigureChange(key=section.key, title=section.heading, lines=_section_lines(section, after), chart=False)
            )
    return changes


def figures_now(publication) -> dict[str, Section]:
    """Each figure section (``figure_keys``) as it would be drafted from the
    record now. The year's report's are drawn from the year's figures alone
    (``sources.year_record(figures_only=True)``, read in the same number of
    queries however many audits: not every audit's record, which a page
    would read again at each view)."""
    from django.utils import timezone

    from maca.publications.services.drafts import draft_document

    today = timezone.localdate()
    if publication.kind == Kind.ANNUAL_REPORT:
        from maca.publications.sources import year_record

        record = year_record(publication.partnership, publication.year, figures_only=True)
        document = Document(title="", subtitle="", sections=year_figure_sections(record))
    else:
        document = draft_document(
            kind=publication.kind, audit=publication.audit, partnership=publication.partnership, year=publication.year
        )
    stamped(document, publication.kind, today)
    now = {key: document.section(key) for key in figure_keys(publication.kind, document)}
    if publication.kind == Kind.ANNUAL_REPORT:
        # Drafted before the report said what waits for its themes, "What each
        # audit found" said only what is counted: the same counts in those
        # words agree (ADR 0024, addendum 2026-12-08).
        for earlier in year_figure_sections(_without_awaiting(record)):
            drawn = now.get(earlier.key)
            if drawn is not None and earlier.text != drawn.text:
                fields = {name: getattr(drawn, name) for name in Section.__dataclass_fields__}
                now[earlier.key] = _DrawnNow(**fields, earlier=(drawn_mark(earlier.text),))
    return now


def _without_awaiting(record):
    """``record`` with nothing said to wait for its themes: as the year's
    report was drafted before it said so."""
    import dataclasses

    return dataclasses.replace(record, audits=[dataclasses.replace(a, awaiting={}) for a in record.audits])


def figures_changed_since_drafted(version, now: dict[str, Section] | None = None) -> list[FigureChange]:
    """The figure sections of ``version`` that no longer agree with the record
    (``figures_now``): what a refresh would change. Names of themes renamed
    since are read as the themes' names now."""
    from maca.publications.sources import themes_renamed_since

    now = figures_now(version.publication) if now is None else now
    return _changes(
        Document.from_json(version.document),
        now,
        dict(themes_renamed_since(version)),
        kind=version.publication.kind,
    )


def charts_corrected(version) -> list[FigureChange]:
    """The charts and sections of figures a correction changed from the
    version it corrects (a theme renamed since counts as the same theme):
    what its note says, so that the figures published are traceable."""
    if not version.is_correction:
        return []
    return charts_corrected_of(version.publication, [version]).get(version.pk, [])


def charts_corrected_of(publication, versions) -> dict[int, list[FigureChange]]:
    """``charts_corrected`` of each of ``versions`` of ``publication`` (by
    its pk, each correction's), read at once: the versions table says it of
    every version as the note does of one, and reads no more for more versions."""
    from maca.publications.sources import renamed_in, theme_renames

    corrections = [version for version in versions if version.is_correction]
    if not corrections:
        return {}
    published = list(
        publication.versions.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .order_by("-number")
        .only("pk", "publication_id", "number", "document")
    )
    renames = theme_renames(publication)
    titles = {}
    for version in corrections:
        # The version it corrects: the newest published (or since replaced) before it.
        corrected = next((item for item in published if item.number < version.number), None)
        if corrected is None:
            titles[version.pk] = []
            continue
        before, after = Document.from_json(corrected.document), Document.from_json(version.document)
        now = {section.key: section for section in after.sections}
        # Old names either version still uses, read as the themes' names now.
        renamed = dict(renamed_in(before, renames)) | dict(renamed_in(after, renames))
        changes = _changes(before, now, renamed, kind=publication.kind)
        titles[version.pk] = changes
    return titles


def figures_notice(changes: list[FigureChange], publication, *, status: str, can_refresh: bool) -> str:
    """What a version's page says before its list of changes, when its figure
    sections (charts, and the year's report's sections of figures) no longer
    agree with the record. ``can_refresh``: a draft the person may edit, with
    the button beside these words."""
    if not changes:
        return ""
    titles = and_list([f"‘{change.title}’" for change in changes])
    whose = whose_findings(publication) if all(change.chart for change in changes) else YEAR_RECORD
    said = f"The figures in {titles} no longer agree with {whose}, which has changed since"
    said = said.replace("which has", "which have") if whose != YEAR_RECORD else said
    said += " it was drafted." if len(changes) == 1 else " they were drafted."
    if can_refresh:
        if all(change.chart for change in changes):
            return (
                f"{said} ‘{refresh_label(publication)}’ draws the chart again from them, with its summary and table; "
                "check the sections’ text afterwards, which is not changed."
            )
        return (
            f"{said} ‘{refresh_label(publication)}’ draws every section of figures again from it: charts, tables, "
            "and the text drawn from the record where nobody has edited it since; check the sections afterwards."
        )
    if status == Status.PUBLISHED:
        what = "the chart" if len(changes) == 1 and changes[0].chart else "the figures"
        return f"{said} To change {what}, correct the published version, then refresh the figures of its draft."
    return f"{said} It must be sent back to draft to refresh the figures before it is published."
