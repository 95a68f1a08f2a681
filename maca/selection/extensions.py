"""What the apps above ``selection`` add to its pages, without ``selection``
importing them.

The agency's "Cases to audit" page (``views.my_cases``) shows the date each
case's return is due by. Whether that return is late is a word of ``returns``
(``maca.returns.figures``, ADR 0012), which sits above ``selection``; it
registers from its ``AppConfig.ready()``::

    from maca.selection.extensions import register_late_returns

    register_late_returns(late_assignments, marked=late_deadline)

``late_assignments(*, assignments, today)`` is called once per page with every
assignment the page lists and answers the primary keys of those whose return
is late (one query for the page, never one per row); ``marked(deadline)``
gives the date as the returns list shows a late return's ("7 Mar 2027
(late)", in its markup). Nothing registered, no case says late: the page shows
the date alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

LateFinder = Callable[..., set[int]]
Marker = Callable[[dt.date], str]

_late: LateFinder | None = None
_marked: Marker | None = None


def register_late_returns(finder: LateFinder, *, marked: Marker) -> None:
    """Say which listed assignments have a late return (``finder``), and how a
    late one's date is written (``marked``). Registering again replaces them."""
    global _late, _marked
    _late, _marked = finder, marked


def unregister_late_returns() -> None:
    """Take them off again (a test of selection on its own)."""
    global _late, _marked
    _late, _marked = None, None


def late_assignments(assignments: Iterable, *, today: dt.date) -> set[int]:
    """The primary keys of the ``assignments`` whose return is late."""
    assignments = list(assignments)
    if _late is None or not assignments:
        return set()
    return _late(assignments=assignments, today=today)


def marked_late(deadline: dt.date) -> str:
    """A late return's date as the returns list writes it."""
    assert _marked is not None, "Only an assignment a registered finder called late is marked"
    return _marked(deadline)
