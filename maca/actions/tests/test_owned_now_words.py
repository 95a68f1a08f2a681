"""The owner-change page says who owns the action now without making its
named owner a member of its agency.

Found on a walk with the demo data: an urgent action for an agency with no
lead is held by the QA officer who raised the concern, and the page to give
it to someone read "Owned now by Jordan Reeve of Kingsmere General Hospital"
(the QA officer is of the partnership, not of the hospital)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.models import Action
from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_owners_and_resending import _concern
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _change_owner_page(world, client_for, action) -> str:
    return words_shown(client_for(world["qa"]).get(reverse("actions:change_owner", args=[action.pk])).content.decode())


def test_an_urgent_action_held_by_the_qa_officer_is_not_said_to_be_theirs_at_the_agency(world, client_for):
    action = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    qa = world["qa"].user
    assert action.owner == qa
    page = _change_owner_page(world, client_for, action)
    assert f"{qa.full_name} of {world.police.name}" not in page
    assert f"Owned now by {world.police.name}. Named owner: {qa.full_name}." in page


def test_an_agencys_own_owner_is_named_the_same_way(world, client_for):
    action = raise_action(world)
    page = _change_owner_page(world, client_for, action)
    assert f"Owned now by {world.police.name}. Named owner: {world['lead'].user.full_name}." in page


def test_when_nobody_at_the_agency_can_own_it_the_page_says_so(world, client_for):
    # The QA officer holds an urgent action because its agency had no lead who could act;
    # the action's page asks them to give it to someone at the agency, and there is nobody to choose.
    action = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    page = _change_owner_page(world, client_for, action)
    assert (
        f"Nobody at {world.police.name} can own an action at the moment, so nobody from it is listed: "
        "ask the partnership admin to give it a lead, or give the action to someone at another agency." in page
    )


def test_when_someone_at_the_agency_can_own_it_nothing_more_is_said(world, client_for):
    page = _change_owner_page(world, client_for, raise_action(world))
    assert "Nobody at" not in page and "can own an action at the moment" not in page
