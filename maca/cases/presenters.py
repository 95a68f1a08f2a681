"""Case imports as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from maca.cases.models import CaseImport, ImportStatus
from maca.core.presenters import counted, date_time

SHOWN_PROBLEMS = 500
STATUS_COLOURS = {
    ImportStatus.UPLOADED: "blue",
    ImportStatus.QUEUED: "yellow",
    ImportStatus.FAILED: "red",
    ImportStatus.IMPORTED: "green",
    ImportStatus.DISCARDED: "grey",
    ImportStatus.EXPIRED: "grey",
}
SHORT_STATUS = {
    ImportStatus.UPLOADED: "Needs column mapping",
    ImportStatus.QUEUED: "Importing",
    ImportStatus.FAILED: "Not imported",
    ImportStatus.IMPORTED: "Imported",
    ImportStatus.DISCARDED: "Discarded",
    ImportStatus.EXPIRED: "Expired",
}

# What the time an import ended is called: a discarded or expired one never finished.
ENDED = {
    ImportStatus.DISCARDED: "Discarded",
    ImportStatus.EXPIRED: "File deleted",
}


def short_status(case_import: CaseImport) -> str:
    """The status as the case lists and an import's page name it ("Not imported")."""
    return SHORT_STATUS.get(case_import.status, case_import.get_status_display())


def status_tag(case_import: CaseImport) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATUS_COLOURS.get(case_import.status, "grey"),
        short_status(case_import),
    )


def _who(case_import: CaseImport) -> str:
    return case_import.uploaded_by.full_name if case_import.uploaded_by else "Command line"


def problems_found(count: int) -> str:
    """ "1 problem", "210,000 problems": the same figure on the list and the import's page."""
    return counted(count, "problem")


def outcome(case_import: CaseImport) -> str:
    """The list's result column: what was imported, or how many problems were found."""
    summary = case_import.summary or {}
    if case_import.status == ImportStatus.IMPORTED:
        children = summary.get("children_created", 0) + summary.get("children_updated", 0)
        cases = summary.get("cases_created", 0) + summary.get("cases_updated", 0)
        return f"{children:,} {'child' if children == 1 else 'children'} in {cases:,} case{'' if cases == 1 else 's'}"
    if case_import.status == ImportStatus.FAILED:
        # The summary's count: the problems themselves (``errors``) are read
        # only for a list failed before the summary kept it.
        count = summary["problems"] if "problems" in summary else len(case_import.errors or [])
        return problems_found(count)
    return "–"


def imports_table(imports) -> dict:
    rows = []
    for case_import in imports:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("cases:import_detail", args=[case_import.pk]),
            case_import.filename,
        )
        rows.append(
            [
                {"text": date_time(case_import.uploaded_at)},
                {"html": link},
                {"text": _who(case_import)},
                {"html": status_tag(case_import)},
                {"text": outcome(case_import)},
            ]
        )
    return {
        "caption": "Case lists uploaded",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Uploaded"},
            {"text": "File"},
            {"text": "By"},
            {"text": "Status"},
            {"text": "Result"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def import_summary(case_import: CaseImport) -> list[dict]:
    rows = [
        {"key": {"text": "File"}, "value": {"text": case_import.filename}},
        {
            "key": {"text": "Uploaded"},
            "value": {"text": f"{date_time(case_import.uploaded_at)} by {_who(case_import)}"},
        },
    ]
    if case_import.started_by_id and case_import.started_by_id != case_import.uploaded_by_id:
        # Someone other than the uploader matched the columns and started it:
        # the import's result is recorded in their name, so the page says so.
        rows.append({"key": {"text": "Started by"}, "value": {"text": case_import.started_by.full_name}})
    rows.append({"key": {"text": "Status"}, "value": {"html": status_tag(case_import)}})
    if case_import.mapping_id:
        # Until the columns are matched, a saved mapping is only what the upload suggested.
        mapping = case_import.mapping.name
        if case_import.status == ImportStatus.UPLOADED:
            mapping = f"{mapping} (suggested: the columns are not matched yet)"
        rows.append({"key": {"text": "Column mapping"}, "value": {"text": mapping}})
    if case_import.finished_at:
        label = ENDED.get(case_import.status, "Finished")
        rows.append({"key": {"text": label}, "value": {"text": date_time(case_import.finished_at)}})
    return rows


def result_summary(case_import: CaseImport) -> list[dict]:
    summary = case_import.summary or {}

    def row(label: str, key: str) -> dict:
        return {"key": {"text": label}, "value": {"text": f"{summary.get(key, 0):,}"}}

    rows = [
        row("Rows read", "rows"),
        row("New cases", "cases_created"),
        row("Cases updated", "cases_updated"),
        row("New children", "children_created"),
        row("Children updated", "children_updated"),
    ]
    if summary.get("cases_left_without_children"):
        rows.append(row("Cases left with no children (kept, never drawn)", "cases_left_without_children"))
    return rows


def problems_table(problems: list[dict]) -> dict:
    return {
        "caption": "Problems in the file",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Row", "format": "numeric"}, {"text": "Column"}, {"text": "Problem"}],
        "rows": [
            [
                {"text": str(problem["row"]) if problem.get("row") else "–", "format": "numeric"},
                {"text": problem.get("column") or "–"},
                {"text": problem.get("message", "")},
            ]
            for problem in problems[:SHOWN_PROBLEMS]
        ],
        "classes": "maca-table--compact",
    }


def mapping_choice(mappings, chosen) -> dict:
    """The select that reloads the mapping page with a saved mapping."""
    items = [{"value": "", "text": "Suggested from the headings"}]
    items += [
        {"value": str(mapping.pk), "text": mapping.name, "selected": chosen is not None and mapping.pk == chosen.pk}
        for mapping in mappings
    ]
    return {"id": "mapping", "name": "mapping", "label": {"text": "Use a saved mapping"}, "items": items}
