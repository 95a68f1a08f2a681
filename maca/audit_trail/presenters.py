from __future__ import annotations

import json

from django.urls import reverse
from django.utils.html import format_html

from maca.audit_trail.sentences import kind_name, sentence, who
from maca.core.exports import Table
from maca.core.presenters import date_time


def events_table(events) -> dict:
    rows = []
    for e in events:
        link = format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> (details)</span></a>',
            reverse("audit_trail:event", args=[e.pk]),
            date_time(e.occurred_at, seconds=True),
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
                e.occurred_at,
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
