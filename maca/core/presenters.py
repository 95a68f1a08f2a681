"""Display helpers every app's presenters share: dates, times, pagination."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

NOTHING = "–"


def in_sentence(name: str) -> str:
    """A name that starts a heading, as it reads inside a sentence: "Think
    family" becomes "think family", but "SEND and disability" and "MASH
    referrals" keep their capitals (a first word in capitals is an acronym),
    and nothing after the first letter is changed."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def short_date(value: dt.date | None) -> str:
    """``7 Mar 2027``, or a dash."""
    return f"{value:%-d %b %Y}" if value else NOTHING


def long_date(value: dt.date | None) -> str:
    """``7 March 2027`` (GOV.UK style), or a dash."""
    return f"{value:%-d %B %Y}" if value else NOTHING


def time_of_day(value: dt.datetime, *, seconds: bool = False) -> str:
    """``2:05pm``, ``midday`` or ``midnight`` (GOV.UK style), for a time already in UK time."""
    if value.minute == 0 and (not seconds or value.second == 0) and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    clock = f"{value:%-I:%M:%S}" if seconds else f"{value:%-I:%M}"
    return clock + ("am" if value.hour < 12 else "pm")


def and_list(items) -> str:
    """``a``, ``a and b``, ``a, b and c`` (nothing for no items)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 case``, ``6 cases``, ``2 children`` (with ``plural`` where adding an s is wrong)."""
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def date_time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """``7 March 2027 at 2:05pm`` in UK time (GOV.UK style), or a dash."""
    if not value:
        return NOTHING
    local = timezone.localtime(value)
    return f"{local:%-d %B %Y} at {time_of_day(local, seconds=seconds)}"


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


def paragraphs(value: str) -> list[list[str]]:
    """What a person typed, as its paragraphs (parted by a blank line), each
    the list of its lines: how the page (``written``), the PDF and the Word
    file all keep them."""
    if not value:
        return []
    return [part.strip().splitlines() for part in re.split(r"\r?\n\s*\r?\n", value.strip()) if part.strip()]


def written(value: str) -> dict:
    """A summary or table value typed by a person, its paragraphs and line
    breaks kept as HTML (not as white space, which the components' indenting
    would add to)."""
    if not value:
        return {"text": NOTHING}
    return {
        "html": format_html_join(
            "",
            '<p class="govuk-body govuk-!-margin-bottom-2">{}</p>',
            ((mark_safe("<br>".join(escape(line) for line in lines)),) for lines in paragraphs(value)),
        )
    }
