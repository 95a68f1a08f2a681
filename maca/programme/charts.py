"""The programme year as pictures: how many audits are at each stage, and the
year as a timeline of its audits, each drawn in the colour and pattern of its
stage, with the days cases are selected, returns are due and partners meet."""

from __future__ import annotations

import datetime as dt

from maca.core.charts import BarChart, KeyItem, Lane, Mark, Series, Span, Timeline, day_text, style
from maca.core.presenters import and_list, short_date
from maca.programme.meeting_day import MeetingDay, meeting_days
from maca.programme.models import STAGE_ORDER, Stage, due_called

# As the stage tags (programme.presenters.STAGE_COLOURS), each with its own pattern.
STAGE_STYLES = {
    Stage.PLANNED: style("grey", pattern="dots"),
    Stage.SELECTING: style("light-blue", pattern="diagonal"),
    Stage.AUDITING: style("blue"),
    Stage.MEETING: style("purple", pattern="horizontal"),
    Stage.WRITING_UP: style("teal", pattern="backward"),
    Stage.ACTIONS: style("yellow", pattern="crosshatch"),
    Stage.CLOSED: style("green", pattern="vertical"),
    Stage.CANCELLED: style("red", pattern="diagonal"),
}
# The marks of an audit's days; the deadline's name is its audits' (``due_called``).
# Keyed apart from the stages (``Stage.MEETING`` is "meeting" too), and the key
# says "Meeting date" beside the stage "Meeting".
DATE_MARKS = {
    "day-selection": ("Cases selected by", style("dark-grey", shape="circle")),
    "day-deadline": (None, style("dark-blue", shape="diamond")),
    "day-meeting": ("Meeting date", style("magenta", shape="square")),
}


def _audits(count: int) -> str:
    return f"{count} audit{'s' if count != 1 else ''}"


def stages_chart(audits, *, label: str) -> BarChart:
    """How many of the year's audits are at each stage (``label``: "2026–27")."""
    stages = [*STAGE_ORDER, Stage.CANCELLED]
    counts = dict.fromkeys(stages, 0)
    for audit in audits:
        counts[Stage(audit.stage)] += 1
    if not counts[Stage.CANCELLED]:
        stages.remove(Stage.CANCELLED)
    shown = [f"{counts[stage]} {stage.label.lower()}" for stage in stages if counts[stage]]
    summary = (
        f"{_audits(len(audits))} in the {label} programme: {and_list(shown)}."
        if audits
        else f"No audits are planned in the {label} programme yet."
    )
    return BarChart(
        "Audits by stage",
        summary,
        name="audits-by-stage",
        categories=[stage.label for stage in stages],
        series=[Series("Audits", [counts[stage] for stage in stages], style=STAGE_STYLES[Stage.AUDITING])],
        category_heading="Stage",
    )


def _span_of(audit, meeting: MeetingDay) -> tuple[dt.date, dt.date] | None:
    days = [d for d in (audit.planned_selection_date, audit.return_deadline, meeting.day) if d]
    return (min(days), max(days)) if days else None


def year_timeline(
    year: int, audits, *, today: dt.date, label: str, meetings: dict[int, MeetingDay] | None = None
) -> Timeline:
    """The business year (April to March) with a lane per audit: a bar from the
    day cases are selected to the meeting, in its stage's style, and a mark for
    each of those days. The meeting's is the day it was held, once recorded
    (``meetings``: ``meeting_day.meeting_days``)."""
    meetings = meetings if meetings is not None else meeting_days(audits)
    first, last = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    lanes, rows = [], []
    due = due_called(audit.kind for audit in audits)
    for audit in audits:
        stage = Stage(audit.stage)
        items: list = []
        meeting = meetings[audit.pk]
        span = _span_of(audit, meeting)
        if span:
            first, last = min(first, span[0]), max(last, span[1])
            items.append(
                Span(
                    span[0],
                    span[1],
                    stage.value,
                    text=f"{stage.label}, {day_text(span[0])} to {day_text(span[1])}",
                    data={"row": audit.title, "column": "Stage", "value": stage.label},
                )
            )
        for key, day, heading, said, shown in (
            ("day-selection", audit.planned_selection_date, "Cases selected by", "Cases selected by", None),
            ("day-deadline", audit.return_deadline, due, due_called([audit.kind]), None),
            ("day-meeting", meeting.day, "Meeting", meeting.key, meeting.short),
        ):
            if day:
                items.append(
                    Mark(
                        day,
                        key,
                        text=f"{said} {day_text(day)}",
                        data={"row": audit.title, "column": heading, "value": shown or short_date(day)},
                    )
                )
        lanes.append(Lane(f"{audit.title} ({stage.label.lower()})", items))
        rows.append(
            [
                {"text": audit.title},
                {"text": stage.label},
                {"text": short_date(audit.planned_selection_date), "classes": "maca-nowrap"},
                {"text": short_date(audit.return_deadline), "classes": "maca-nowrap"},
                {"text": meeting.short, "classes": "maca-nowrap"},
            ]
        )
    used = {Stage(a.stage) for a in audits}
    styles = {stage.value: KeyItem(stage.label, STAGE_STYLES[stage]) for stage in STAGE_STYLES if stage in used}
    styles.update({key: KeyItem(name or due, item, "mark") for key, (name, item) in DATE_MARKS.items()})
    undated = sum(1 for audit in audits if _span_of(audit, meetings[audit.pk]) is None)
    summary = f"{_audits(len(audits))} from {day_text(dt.date(year, 4, 1))} to {day_text(dt.date(year + 1, 3, 31))}"
    summary += ", each from the day its cases are selected to its meeting, drawn in its stage’s pattern"
    summary += f"; {undated} {'has' if undated == 1 else 'have'} no dates yet." if undated else "."
    return Timeline(
        f"The {label} year at a glance",
        summary,
        name="year-timeline",
        lanes=lanes,
        styles=styles,
        first=first,
        last=last,
        today=today if first <= today <= last else None,
        span_height=14,
        table_params={
            "caption": f"The {label} year at a glance",
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": [
                {"text": "Audit"},
                {"text": "Stage"},
                {"text": "Cases selected by"},
                {"text": due},
                {"text": "Meeting"},
            ],
            "rows": rows,
            "classes": "maca-table--compact",
        },
    )
