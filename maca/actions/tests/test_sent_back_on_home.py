"""An action the QA officer sends back shows, on the home page of the
agency's people it needs, why it was sent back, until something else happens
to it (as a return sent back shows the QA officer's comment)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions import services
from maca.actions.tests.builders import raise_action
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

REASON = "Show the dip sample of twenty referrals."


def _home(client) -> str:
    return words_of(client.get(reverse("home:index")).content.decode())


def test_the_reason_an_action_was_sent_back_is_on_the_owners_home_page_until_progress_is_posted(world, client_for):
    today = dt.date.today()
    action = raise_action(world, owner=world["lead"].user, due_on=today + dt.timedelta(days=20))
    action = services.sign_off_request(
        actor=world["lead"].user, action=action, note="Checklist in use.", expected_version=action.version
    )
    action = services.action_send_back(
        actor=world["qa"].user, action=action, reason=f"  {REASON}\n", expected_version=action.version
    )
    lead = client_for(world["lead"])
    assert f"{action.title} – " in _home(lead)
    assert f"Sent back by the QA officer: {REASON}" in _home(lead)

    services.progress_post(
        actor=world["lead"].user, action=action, note="Sample taken.", expected_version=action.version
    )
    page = _home(lead)
    assert f"{action.title} – " in page and "Sent back by the QA officer" not in page
