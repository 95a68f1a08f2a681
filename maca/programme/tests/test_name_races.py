"""Two people adding the same thing at the same moment.

A change that checks the whole partnership for a clash (a priority's title,
a programme's year, an agency's name) first locks the partnership's row
(``partnerships.services.partnership_hold``), so the second waits for the
first and then finds the clash: a message on the form, not two of a kind that
should be one, nor an error page from the database's constraint."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError

from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.services import agency_create
from maca.programme.models import BoardPriority
from maca.programme.services import priority_create
from maca.tests.races import meet_before, needs_row_locks, run_each


def _both_checked_before_saving(monkeypatch, model):
    """Each change, once it has checked for a clash, waits for the other to get
    as far (if it can) before it saves."""
    monkeypatch.setattr(model.objects, "create", meet_before(model.objects.create))


@pytest.fixture
def row_locks():
    needs_row_locks()


@pytest.mark.django_db(transaction=True)
def test_two_priorities_of_one_title_added_at_once_make_one_and_a_message(world, row_locks, monkeypatch):
    _both_checked_before_saving(monkeypatch, BoardPriority)
    outcomes = run_each(
        [
            lambda: priority_create(actor=None, partnership=world.partnership, title="Neglect"),
            lambda: priority_create(actor=None, partnership=world.partnership, title="neglect"),
        ]
    )
    monkeypatch.undo()
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].message_dict in (
        {"title": [f"Your partnership already has a board priority called ‘{title}’"]}
        for title in ("Neglect", "neglect")
    )
    assert BoardPriority.objects.filter(partnership=world.partnership, title__iexact="neglect").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_agencies_of_one_name_added_at_once_make_one_and_a_message(world, row_locks, monkeypatch):
    both_checked = threading.Barrier(2, timeout=3)
    full_clean = Agency.full_clean

    def checked_then_wait(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()

    monkeypatch.setattr(Agency, "full_clean", checked_then_wait)
    outcomes = run_each(
        [
            lambda: agency_create(
                actor=None, partnership=world.partnership, name="Vale Hospice", kind=AgencyKind.OTHER
            ),
            lambda: agency_create(
                actor=None, partnership=world.partnership, name="vale hospice", kind=AgencyKind.OTHER
            ),
        ]
    )
    monkeypatch.undo()
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].message_dict == {"name": ["An agency with this name already exists in the partnership"]}
    assert Agency.objects.filter(partnership=world.partnership, name__iexact="vale hospice").count() == 1
