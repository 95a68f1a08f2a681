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
from django.db import connection

from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.services import agency_create
from maca.programme.models import BoardPriority
from maca.programme.services import priority_create


def _run_each(works) -> list[BaseException | None]:
    outcomes: list[BaseException | None] = [None] * len(works)

    def run(index, work):
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, work)) for i, work in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def _both_checked_before_saving(monkeypatch, model):
    """Each change, once it has checked for a clash, waits for the other to get
    as far (if it can) before it saves."""
    both_checked = threading.Barrier(2, timeout=3)
    manager = model.objects
    create = manager.create

    def when_both_have_checked(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits for this one's lock
            both_checked.wait()
        return create(**kwargs)

    monkeypatch.setattr(manager, "create", when_both_have_checked)


@pytest.fixture
def row_locks():
    if connection.vendor != "postgresql":
        pytest.skip("Two changes at the same moment need PostgreSQL's row locks")


@pytest.mark.django_db(transaction=True)
def test_two_priorities_of_one_title_added_at_once_make_one_and_a_message(world, row_locks, monkeypatch):
    _both_checked_before_saving(monkeypatch, BoardPriority)
    outcomes = _run_each(
        [
            lambda: priority_create(actor=None, partnership=world.partnership, title="Neglect"),
            lambda: priority_create(actor=None, partnership=world.partnership, title="neglect"),
        ]
    )
    monkeypatch.undo()
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].message_dict == {"title": ["There is already a priority with this title"]}
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
    outcomes = _run_each(
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
