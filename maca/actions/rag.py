"""Red, amber, green: the one definition of how an action is doing.

The rules (docs/adr/0026-action-plan-and-rag.md), as at a day ``today``:

- **Closed** and **cancelled** actions have no RAG: they are shown grey, with
  their status ("Closed", "Cancelled"), and count in no colour.
- **Completed, awaiting sign-off** is **green**: the owner agency says the work
  is done and the QA officer has it; it is never overdue, whatever its date.
- A **not started** or **in progress** action is
  - **red** when its due date has passed (it is *overdue*);
  - **amber** when it is due within :data:`DUE_SOON_DAYS` days (today
    included) and has had no progress update in the last
    :data:`RECENT_PROGRESS_DAYS` days;
  - **green** otherwise.

:func:`rag_of` applies the rules to one action; :func:`rag_q` gives the same
rule as a database filter, and :func:`rag_case` as an annotation, so lists,
counts, charts and exports filter and count exactly what the tag shows.
``maca/actions/tests/test_rag.py`` checks that the three agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When

from maca.actions.models import OPEN_STATUSES, ActionStatus

DUE_SOON_DAYS = 28
RECENT_PROGRESS_DAYS = 28

# The rules in words, on the plan, the board summary and the board paper (a board paper is read
# away from the plan, so it says them rather than point to them).
RULES_IN_WORDS = (
    f"Red: overdue. Amber: due within {DUE_SOON_DAYS // 7} weeks with no progress in the last "
    f"{RECENT_PROGRESS_DAYS // 7} weeks. Green: on track, or done and waiting for sign-off. "
    "Closed and cancelled actions have no colour."
)

RED, AMBER, GREEN = "red", "amber", "green"
RAGS = (RED, AMBER, GREEN)


@dataclass(frozen=True)
class RagLabel:
    key: str
    label: str
    tag_class: str  # a GOV.UK tag colour


LABELS = {
    RED: RagLabel(RED, "Red", "govuk-tag--red"),
    AMBER: RagLabel(AMBER, "Amber", "govuk-tag--orange"),
    GREEN: RagLabel(GREEN, "Green", "govuk-tag--green"),
}
NONE_LABEL = RagLabel("", "No RAG", "govuk-tag--grey")

RAG_CHOICES = [(key, LABELS[key].label) for key in RAGS]


def _soon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=DUE_SOON_DAYS - 1)


def _recent(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=RECENT_PROGRESS_DAYS - 1)


def is_overdue(*, status: str, due_on: dt.date, today: dt.date) -> bool:
    return status in OPEN_STATUSES and due_on < today


def rag_of(action, today: dt.date) -> str | None:
    """``"red"``, ``"amber"``, ``"green"`` or ``None`` (closed, cancelled)."""
    status = action.status
    if status in (ActionStatus.CLOSED, ActionStatus.CANCELLED):
        return None
    if status == ActionStatus.AWAITING_SIGN_OFF:
        return GREEN
    if action.due_on < today:
        return RED
    recent = action.last_progress_on is not None and action.last_progress_on >= _recent(today)
    if action.due_on <= _soon(today) and not recent:
        return AMBER
    return GREEN


def overdue_q(today: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def rag_q(rag: str, today: dt.date) -> Q:
    """The actions of one colour, as a filter."""
    open_ = Q(status__in=OPEN_STATUSES)
    amber = (
        open_
        & Q(due_on__gte=today, due_on__lte=_soon(today))
        & (Q(last_progress_on__isnull=True) | Q(last_progress_on__lt=_recent(today)))
    )
    if rag == RED:
        return overdue_q(today)
    if rag == AMBER:
        return amber
    if rag == GREEN:
        return Q(status=ActionStatus.AWAITING_SIGN_OFF) | (open_ & ~overdue_q(today) & ~amber)
    raise ValueError(f"Not a RAG: {rag!r}")


def rag_case(today: dt.date) -> Case:
    """An annotation giving each action's RAG (empty for closed and cancelled)."""
    return Case(
        When(rag_q(RED, today), then=Value(RED)),
        When(rag_q(AMBER, today), then=Value(AMBER)),
        When(rag_q(GREEN, today), then=Value(GREEN)),
        default=Value(""),
        output_field=CharField(),
    )


def label_of(rag: str | None) -> RagLabel:
    return LABELS.get(rag or "", NONE_LABEL)
