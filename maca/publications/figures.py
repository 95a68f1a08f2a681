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

from dataclasses import dataclass

from maca.core.presenters import and_list
from maca.programme.models import year_label
from maca.publications.document import Document, Figure
from maca.publications.drafting._common import _plural
from maca.publications.drafting.year_report import YEAR_THEMES_SECTION, year_theme_figure
from maca.publications.models import Kind, Status

# The button on a draft whose figures no longer agree with the record.
REFRESH = "Refresh the figures from the audit’s findings"
REFRESH_YEAR = "Refresh the figures from the year’s findings"


def refresh_label(publication) -> str:
    """The button's words: an audit's output is drafted from the audit's
    findings, the annual report from its year's."""
    return REFRESH_YEAR if publication.kind == Kind.ANNUAL_REPORT else REFRESH


def whose_findings(publication) -> str:
    return "the year’s findings" if publication.kind == Kind.ANNUAL_REPORT else "the audit’s findings"


@dataclass(frozen=True)
class FigureChange:
    """A chart whose figures changed: the section it is in, its title, and
    what changed, each a line a person reads ("Think family now has 1 finding (it had 2)")."""

    key: str
    title: str
    lines: tuple[str, ...]


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
    old, new = dict(_counts(before, renamed)), dict(_counts(after))
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


def _changes(document: Document, now: dict[str, Figure | None], renamed: dict[str, str]) -> list[FigureChange]:
    changes = []
    for section in document.sections:
        if section.key not in now:
            continue
        before, after = section.figure, now[section.key]
        if _counts(before, renamed) == _counts(after):
            continue
        title = (after or before).title
        changes.append(FigureChange(key=section.key, title=title, lines=_lines(before, after, renamed)))
    return changes


def figures_now(publication) -> dict[str, Figure | None]:
    """Each section's chart as it would be drafted from the record now. The
    year's report has one chart, drawn from the year's theme figures alone (not
    every audit's record, which a page would read again at each view)."""
    from maca.publications.services.drafts import draft_document

    if publication.kind == Kind.ANNUAL_REPORT:
        from maca.publications.sources import year_themes

        themes = year_themes(publication.partnership, publication.year)
        return {YEAR_THEMES_SECTION: year_theme_figure(year_label(publication.year), themes)}
    document = draft_document(
        kind=publication.kind, audit=publication.audit, partnership=publication.partnership, year=publication.year
    )
    return {section.key: section.figure for section in document.sections}


def figures_changed_since_drafted(version, now: dict[str, Figure | None] | None = None) -> list[FigureChange]:
    """The charts of ``version`` whose figures no longer agree with the record
    (``figures_now``): what a refresh would change. Names of themes renamed
    since are read as the themes' names now."""
    from maca.publications.sources import themes_renamed_since

    now = figures_now(version.publication) if now is None else now
    return _changes(Document.from_json(version.document), now, dict(themes_renamed_since(version)))


def charts_corrected(version) -> list[str]:
    """The titles of the charts whose figures a correction changed from the
    version it corrects (a theme renamed since counts as the same theme):
    what its note says, so that the figures published are traceable."""
    if not version.is_correction:
        return []
    return charts_corrected_of(version.publication, [version]).get(version.pk, [])


def charts_corrected_of(publication, versions) -> dict[int, list[str]]:
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
        before = Document.from_json(corrected.document)
        now = {section.key: section.figure for section in Document.from_json(version.document).sections}
        changes = _changes(before, now, dict(renamed_in(before, renames)))
        titles[version.pk] = [change.title for change in changes]
    return titles


def figures_notice(changes: list[FigureChange], publication, *, status: str, can_refresh: bool) -> str:
    """What a version's page says before its list of changes, when its charts
    no longer agree with the record. ``can_refresh``: a draft the person may
    edit, with the button beside these words."""
    if not changes:
        return ""
    titles = and_list([f"‘{change.title}’" for change in changes])
    said = f"The figures in {titles} no longer agree with {whose_findings(publication)}, which have changed since"
    said += " it was drafted." if len(changes) == 1 else " they were drafted."
    if can_refresh:
        return (
            f"{said} ‘{refresh_label(publication)}’ draws the chart again from them, with its summary and table; "
            "check the sections’ text afterwards, which is not changed."
        )
    if status == Status.PUBLISHED:
        return f"{said} To change the chart, correct the published version, then refresh the figures of its draft."
    return f"{said} It must be sent back to draft to refresh the figures before it is published."
