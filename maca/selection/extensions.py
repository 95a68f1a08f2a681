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

A return the QA officer withdrew (made in error, say) is no longer asked
for, though the case stays on the agency's list; ``returns`` says which::

    register_withdrawn_returns(withdrawn_assignments, word=NOT_DUE_WITHDRAWN)

``withdrawn_assignments(*, assignments)`` answers, in one query, the primary
keys of the listed assignments whose return is withdrawn (and no live one
asked for in its place); their "Return by" says ``word`` ("Withdrawn", as the
agency's returns say it), not a date.

A return that is in but was first submitted after its deadline says so, with
the day it first came in, as the agency's returns say it::

    register_submitted_late(submitted_late_assignments, marked=submitted_late_deadline)

``submitted_late_assignments(*, assignments)`` answers, in one query,
``{assignment pk: when its return was first submitted}`` for those submitted late;
``marked(deadline, submitted_at)`` writes their "Return by" ("4 Dec 2026
(submitted late on 7 Dec 2026)").
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


SubmittedLateFinder = Callable[..., dict]
SubmittedLateMarker = Callable[[dt.date, dt.datetime], str]

_submitted_late: SubmittedLateFinder | None = None
_submitted_late_marked: SubmittedLateMarker | None = None


def register_submitted_late(finder: SubmittedLateFinder, *, marked: SubmittedLateMarker) -> None:
    """Say which listed assignments have a return submitted late (``finder``),
    and how their date is written (``marked``). Registering again replaces them."""
    global _submitted_late, _submitted_late_marked
    _submitted_late, _submitted_late_marked = finder, marked


def unregister_submitted_late() -> None:
    """Take them off again (a test of selection on its own)."""
    global _submitted_late, _submitted_late_marked
    _submitted_late, _submitted_late_marked = None, None


def submitted_late_assignments(assignments: Iterable) -> dict:
    """``{pk: first submitted at}`` of the ``assignments`` whose return was submitted late."""
    assignments = list(assignments)
    if _submitted_late is None or not assignments:
        return {}
    return _submitted_late(assignments=assignments)


def marked_submitted_late(deadline: dt.date, submitted_at: dt.datetime) -> str:
    """A return submitted late's date as the returns list writes it."""
    assert _submitted_late_marked is not None, "Only an assignment a registered finder found is marked"
    return _submitted_late_marked(deadline, submitted_at)


WithdrawnFinder = Callable[..., set[int]]

_withdrawn: WithdrawnFinder | None = None
_withdrawn_word: str = ""


def register_withdrawn_returns(finder: WithdrawnFinder, *, word: str) -> None:
    """Say which listed assignments have their return withdrawn (``finder``),
    and the word said in place of their date. Registering again replaces them."""
    global _withdrawn, _withdrawn_word
    _withdrawn, _withdrawn_word = finder, word


def unregister_withdrawn_returns() -> None:
    """Take them off again (a test of selection on its own)."""
    global _withdrawn, _withdrawn_word
    _withdrawn, _withdrawn_word = None, ""


def withdrawn_assignments(assignments: Iterable) -> set[int]:
    """The primary keys of the ``assignments`` whose return is withdrawn."""
    assignments = list(assignments)
    if _withdrawn is None or not assignments:
        return set()
    return _withdrawn(assignments=assignments)


def withdrawn_word() -> str:
    """What a withdrawn return's "Return by" says, as the returns list says it."""
    assert _withdrawn is not None, "Only an assignment a registered finder called withdrawn is said to be"
    return _withdrawn_word


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
