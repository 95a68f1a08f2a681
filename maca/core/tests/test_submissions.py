"""The key a thing made from a form is kept under (maca.core.submissions)."""

import uuid

import pytest

from maca.actions.models import Action
from maca.actions.tests.builders import raise_action
from maca.core.submissions import made_from, submission_key

pytestmark = pytest.mark.django_db

PAGE = uuid.UUID("6a1f1f9e-3c9b-4c55-9d7e-0b8f4a2f1c01")


def test_same_page_same_contents_same_key_whatever_the_order():
    assert submission_key(PAGE, {"note": "Met", "action": 3}) == submission_key(PAGE, {"action": 3, "note": "Met"})


def test_anything_changed_is_another_key():
    assert submission_key(PAGE, {"note": "Met", "action": 3}) != submission_key(PAGE, {"note": "Met.", "action": 3})
    assert submission_key(PAGE, {"note": "Met"}) != submission_key(uuid.uuid4(), {"note": "Met"})


def test_the_key_is_not_the_page_value():
    assert submission_key(PAGE, {}) != PAGE


def test_made_from_finds_only_the_partnership_own_row(world):
    action = raise_action(world, submission=PAGE)
    key = action.submission
    assert key not in (None, PAGE)
    assert made_from(Action, partnership_id=world.partnership.pk, key=key) == action
    assert made_from(Action, partnership_id=world.other_partnership.pk, key=key) is None
    assert made_from(Action, partnership_id=world.partnership.pk, key=uuid.uuid4()) is None
