from __future__ import annotations

import datetime as dt
import functools
import json
import re

from django.apps import apps
from django.urls import reverse
from django.utils.html import format_html

from maca.audit_trail.sentences import kind_name, sentence, who
from maca.core.exports import Table
from maca.core.presenters import date_time, long_date


def events_table(events, *, query: str = "") -> dict:
    """The log's rows; ``query`` is the list's own query string (its filters and
    page), carried to each event's page so that its back link returns there."""
    rows = []
    carried = f"?{query}" if query else ""
    for e in events:
        # Every row's link opens that event's details. Events in the same second
        # share a time, so for screen readers each link also names its log entry
        # (the number the event's page shows). The sentence is the next cell.
        link = format_html(
            '<a class="govuk-link" href="{}{}">{}<span class="govuk-visually-hidden">, log entry {}</span></a>',
            reverse("audit_trail:event", args=[e.pk]),
            carried,
            date_time(e.occurred_at, seconds=True),
            e.pk,
        )
        rows.append(
            [
                {"html": link, "classes": "maca-nowrap"},
                {"text": sentence(e)},
                {"text": e.ip_address or "–"},
            ]
        )
    return {
        "caption": "Audit log",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "When"}, {"text": "What happened"}, {"text": "From"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def event_summary(e) -> list[dict]:
    return [
        {"key": {"text": "When"}, "value": {"text": date_time(e.occurred_at, seconds=True)}},
        {"key": {"text": "Log entry"}, "value": {"text": str(e.pk)}},
        {"key": {"text": "What happened"}, "value": {"text": sentence(e)}},
        {"key": {"text": "Who"}, "value": {"text": who(e) + (f" ({e.actor_label})" if e.actor_id else "")}},
        {
            "key": {"text": "Record"},
            "value": {
                "text": f"{kind_name(e.object_type).capitalize()} number {e.object_id}: {e.object_label}"
                if e.object_type
                else "–"
            },
        },
        {"key": {"text": "Network address"}, "value": {"text": e.ip_address or "–"}},
        {"key": {"text": "Browser"}, "value": {"text": e.user_agent or "–"}},
        {"key": {"text": "Request"}, "value": {"text": e.request_id or "–"}},
    ]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _shown(value) -> str:
    """A recorded value as words: dates in GOV.UK style, lists and pairs spelt out."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return long_date(dt.date.fromisoformat(value))
            except ValueError:
                return value  # typed text that only looks like a date (a name "2026-13-01")
        if _ISO_DATE_TIME.match(value):
            try:
                return date_time(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        if value in FILE_FORMATS:
            return value.upper()  # a file's format: "csv" is "CSV"
        return choice_label(value)
    if isinstance(value, dict):
        if set(value) == {"id", "label"}:
            return str(value["label"])
        return "; ".join(f"{_key(k)}: {_shown(v)}" for k, v in value.items()) or "–"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "none"
    return str(value)


_STORED_KEY = re.compile(r"^[a-z]+(?:_[a-z]+)+$")


@functools.cache
def _choice_labels() -> dict[str, str]:
    """Every stored choice of every model (``board_member`` -> "Board member"),
    so that a recorded value is shown as the product names it."""
    labels: dict[str, str] = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            for value, label in getattr(model_field, "flatchoices", None) or ():
                if isinstance(value, str) and _STORED_KEY.match(value):
                    labels.setdefault(value, str(label))
    return labels


def choice_label(value: str) -> str:
    """A recorded string as words: a stored choice by its label, any other
    stored key (``immediate_concern``) spelt out; anything else as it is."""
    if not _STORED_KEY.match(value):
        return value
    return _choice_labels().get(value) or value.replace("_", " ").capitalize()


# Words a recorded key or value spells in capitals: "nhs_number" is "NHS number".
ACRONYMS = {"nhs": "NHS", "id": "ID", "ip": "IP", "csv": "CSV", "xlsx": "XLSX", "pdf": "PDF", "send": "SEND"}
FILE_FORMATS = {"csv", "xlsx", "pdf"}


# Recorded keys a page calls by another name (the search's "Strength or concern";
# "Findings like this one": the finding compared, and whether by words or meaning).
KEY_LABELS = {
    "polarity": "Strength or concern",
    "like": "Findings like finding number",
    "by": "Found by",
    "email": "E-mail",  # as every page spells it
}


def _key(name: str) -> str:
    if name in KEY_LABELS:
        return KEY_LABELS[name]
    words = str(name).replace("_", " ").capitalize().split(" ")
    return " ".join(ACRONYMS.get(word.lower(), word) for word in words)


# Recorded keys whose value is a list of things (the cases a page listed, the
# fields saved), never a change: two of them are not "from the first to the second".
LISTS = frozenset(
    {
        "actions_kept",
        "added",
        "agencies",
        "cases",
        "changed",
        "changes",
        "dimensions",
        "fields",
        "findings",
        "leads_told_by_e-mail",
        "leads_told_of_removal_by_e-mail",
        "levels",
        "moved_on_despite",
        "priorities",
        "questions",
        "returns",
        "suggested",
        "suggestions_rejected",
        "taken_off",
        "themes",
        "themes_added",
        "tools",
    }
)


def _is_change(key: str, value) -> bool:
    """Whether a recorded value is a change, ``[before, after]`` as
    ``services.diff`` (and the services that record one by hand) write it.
    A list of lists is a change whatever its key (the audit's priorities
    before and after); any other pair, unless the key names a list."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    if all(isinstance(v, list) for v in value):
        return True
    return key not in LISTS and not any(
        isinstance(v, list) or (isinstance(v, dict) and set(v) != {"id", "label"}) for v in value
    )


def _quoted(value) -> str:
    shown = _shown(value)
    return "nothing" if shown in ("–", "none") else f"‘{shown}’"


def change_said(before, after) -> str:
    """A change in words: "From ‘Board member’ to ‘QA officer’", never
    "Board member, QA officer", which reads as a list."""
    return f"From {_quoted(before)} to {_quoted(after)}"


def changes_rows(changes: dict) -> list[dict]:
    """What the event recorded, one row per item, in words rather than JSON:
    a change from what it was to what it became (:func:`change_said`)."""
    return [
        {
            "key": {"text": _key(key)},
            "value": {"text": change_said(*value) if _is_change(key, value) else _shown(value)},
        }
        for key, value in (changes or {}).items()
    ]


def events_export_table(events) -> Table:
    """Every field of each event, for a download (``events`` may be a generator)."""
    return Table(
        "Audit log",
        [
            "When",
            "Who",
            "Action",
            "Kind of record",
            "Record number",
            "Record",
            "Network address",
            "Browser",
            "Request",
            "Changes",
            "What happened",
        ],
        (
            [
                # Whole seconds, as the page shows them: a spreadsheet would round what the page cuts off.
                e.occurred_at.replace(microsecond=0),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.object_label,
                e.ip_address or "",
                e.user_agent,
                e.request_id,
                json.dumps(e.changes, ensure_ascii=False, sort_keys=True) if e.changes else "",
                sentence(e),
            ]
            for e in events
        ),
        widths=[20, 30, 28, 22, 14, 40, 16, 40, 34, 60, 60],
    )
