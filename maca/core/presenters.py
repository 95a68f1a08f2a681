"""Display helpers every app's presenters share: dates, times, pagination."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

NOTHING = "–"


def short_date(value: dt.date | None) -> str:
    """``7 Mar 2027``, or a dash."""
    return f"{value:%-d %b %Y}" if value else NOTHING


def date_time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """``07/03/2027 14:05`` in UK time, or a dash."""
    if not value:
        return NOTHING
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M{':%S' if seconds else ''}}"


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
