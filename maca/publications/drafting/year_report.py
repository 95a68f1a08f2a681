"""The annual report of a programme year: the audits held, what each found
and what changed, the themes across the year, the action plan, the impact
and next year's programme."""

from __future__ import annotations

from maca.actions.models import ActionStatus
from maca.core.presenters import and_list
from maca.programme.meeting_day import MeetingDay
from maca.publications.document import Document, Figure, Section, Table
from maca.publications.drafting._common import (
    NOT_RECORDED,
    _bullets,
    _plural,
    long_date,
)
from maca.publications.presenters import uptake_cell
from maca.publications.sources import AuditRow, YearRecord


def _year_theme_summary(label: str, themes: list[tuple[str, int, int, int]]) -> str:
    """The year's most raised theme, or every theme tied with it (named in the
    chart's order, as the recurrence pages name them): never one of them alone
    as if it stood out. ``themes``: ``sources.year_themes``, most concerns first."""
    _name, strengths, concerns, _audits = themes[0]
    as_what, most, column = ("concern", concerns, 2) if concerns else ("strength", strengths, 1)
    tied = [t[0] for t in themes if t[column] == most]
    each = " each" if len(tied) > 1 else ""
    return f"Raised most often as a {as_what} in {label}: {and_list(tied)} ({_plural(most, 'finding')}{each})."


# The section of the year's report that carries its chart.
YEAR_THEMES_SECTION = "themes"


def year_theme_figure(label: str, themes: list[tuple[str, int, int, int]]) -> Figure | None:
    """The year's chart: every theme of the year, as "Themes over the years"
    shows them (``sources.year_themes``, the recurrence pages' figures)."""
    if not themes:
        return None
    return Figure(
        title=f"Themes across {label}",
        summary=_year_theme_summary(label, themes),
        category_heading="Theme",
        categories=[t[0] for t in themes],
        series=[("Concerns", [t[2] for t in themes]), ("Strengths", [t[1] for t in themes])],
    )


# The section of the year's report that lists its audits, and its table's columns.
YEAR_AUDITS_SECTION = "audits"
AUDITS_HEADINGS = ["Audit", "Theme", "Meeting", "Cases", "Children", "Stage"]
# The section that says what each audit found, and what waits for its themes.
YEAR_FOUND_SECTION = "found"
YEAR_FOUND_HEADING = "What each audit found and what changed"
# An audit's meeting with no day, planned or held.
NOT_SET = "Not set"

# The sections of the year's report drawn from the record's figures: each
# says the date they were drawn ("Figures as at …") and is checked against
# the record, and refreshed from it, as a whole (``figures``).
YEAR_FIGURE_SECTIONS = (YEAR_AUDITS_SECTION, YEAR_FOUND_SECTION, YEAR_THEMES_SECTION, "action_plan", "impact")


def _audits_section(record: YearRecord) -> Section:
    """The audits held: how many, and a row each, in the order of the
    meeting day each shows (``sources.year_record``)."""
    rows = [
        [
            a.title,
            " ".join(a.theme.split()),
            long_date(a.date) if a.date else NOT_SET,
            str(a.cases),
            str(a.children) if a.children is not None else NOT_RECORDED,
            a.stage,
        ]
        for a in record.audits
    ]
    return Section(
        YEAR_AUDITS_SECTION,
        "The audits held",
        _audits_held(record),
        tables=[
            Table(
                caption=f"Audits in {record.label}",
                headings=AUDITS_HEADINGS,
                rows=rows,
                row_keys=[a.key for a in record.audits] if all(a.key is not None for a in record.audits) else [],
            )
        ]
        if rows
        else [],
    )


def _awaiting_in_year(audit: AuditRow) -> str:
    """What the year's report leaves out of an audit's count for want of
    confirmed themes, by kind: "1 strength and 2 findings recorded are left
    out until their themes are confirmed." while a person can still confirm
    them (``AuditRow.can_confirm``); once they never can, "… were never
    given confirmed themes and are not counted."."""
    parts = [
        _plural(n, one)
        for what, one in (("strengths", "strength"), ("concerns", "finding"))
        if (n := audit.awaiting.get(what, 0))
    ]
    if audit.can_confirm:
        rest = ("is", "its") if audit.awaiting_themes == 1 else ("are", "their")
        return f"{and_list(parts)} recorded {rest[0]} left out until {rest[1]} themes are confirmed."
    rest = ("was", "is") if audit.awaiting_themes == 1 else ("were", "are")
    return f"{and_list(parts)} recorded {rest[0]} never given confirmed themes and {rest[1]} not counted."


def _found_recorded(audit: AuditRow) -> str:
    """ "1 strength and 2 findings recorded.", counted as the board reads
    them (``sources.year_found``); then what is left out for want of
    confirmed themes (``_awaiting_in_year``), or, when none of its strengths
    and findings has confirmed themes, only that (never "0 strengths and 0
    findings" of an audit whose findings wait). Good practice is counted in
    neither, so never said here."""
    said = f"{_plural(audit.strengths, 'strength')} and {_plural(audit.concerns, 'finding')} recorded."
    if not audit.awaiting_themes:
        return said
    if not (audit.strengths or audit.concerns):
        none = "None yet with confirmed themes" if audit.can_confirm else "None with confirmed themes"
        return f"{none}: {_awaiting_in_year(audit)}"
    return f"{said} {_awaiting_in_year(audit)}"


def year_figure_sections(record: YearRecord) -> list[Section]:
    """The year's figure sections (``YEAR_FIGURE_SECTIONS``), as drafted from ``record``."""
    found = []
    for a in record.audits:
        found.append(a.title)
        lines = [_found_recorded(a)]
        lines += [f"Recommended: {r}" for r in a.recommendations]
        lines += [f"Changed: {c}" for c in a.changes] or ["No agency has reported a change yet."]
        found.append(_bullets(lines))
    plan_text, plan_tables = _plan_section(record)
    impact_rows = [[i.output, uptake_cell(i.uptake), f"{i.meetings:,}", f"{i.staff:,}"] for i in record.impact]
    impact_changes = [c for i in record.impact for c in i.changes]
    return [
        _audits_section(record),
        Section(
            YEAR_FOUND_SECTION,
            YEAR_FOUND_HEADING,
            "\n\n".join(found) or "No audits were held this year.",
        ),
        Section(
            YEAR_THEMES_SECTION,
            "Themes across the year",
            "Themes found in more than one audit are where the partnership’s learning should go first. "
            "Each theme counts the findings whose themes were confirmed, about a case or across cases, "
            "as the partnership’s theme pages do." + _in_more_than_one_audit(record)
            if record.themes
            else "No strengths or findings were tagged with themes this year.",
            figure=year_theme_figure(record.label, record.themes),
        ),
        Section("action_plan", "The action plan", plan_text, tables=plan_tables),
        Section(
            "impact",
            "Impact: learning into practice",
            "\n\n".join(
                filter(
                    None,
                    [
                        "What agencies did with the briefings they were given."
                        if impact_rows
                        else "No briefings were published this year.",
                        _bullets(impact_changes) if impact_changes else "",
                    ],
                )
            ),
            tables=[
                Table(
                    caption="Briefings used in practice",
                    headings=["Output", "Agencies reporting", "Team meetings", "Staff reached"],
                    rows=impact_rows,
                )
            ]
            if impact_rows
            else [],
        ),
    ]


def _next_meeting(meeting: MeetingDay) -> str:
    """A meeting of next year's programme as its pages show it: "12 March
    2027 (held)" once held, else the planned "12 March 2027", or "Not set"."""
    if meeting.day is None:
        return NOT_SET
    return f"{long_date(meeting.day)} (held)" if meeting.held else long_date(meeting.day)


def annual_report(record: YearRecord, *, partnership_name: str) -> Document:
    next_rows = [[t, " ".join(theme.split()), _next_meeting(day)] for t, theme, day in record.next_year]
    return Document(
        title=f"Annual quality assurance report {record.label}",
        subtitle=f"{partnership_name}: multi-agency case audits, April {record.year} to March {record.year + 1}",
        sections=[
            *year_figure_sections(record),
            Section(
                "next_year",
                "Next year’s programme",
                f"{_plural(len(next_rows), 'audit')} planned for the next programme year."
                if next_rows
                else "Next year’s programme has not been planned yet.",
                tables=[Table(caption="Audits planned", headings=["Audit", "Theme", "Meeting"], rows=next_rows)]
                if next_rows
                else [],
            ),
        ],
    )


def _in_more_than_one_audit(record: YearRecord) -> str:
    """Which themes the section's first sentence points to: those raised as
    a concern in more than one of the year's audits, in the chart's order."""
    names = [name for name, _strengths, _concerns, audits in record.themes if audits > 1]
    if names:
        return f"\n\nRaised as a concern in more than one of the year’s audits: {and_list(names)}."
    if len(record.audits) > 1:
        return "\n\nNo theme was raised as a concern in more than one of the year’s audits."
    return ""


def _audits_held(record: YearRecord) -> str:
    """How many audits, cases and children: a total of children only over the
    audits that recorded it, and saying which did not (never a total that
    silently counts an audit without the figure as none)."""
    audits = record.audits
    held = f"The partnership held {_plural(len(audits), 'audit')} in {record.label}"
    if any(a.progress != "held" for a in audits):
        # Drafted before the year's audits are all done: never "held" of an
        # audit whose meeting has not come.
        parts = [
            f"{sum(a.progress == progress for a in audits)} {progress}"
            for progress in ("held", "under way", "planned")
            if any(a.progress == progress for a in audits)
        ]
        held = f"The partnership has {_plural(len(audits), 'audit')} in {record.label} ({and_list(parts)})"
    if not audits:
        return f"{held}."
    cases = f"{held}, looking at {_plural(sum(a.cases for a in audits), 'case')}"
    known = [a for a in audits if a.children is not None]
    unknown = [a for a in audits if a.children is None]
    children = _plural(sum(a.children for a in known), "child", "children")
    if not unknown:
        return f"{cases} about {children}."
    not_recorded = f"The number of children is not recorded for {_titles(unknown)}"
    if not known:
        return f"{cases}. {not_recorded}."
    return f"{cases}. {not_recorded}; the other {_plural(len(known), 'audit')} looked at {children}."


def _titles(audits) -> str:
    titles = [f"‘{a.title}’" for a in audits]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def _plan_section(record: YearRecord) -> tuple[str, list[Table]]:
    plan = record.plan
    if not plan:
        return record.plan_note, []
    text = (
        f"{_plan_parts(plan)}. {_plural(plan.get('overdue', 0), 'action is', 'actions are')} "
        f"overdue; {_plural(plan.get('closed_with_impact', 0), 'action was', 'actions were')} closed with evidence "
        "of impact."
    )
    rows = [[label, str(n)] for label, n in plan.get("by_status", {}).items()]
    tables = [Table(caption="Actions by status", headings=["Status", "Actions"], rows=rows)] if rows else []
    return text, tables


def _plan_parts(plan: dict) -> str:
    """The year's actions in parts that add up to them: those not yet closed,
    by RAG (closed and cancelled actions have none: ``actions.rag``), then the
    closed and the cancelled ones."""
    total = plan.get("total", 0)
    by_status = plan.get("by_status", {})
    closed = by_status.get(ActionStatus.CLOSED.label, 0)
    cancelled = by_status.get(ActionStatus.CANCELLED.label, 0)
    rag = plan.get("by_rag", {})
    parts = []
    if total - closed - cancelled:
        parts.append(
            f"{total - closed - cancelled} not yet closed ({rag.get('red', 0)} red, {rag.get('amber', 0)} amber "
            f"and {rag.get('green', 0)} green)"
        )
    parts += [f"{n} {word}" for n, word in ((closed, "closed"), (cancelled, "cancelled")) if n]
    return f"{_plural(total, 'action')} raised: {and_list(parts)}"
