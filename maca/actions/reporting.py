"""Figures of the action plan for other apps' reports (the annual report of
``publications`` reads :func:`plan_summary`). The figures are the plan's own:
the same RAG rules (``maca.actions.rag``) and statuses as every page shows.

The signature and keys of :func:`plan_summary` are kept stable."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from maca.actions.dates import business_year_bounds
from maca.actions.models import Action, ActionStatus
from maca.actions.rag import AMBER, GREEN, RED, overdue_q, rag_q

NO_ACTIONS = "There are no actions in the plan."
NONE_MATCH = "No action matches these filters."
ALL_FINISHED = "Every action is closed or cancelled: none is red, amber or green."


def nothing_open_sentence(*, in_plan: bool, matching: int) -> str:
    """What the board summary and the board paper (its web page, PDF and Word
    file alike) say where their chart of actions by RAG and agency has no
    action in it. ``in_plan``: whether the person's plan (the partnership's,
    or their agency's) has any action at all; ``matching``: how many actions
    the paper's filters select (on the board summary, every one)."""
    if not in_plan:
        return NO_ACTIONS
    if not matching:
        return NONE_MATCH
    return ALL_FINISHED


def actions_of_year(partnership, year: int):
    """The actions raised in business year ``year`` (1 April to 31 March)."""
    first, last = business_year_bounds(year)
    return Action.objects.filter(partnership=partnership, raised_on__gte=first, raised_on__lte=last)


def plan_summary(*, partnership, year: int, today: dt.date | None = None) -> dict:
    """The action plan of one business year, in counts, as at ``today``
    (default: today).

    ``{"total": n, "by_rag": {"red": n, "amber": n, "green": n},
    "by_status": {"Not started": n, ...every status's label...},
    "overdue": n, "closed_with_impact": n}``

    The year's actions are those *raised* in it (1 April ``year`` to 31 March
    ``year + 1``). Closed and cancelled actions have no RAG, so ``by_rag``
    adds up to the actions still open or awaiting sign-off. ``overdue`` is the
    red ones; ``closed_with_impact`` the closed ones signed off with a
    statement of impact (every sign-off needs one).
    """
    today = today or timezone.localdate()
    counts = actions_of_year(partnership, year).aggregate(
        total=Count("id"),
        red=Count("id", filter=rag_q(RED, today)),
        amber=Count("id", filter=rag_q(AMBER, today)),
        green=Count("id", filter=rag_q(GREEN, today)),
        overdue=Count("id", filter=overdue_q(today)),
        closed_with_impact=Count("id", filter=Q(status=ActionStatus.CLOSED) & ~Q(impact="")),
        **{f"status_{value}": Count("id", filter=Q(status=value)) for value in ActionStatus.values},
    )
    return {
        "total": counts["total"],
        "by_rag": {RED: counts["red"], AMBER: counts["amber"], GREEN: counts["green"]},
        "by_status": {label: counts[f"status_{value}"] for value, label in ActionStatus.choices},
        "overdue": counts["overdue"],
        "closed_with_impact": counts["closed_with_impact"],
    }


def theme_figures(*, partnership, theme_ids) -> dict:
    """For the themes-over-the-years page of ``findings`` (registered in
    ``ActionsConfig.ready``): per theme, the actions raised for it (a link to
    the plan filtered by the theme) and how many were closed with a statement
    of impact. One query for every theme."""
    from django.urls import reverse

    from maca.actions.models import ActionTheme

    rows = (
        ActionTheme.objects.filter(partnership=partnership, theme_id__in=list(theme_ids))
        .values("theme_id")
        .annotate(
            raised=Count("action_id"),
            closed=Count("action_id", filter=Q(action__status=ActionStatus.CLOSED) & ~Q(action__impact="")),
        )
    )
    plan = reverse("actions:plan")
    return {
        row["theme_id"]: [
            ("Actions raised", row["raised"], f"{plan}?theme={row['theme_id']}"),
            ("Actions closed with impact", row["closed"], None),
        ]
        for row in rows
    }
