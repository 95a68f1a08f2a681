"""The programme as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from maca.core.presenters import date_time, long_date, short_date, written
from maca.programme.audit_cases import Selected
from maca.programme.meeting_day import MeetingDay, meeting_days
from maca.programme.models import Stage, due_called, returns_called

STAGE_COLOURS = {
    Stage.PLANNED: "grey",
    Stage.SELECTING: "light-blue",
    Stage.AUDITING: "blue",
    Stage.MEETING: "purple",
    Stage.WRITING_UP: "turquoise",
    Stage.ACTIONS: "yellow",
    Stage.CLOSED: "green",
    Stage.CANCELLED: "red",
}


def stage_tag(stage: str) -> str:
    stage = Stage(stage)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', STAGE_COLOURS[stage], stage.label)


def programme_table(audits, counts: dict[int, Selected], meetings: dict[int, MeetingDay] | None = None) -> dict:
    """The year's audits; ``meetings`` (``meeting_day.meeting_days``), each one's meeting day."""
    meetings = meetings if meetings is not None else meeting_days(audits)
    rows = []
    for audit in audits:
        selected = counts.get(audit.pk, Selected()).of_target(audit.target_cases)
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        reverse("programme:audit", args=[audit.pk]),
                        audit.title,
                    )
                },
                {"text": audit.get_kind_display()},
                {"text": selected},
                {"text": short_date(audit.return_deadline), "classes": "maca-nowrap"},
                {"text": meetings[audit.pk].short, "classes": "maca-nowrap"},
                {"html": stage_tag(audit.stage)},
            ]
        )
    return {
        "caption": "Audits",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Audit"},
            {"text": "Kind"},
            {"text": "Cases selected"},
            {"text": due_called(audit.kind for audit in audits)},
            {"text": "Meeting"},
            {"text": "Stage"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def _days(number: int) -> str:
    return f"{number} day" if number == 1 else f"{number} days"


def reminders_said(audit) -> str:
    """When maca reminds agencies with returns outstanding, as the daily job
    (``returns.reminders.due_kind``) does it: a side set to 0 sends nothing."""
    sides = []
    if audit.reminder_days_before:
        sides.append(f"{_days(audit.reminder_days_before)} before")
    if audit.reminder_days_after:
        sides.append(f"{_days(audit.reminder_days_after)} after")
    if audit.is_finished and not audit.return_deadline:
        # Over without a deadline (brought in from a past year, or cancelled early): none was ever due.
        return "None: no deadline was set"
    if not sides:
        return "None sent by maca (a reminder can still be sent by hand)"
    said = f"{' and '.join(sides)} the deadline, to agencies with {returns_called(audit.kind)} outstanding"
    return said if audit.return_deadline else f"{said}, once a deadline is set"


def children_row(audit, selected: Selected | None = None) -> dict:
    """The audit's ``target_children``: for an audit planned in maca, the
    children planned; for one brought in from a past year, the children its
    cases concerned (kept there by the import, docs/audit-json.md), which is
    a count, not a plan, and "Not recorded" when its record gave none.
    ``selected`` says which, by its one rule (``Selected.counted``)."""
    if selected is not None and selected.past:
        return {"key": {"text": "Children"}, "value": {"text": str(selected.stated or "Not recorded")}}
    return {"key": {"text": "Children (planned)"}, "value": {"text": str(audit.target_children or "–")}}


def audit_summary(audit, selected: Selected | None = None, meeting: MeetingDay | None = None) -> list[dict]:
    """The audit's plan; ``selected`` (its cases, ``audit_cases.selected``)
    tells an imported audit's count of children from a plan; ``meeting``
    (``meeting_day.meeting_day``), the day its meeting was held once recorded,
    in place of the day it was planned."""
    meeting = meeting or MeetingDay(audit.planned_meeting_date)
    priorities = ", ".join(p.title for p in audit.priorities.all()) or "–"
    # A lead or tool still to choose while the audit goes on; once it is over, none will be.
    missing = "Not recorded" if audit.is_finished else "Not chosen yet"
    return [
        {"key": {"text": "Programme"}, "value": {"text": audit.programme.label}},
        {"key": {"text": "Theme"}, "value": written(audit.theme)},
        {"key": {"text": "Board priorities"}, "value": {"text": priorities}},
        {"key": {"text": "Kind"}, "value": {"text": audit.get_kind_display()}},
        # Planned, as "Children (planned)": the audit's page says above how many are selected.
        {"key": {"text": "Cases planned"}, "value": {"text": str(audit.target_cases)}},
        children_row(audit, selected),
        {"key": {"text": "Cases selected by"}, "value": {"text": long_date(audit.planned_selection_date)}},
        {
            "key": {"text": f"{returns_called(audit.kind).capitalize()} due"},
            "value": {"text": long_date(audit.return_deadline)},
        },
        {"key": {"text": meeting.key}, "value": {"text": meeting.long}},
        {"key": {"text": "Audit lead"}, "value": {"text": audit.lead.full_name if audit.lead else missing}},
        {"key": {"text": "Audit tool"}, "value": {"text": audit.tool.name if audit.tool_id else missing}},
        {"key": {"text": "Reminders"}, "value": {"text": reminders_said(audit)}},
        {"key": {"text": "Stage"}, "value": {"html": stage_tag(audit.stage)}},
    ]


def transitions_table(transitions) -> dict:
    rows = [
        [
            {"text": date_time(t.occurred_at), "classes": "maca-nowrap"},
            {"text": f"{Stage(t.from_stage).label} → {Stage(t.to_stage).label}"},
            {"text": t.actor.full_name},
            written(t.reason),
        ]
        for t in transitions
    ]
    return {
        "caption": "History",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "When"}, {"text": "Move"}, {"text": "Who"}, {"text": "Why"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def priorities_table(priorities, *, can_manage: bool) -> dict:
    """The board's priorities; each a link to change it for those who manage
    the programme, plain text for everyone else (the change page is theirs only)."""
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>', reverse("programme:priority", args=[p.pk]), p.title
                )
            }
            if can_manage
            else {"text": p.title},
            written(p.description),
            {"text": "Current" if p.is_active else "No longer held"},
        ]
        for p in priorities
    ]
    return {
        "caption": "Board priorities",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Priority"}, {"text": "Description"}, {"text": "Status"}],
        "rows": rows,
    }
