"""An action's back link returns to the list the person opened it from.

Found on a walk: an action opened from the plan filtered to its red actions,
from an agency's own list or from an audit's actions always led "Back to the
action plan", unfiltered, so the QA officer working through the red actions
or the agency lead working through their own list lost their place each time.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse

from maca.actions.tests.builders import audit_with_recommendations, raise_action


def _links_to(page: str, action) -> str:
    """The address of the action's link in a list, as the browser follows it."""
    path = reverse("actions:detail", args=[action.pk])
    [href] = re.findall(rf'href="({re.escape(path)}[^"]*)"', page)
    return html.unescape(href)


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), match.group(2)


def test_from_the_plan_filtered_to_red_back_returns_to_those_filters(world, client_for):
    today = dt.date.today()
    late = raise_action(world, today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=3))
    qa = client_for(world["qa"])
    plan = qa.get(reverse("actions:plan"), {"rag": "red"}).content.decode()
    page = qa.get(_links_to(plan, late)).content.decode()
    assert _back_link(page) == (reverse("actions:plan") + "?rag=red", "Back to the action plan")


def test_from_the_agencys_own_list_back_returns_to_it(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    mine = lead.get(reverse("actions:mine")).content.decode()
    page = lead.get(_links_to(mine, action)).content.decode()
    assert _back_link(page) == (reverse("actions:mine"), "Back to your agency’s actions")


def test_from_an_audits_actions_back_returns_to_them(world, client_for):
    audit, *_ = audit_with_recommendations(world)
    action = raise_action(world, audit=audit)
    qa = client_for(world["qa"])
    listing = qa.get(reverse("actions:audit", args=[audit.pk])).content.decode()
    page = qa.get(_links_to(listing, action)).content.decode()
    assert _back_link(page) == (reverse("actions:audit", args=[audit.pk]), "Back to the audit’s actions")


def test_a_back_address_that_is_not_one_of_the_lists_leads_to_the_plan(world, client_for):
    action = raise_action(world)
    qa = client_for(world["qa"])
    detail = reverse("actions:detail", args=[action.pk])
    for back in ("https://elsewhere.example/", "//elsewhere.example/actions/", "/manage/audit-log/", "nonsense"):
        page = qa.get(detail, {"back": back}).content.decode()
        assert _back_link(page) == (reverse("actions:plan"), "Back to the action plan"), back


def test_from_the_board_summarys_overdue_actions_back_returns_to_it(world, client_for):
    today = dt.date.today()
    late = raise_action(world, today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=3))
    board = client_for(world["board"])
    summary = board.get(reverse("actions:board")).content.decode()
    page = board.get(_links_to(summary, late)).content.decode()
    assert _back_link(page) == (reverse("actions:board"), "Back to the board summary")
