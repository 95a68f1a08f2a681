"""What a QA walk found on the action plan's pages, as people see them:

- the agency lead's home page "Actions that need you" led to the whole plan,
  not to the list holding what it counts;
- the page moving a due date said "Due X; first due Y." where every other page
  says "X (was Y)";
- an agency's own list had no way back to the plan;
- signing off showed "Statement of impact" and "What is still needed?" both,
  whatever was chosen: each now shows under its own choice.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse

from maca.actions.models import Action, ActionStatus
from maca.actions.presenters import long_date
from maca.actions.tests.builders import raise_action
from maca.tests.tables import read_tables


def _text(response) -> str:
    return response.content.decode()


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), match.group(2)


def _panel_link(home: str, text: str) -> str:
    [href] = re.findall(rf'<a class="govuk-link" href="([^"]*)">{re.escape(text)}</a>', home)
    return html.unescape(href)


def test_actions_that_need_the_agency_lead_lead_to_those_actions_and_the_figures_agree(world, client_for):
    today = dt.date.today()
    for _ in range(9):
        raise_action(world)
    late = raise_action(world, today=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=3))
    done = raise_action(world, title="Cancelled before it started")
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.CANCELLED)
    lead = client_for(world["lead"])
    home = _text(lead.get("/"))
    assert "Actions that need you (10)" in home
    listing = _text(lead.get(_panel_link(home, "See the actions that need you")))
    assert 'data-count="10"' in listing
    assert "The actions that need you" in listing
    refs = [row[0] for row in read_tables(listing)["Actions"].rows]
    assert late.reference in refs and done.reference not in refs
    # The agency's whole list, one link away, holds the cancelled action too.
    whole = _text(lead.get(_panel_link(listing, "See all your agency’s actions")))
    assert 'data-count="11"' in whole
    # Its filters keep to the actions that need the lead.
    red = _text(lead.get(reverse("actions:mine"), {"show": "needing-you", "rag": "red"}))
    assert 'data-count="1"' in red and 'name="show" value="needing-you"' in red


def test_actions_to_sign_off_lead_to_those_actions(world, client_for):
    action = raise_action(world)
    raise_action(world)
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.AWAITING_SIGN_OFF)
    qa = client_for(world["qa"])
    home = _text(qa.get("/"))
    listing = _text(qa.get(_panel_link(home, "See the actions waiting for sign-off")))
    assert 'data-count="1"' in listing
    assert [row[0] for row in read_tables(listing)["Actions"].rows] == [action.reference]


def test_the_due_date_page_says_a_moved_date_as_every_page_does(world, client_for):
    today = dt.date.today()
    first = today + dt.timedelta(days=10)
    new = today + dt.timedelta(days=40)
    action = raise_action(world, due_on=first)
    qa = client_for(world["qa"])
    url = reverse("actions:move_due_date", args=[action.pk])
    qa.post(
        url,
        {
            "version": action.version,
            "reason": "Waiting for the new system.",
            "due_on-day": new.day,
            "due_on-month": new.month,
            "due_on-year": new.year,
        },
    )
    page = _text(qa.get(url))
    said = f"{long_date(new)} (was {long_date(first)})"
    assert f"Due {said}." in page
    assert "first due" not in page
    detail = _text(qa.get(reverse("actions:detail", args=[action.pk])))
    assert said in detail


def test_an_agencys_own_list_leads_back_to_the_plan(world, client_for):
    page = _text(client_for(world["lead"]).get(reverse("actions:mine")))
    assert _back_link(page) == (reverse("actions:plan"), "Back to the action plan")
