"""Audit tools as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from maca.core.presenters import written
from maca.tools.models import (
    AuditTool,
    GradingScale,
    Question,
    QuestionKind,
    Section,
    ToolVersion,
    VersionStatus,
    returns_called,
)

STATUS_COLOURS = {
    VersionStatus.DRAFT: "yellow",
    VersionStatus.PUBLISHED: "green",
    VersionStatus.RETIRED: "grey",
}


def which_version_used(kind: str | None = None) -> str:
    """Which version of a tool agencies answer, once one is published: "new
    returns and returns not yet started use it; returns already started keep
    the version they began with", said of a tool of ``kind``'s returns or
    summative reports, or of both (``kind`` None: the list of every tool)."""
    called = returns_called(kind) if kind else "returns or summative reports"
    new = f"new {called} and those not yet started" if not kind else f"new {called} and {called} not yet started"
    started = "those already started" if not kind else f"{called} already started"
    return f"{new} use it; {started} keep the version they began with"


def status_tag(status: str) -> SafeString:
    status = VersionStatus(status)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', STATUS_COLOURS[status], status.label)


ARCHIVED_TAG = format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Archived")


def _when(value) -> str:
    return f"{timezone.localtime(value):%-d %B %Y}" if value else "–"


def _version_link(version: ToolVersion, text: str | None = None, *, tool_name: str = "") -> SafeString:
    """A link to a version. In a table of several tools, every tool has a
    "Version 1": ``tool_name`` adds the tool's name for screen readers."""
    hidden = format_html('<span class="govuk-visually-hidden"> of ‘{}’</span>', tool_name) if tool_name else ""
    return format_html(
        '<a class="govuk-link" href="{}">{}{}</a>',
        reverse("tools:version", args=[version.pk]),
        text or f"Version {version.number}",
        hidden,
    )


def published_and_draft(tool: AuditTool) -> tuple[ToolVersion | None, ToolVersion | None]:
    """The tool's published version and its draft, from its prefetched versions."""
    versions = list(tool.versions.all())
    published = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    return published, draft


def tools_table(tools) -> dict:
    rows = []
    for tool in tools:
        published, draft = published_and_draft(tool)
        name = format_html('<a class="govuk-link" href="{}">{}</a>', reverse("tools:tool", args=[tool.pk]), tool.name)
        if tool.is_archived:
            name = format_html("{} {}", name, ARCHIVED_TAG)
        rows.append(
            [
                {"html": name},
                {"text": "Summative report" if tool.kind == "summative" else "Case audit"},
                {
                    "html": format_html(
                        '{}<br><span class="govuk-body-s">published {}</span>',
                        _version_link(published, tool_name=tool.name),
                        _when(published.published_at),
                    )
                    if published
                    else "Not published yet"
                },
                {
                    "html": _version_link(draft, f"Version {draft.number} (draft)", tool_name=tool.name)
                    if draft
                    else "–"
                },
            ]
        )
    return {
        "caption": "Audit tools",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Tool"}, {"text": "Kind"}, {"text": "In use"}, {"text": "Draft"}],
        "rows": rows,
    }


def tool_summary(tool: AuditTool) -> list[dict]:
    rows = [
        {"key": {"text": "Name"}, "value": {"text": tool.name}},
        {"key": {"text": "Kind"}, "value": {"text": tool.get_kind_display()}},
        {"key": {"text": "Description"}, "value": written(tool.description)},
    ]
    if tool.is_archived:
        rows.append({"key": {"text": "Status"}, "value": {"html": ARCHIVED_TAG}})
    return rows


def _publisher(version: ToolVersion) -> str:
    """Who published the version: a person, or maca itself for the standard tools it installs."""
    return version.published_by.full_name if version.published_by_id and version.published_by else "maca"


def versions_table(versions) -> dict:
    rows = []
    for version in versions:
        published = f"{_when(version.published_at)} by {_publisher(version)}" if version.published_at else "–"
        rows.append(
            [
                {"html": _version_link(version)},
                {"html": status_tag(version.status)},
                {"text": published},
                {"text": version.notes or "–", "classes": "maca-pre-wrap"},
            ]
        )
    return {
        "caption": "Versions",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Version"}, {"text": "Status"}, {"text": "Published"}, {"text": "What changed"}],
        "rows": rows,
    }


def version_summary(version: ToolVersion) -> list[dict]:
    rows = [
        {"key": {"text": "Status"}, "value": {"html": status_tag(version.status)}},
        {"key": {"text": "Kind"}, "value": {"text": version.tool.get_kind_display()}},
    ]
    if version.tool.is_archived:
        rows.append(
            {
                "key": {"text": "Tool"},
                "value": {"html": format_html("{} Not offered for new audits.", ARCHIVED_TAG)},
            }
        )
    if version.published_at:
        rows.append(
            {"key": {"text": "Published"}, "value": {"text": f"{_when(version.published_at)} by {_publisher(version)}"}}
        )
    if version.notes:
        rows.append({"key": {"text": "What changed"}, "value": written(version.notes)})
    return rows


def section_summary(section: Section) -> list[dict]:
    return [
        {"key": {"text": "Title"}, "value": {"text": section.title}},
        {"key": {"text": "Guidance"}, "value": written(section.help_text)},
    ]


def question_summary(question: Question) -> list[dict]:
    rows = [
        {"key": {"text": "Question"}, "value": {"text": question.text}},
        {"key": {"text": "Hint"}, "value": written(question.help_text)},
        {"key": {"text": "Kind of answer"}, "value": {"text": question.get_kind_display()}},
        {"key": {"text": "Answer needed"}, "value": {"text": "Yes" if question.required else "No"}},
        {"key": {"text": "Key"}, "value": {"html": format_html('<code class="maca-code">{}</code>', question.key)}},
    ]
    if question.kind == QuestionKind.GRADE:
        rows.append({"key": {"text": "Scale"}, "value": {"text": question.scale.name if question.scale else "–"}})
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        choices = format_html_join("", "<li>{}</li>", ((c,) for c in question.choices))
        rows.append(
            {"key": {"text": "Choices"}, "value": {"html": format_html('<ul class="govuk-list">{}</ul>', choices)}}
        )
    if question.kind == QuestionKind.TEXT:
        rows.append({"key": {"text": "Most characters"}, "value": {"text": f"{question.max_length:,}"}})
    return rows


def scales_table(scales: list[GradingScale]) -> dict:
    rows = []
    for scale in scales:
        levels = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (level["label"], " (meets the standard)" if level.get("meets_standard") else "")
                for level in scale.levels
            ),
        )
        rows.append(
            [
                {
                    "html": format_html(
                        '{}<br><span class="govuk-body-s">{}</span>', scale.name, scale.description or ""
                    )
                },
                {"html": format_html('<ul class="govuk-list">{}</ul>', levels)},
                {"text": "Shipped with maca" if scale.is_shipped else "Your partnership’s"},
            ]
        )
    return {
        "caption": "Grading scales",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Scale"}, {"text": "Levels, best first"}, {"text": "From"}],
        "rows": rows,
    }


def move_buttons(what: str, name: str, *, first: bool, last: bool) -> list[dict]:
    """The small "Move up" / "Move down" buttons of one section or question (a
    form posting ``direction``), each naming what it moves for screen readers."""
    buttons = []
    for direction, shown, hide in (("up", "Move up", first), ("down", "Move down", last)):
        if hide:
            continue
        buttons.append(
            {
                "html": format_html('{}<span class="govuk-visually-hidden"> the {} ‘{}’</span>', shown, what, name),
                "type": "submit",
                "name": "direction",
                "value": direction,
                "classes": "govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-right-2",
            }
        )
    return buttons


def add_question_button(section: Section) -> dict:
    return {
        "html": format_html(
            'Add a question<span class="govuk-visually-hidden"> to the section ‘{}’</span>', section.title
        ),
        "classes": "govuk-button--secondary",
    }
