from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html


def _when(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M:%S}"


def events_table(events) -> dict:
    rows = []
    for e in events:
        link = format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> (details)</span></a>',
            reverse("audit_trail:event", args=[e.pk]),
            _when(e.occurred_at),
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
        {"key": {"text": "When"}, "value": {"text": _when(e.occurred_at)}},
        {"key": {"text": "Who"}, "value": {"text": e.actor_label}},
        {"key": {"text": "Action"}, "value": {"text": e.action}},
        {"key": {"text": "Record"}, "value": {"text": f"{e.object_type} #{e.object_id}" if e.object_type else "–"}},
        {"key": {"text": "Record name"}, "value": {"text": e.object_label or "–"}},
        {"key": {"text": "Network address"}, "value": {"text": e.ip_address or "–"}},
        {"key": {"text": "Browser"}, "value": {"text": e.user_agent or "–"}},
        {"key": {"text": "Request"}, "value": {"text": e.request_id or "–"}},
    ]


def pagination(page, query) -> dict | None:
    """Parameters for the GOV.UK pagination component, keeping the filters."""
    if page.paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return "?" + params.urlencode()

    params: dict = {"items": []}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number())}
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            params["items"].append({"ellipsis": True})
        else:
            params["items"].append({"number": number, "href": href(number), "current": number == page.number})
    return params
