"""An agency lead asking for sign-off again sees, on that page, what the QA
officer said was still needed when they last sent the action back (who, when
and their words, paragraphs kept), until the action is put forward again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.actions import services
from maca.actions.presenters import long_date
from maca.actions.tests.builders import raise_action
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

FIRST = "Show the dip sample of twenty referrals."
SECOND = "Add the minutes of the\nJanuary meeting."


def _ask_page(client, action) -> str:
    response = client.get(reverse("actions:request_sign_off", args=[action.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _sent_back(world, action, reason):
    action = services.sign_off_request(
        actor=world["lead"].user, action=action, note="Checklist in use.", expected_version=action.version
    )
    return services.action_send_back(
        actor=world["qa"].user, action=action, reason=reason, expected_version=action.version
    )


def test_the_page_asking_for_sign_off_again_shows_why_it_was_sent_back(world, client_for):
    lead = client_for(world["lead"])
    action = raise_action(world)
    assert "Sent back by" not in words_of(_ask_page(lead, action))

    action = _sent_back(world, action, f"{FIRST}\n\n{SECOND}")
    # Progress posted since does not hide it (it does on the home page): the lead asks again with it in view.
    services.progress_post(
        actor=world["lead"].user, action=action, note="Sample taken.", expected_version=action.version
    )
    page = _ask_page(lead, action)
    who = world["qa"].user.full_name
    assert f"Sent back by {who} on {long_date(dt.date.today())}: {FIRST} Add the minutes of the January meeting." in (
        words_of(page)
    )
    # Its paragraphs and lines kept, as in the action's history.
    assert re.search(rf"<p[^>]*>{re.escape(FIRST)}</p>\s*<p[^>]*>Add the minutes of the<br>January meeting\.</p>", page)


def test_a_send_back_before_the_last_request_for_sign_off_is_not_shown(world, client_for):
    lead = client_for(world["lead"])
    action = _sent_back(world, raise_action(world), FIRST)
    action = services.sign_off_request(
        actor=world["lead"].user, action=action, note="Sample attached.", expected_version=action.version
    )
    action = services.action_sign_off(
        actor=world["qa"].user, action=action, impact="Referrals arrive complete.", expected_version=action.version
    )
    action = services.action_reopen(
        actor=world["qa"].user, action=action, reason="Referrals slipped again.", expected_version=action.version
    )
    assert "Sent back by" not in words_of(_ask_page(lead, action))


def test_the_actions_own_page_says_it_was_sent_back_and_why(world, client_for):
    """An action sent back showed nothing of it on its own page but a line of
    its history: the agency opening it from a list did not see what was still
    needed. Once it is put forward again, or signed off, the note goes."""
    lead = client_for(world["lead"])
    action = raise_action(world)
    detail = reverse("actions:detail", args=[action.pk])
    assert "Sent back by" not in words_of(lead.get(detail).content.decode())

    action = _sent_back(world, action, FIRST)
    who = world["qa"].user.full_name
    said = f"Sent back by {who} on {long_date(dt.date.today())}: {FIRST}"
    assert said in words_of(lead.get(detail).content.decode())
    assert said in words_of(client_for(world["qa"]).get(detail).content.decode())

    services.sign_off_request(
        actor=world["lead"].user, action=action, note="Sample attached.", expected_version=action.version
    )
    page = words_of(lead.get(detail).content.decode())
    assert said not in page.split("History")[0]
