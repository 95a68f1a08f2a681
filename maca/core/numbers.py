"""Whole numbers read from what a page or a link sent (an id, a day, a year).

``str.isdigit`` says yes to digits that ``int`` refuses ("²", "³"), so a
check with it followed by ``int`` turns such input into an error page. Every
id or number read from a request goes through :func:`whole_number`."""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[0-9]+")


def whole_number(value, *, max_digits: int = 18) -> int | None:
    """The number ``value`` writes in the digits 0 to 9 (spaces around it
    allowed), or None for anything else, and for one so long that no id or
    date has it (a database refuses it as out of range)."""
    text = "" if value is None else str(value).strip()
    if len(text) > max_digits or not _WHOLE.fullmatch(text):
        return None
    return int(text)
