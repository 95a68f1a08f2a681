"""The home page's action panel, role by role: the figure it shows is the
number of actions on the list its link leads to (``presenters._needing_link``),
checked as a person reads them, the panel's figure against the list's count."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from maca.actions.models import Action, ActionStatus
from maca.actions.tests.builders import raise_action
from maca.tests.page import words_shown


@pytest.fixture
def plan(world):
    """At the police: 10 red actions and 1 green one, all owned by its lead, and
    9 waiting for sign-off; at health: 1 red action."""
    today = dt.date.today()
    late = {"today": today - dt.timedelta(days=40), "due_on": today - dt.timedelta(days=3)}
    for _ in range(10):
        raise_action(world, **late)
    raise_action(world)
    done = [raise_action(world) for _ in range(9)]
    Action.objects.filter(pk__in=[a.pk for a in done]).update(status=ActionStatus.AWAITING_SIGN_OFF)
    raise_action(world, agency=world.health, owner=world["health_lead"].user, **late)


def _panel(home: str) -> tuple[int, str, str]:
    """The panel's figure, its link's words and where it goes."""
    words = words_shown(home)
    [(_title, figure)] = re.findall(r"(Actions that need you|Actions to sign off) \((\d+)\)", words)
    [(href, text)] = re.findall(r'<a class="govuk-link" href="([^"]*)">(See the action[^<]*)</a>', home)
    return int(figure), text, html.unescape(href)


@pytest.mark.parametrize(
    ("persona", "figure", "link"),
    [
        ("admin", 9, "See the actions waiting for sign-off"),
        ("qa", 9, "See the actions waiting for sign-off"),
        ("lead", 11, "See the actions that need you"),  # the 10 red, and the green one the lead owns
        ("auditor", 10, "See the actions that need you"),  # the 10 red: the auditor owns none
    ],
)
def test_the_panels_figure_is_the_count_of_the_list_it_leads_to(world, client_for, plan, persona, figure, link):
    client = client_for(world[persona])
    shown, text, href = _panel(client.get("/").content.decode())
    assert (shown, text) == (figure, link)
    listing = client.get(href)
    assert listing.status_code == 200
    assert f'data-count="{figure}"' in listing.content.decode()


@pytest.mark.parametrize("persona", ["board", "scrutineer"])
def test_the_board_panels_figures_are_the_board_summarys(world, client_for, plan, persona):
    client = client_for(world[persona])
    home = client.get("/").content.decode()
    [(red, amber, green)] = re.findall(
        r"Action plan Red (\d+) actions? Amber (\d+) actions? Green (\d+) actions? See the board summary",
        words_shown(home),
    )
    assert (red, amber, green) == ("11", "0", "10")
    [href] = re.findall(r'<a class="govuk-link" href="([^"]*)">See the board summary</a>', home)
    board = words_shown(client.get(html.unescape(href)).content.decode())
    assert "21 actions not yet closed, by owner agency: 11 red, 0 amber and 10 green." in board


def test_every_role_counted_on_the_panel_has_a_list_holding_what_it_counts():
    """The panel falls back to the whole plan only for someone with no list
    holding what it counts (an agency role without ``update_actions``, so
    without "your agency's actions"): there the figures would disagree. No
    role is such now; a role made so must be given a list first."""
    from maca.accounts.roles import Capability, Role, capabilities_of, role_requires_agency

    for role in Role:
        capabilities = capabilities_of(role)
        if Capability.VIEW_ACTIONS not in capabilities or role in (Role.BOARD_MEMBER, Role.INDEPENDENT_SCRUTINEER):
            continue  # no panel, or the board's figures (above)
        if role in (Role.QA_OFFICER, Role.PARTNERSHIP_ADMIN):
            continue  # the plan, filtered to the actions waiting for sign-off
        assert role_requires_agency(role) and Capability.UPDATE_ACTIONS in capabilities, role
