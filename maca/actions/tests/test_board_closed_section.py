"""The board summary's closed actions come under their own heading: the
sentence saying since when they were closed follows the heading "Closed in
the last quarter", not the overdue table before it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.services import action_sign_off, sign_off_request
from maca.actions.tests.builders import raise_action
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def _board(world, client_for) -> str:
    return client_for(world["board"]).get(reverse("actions:board")).content.decode()


def test_the_closed_since_sentence_follows_its_heading(world, client_for):
    action = raise_action(world)
    action = sign_off_request(
        actor=world["lead"].user, action=action, note="Sample done.", expected_version=action.version
    )
    action = action_sign_off(
        actor=world["qa"].user, action=action, impact="Referrals now arrive complete.", expected_version=action.version
    )
    page = _board(world, client_for)
    shown = words_shown(page)
    assert shown.index("Closed in the last quarter") < shown.index("Closed since")
    assert read_tables(page)["Closed in the last quarter"].cell(action.reference, "Statement of impact") == (
        "Referrals now arrive complete."
    )


def test_with_nothing_closed_the_heading_says_so(world, client_for):
    shown = words_shown(_board(world, client_for))
    assert shown.count("Closed in the last quarter") == 1
    assert "No action was closed in the last quarter (since " in shown
    assert "Closed since" not in shown
