from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from maca.core.presenters import date_time


def events_table(events) -> dict:
    rows = []
    for e in events:
        link = format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> (details)</span></a>',
            reverse("audit_trail:event", args=[e.pk]),
            date_time(e.occurred_at, seconds=True),
        )
        target = f"{e.object_type} #{e.object_id}: {e.object_label}" if e.object_type else "–"
        rows.append(
            [
                {"html": link, "classes": "maca-nowrap"},
                {"text": e.actor_label},
                {"text": e.action},
                {"text": target},
                {"text": e.ip_address or "–"},
            ]
        )
    return {
        "caption": "Audit log",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "When"}, {"text": "Who"}, {"text": "Action"}, {"text": "Record"}, {"text": "From"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def event_summary(e) -> list[dict]:
    return [
        {"key": {"text": "When"}, "value": {"text": date_time(e.occurred_at, seconds=True)}},
        {"key": {"text": "Who"}, "value": {"text": e.actor_label}},
        {"key": {"text": "Action"}, "value": {"text": e.action}},
        {"key": {"text": "Record"}, "value": {"text": f"{e.object_type} #{e.object_id}" if e.object_type else "–"}},
        {"key": {"text": "Record name"}, "value": {"text": e.object_label or "–"}},
        {"key": {"text": "Network address"}, "value": {"text": e.ip_address or "–"}},
        {"key": {"text": "Browser"}, "value": {"text": e.user_agent or "–"}},
        {"key": {"text": "Request"}, "value": {"text": e.request_id or "–"}},
    ]
