"""Two people changing agencies at the same moment.

Every change that locks two agencies (one placed under another, a sub-unit
switched back on under its agency) locks both in the order of their ids
before it reads either for a check (``services._lock_in_order``). So two
changes at once never wait on each other: the second waits for the first and
is then checked against what the first saved. Before, putting A under B while
someone else put B under A locked A then B, and B then A: PostgreSQL broke
the deadlock by failing one request with an error page; and a sub-unit could
be switched back on while its agency was being switched off, leaving it on
under an agency that was off."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError

from maca.partnerships import extensions, services
from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.services import agency_create, agency_set_active, agency_update
from maca.tests.races import meet_before, needs_row_locks, run_each


def _fresh(agency: Agency) -> Agency:
    return Agency.objects.get(pk=agency.pk)


def _put_under(agency: Agency, parent: Agency) -> Agency:
    agency = _fresh(agency)
    return agency_update(
        actor=None,
        agency=agency,
        name=agency.name,
        kind=agency.kind,
        parent=_fresh(parent),
        expected_version=agency.version,
    )


def test_an_agency_is_not_placed_under_one_that_has_been_switched_off(world):
    """The agency chosen was switched off after the form was shown (or while
    the change waited for it): the change is refused, and says why."""
    board = agency_create(actor=None, partnership=world.partnership, name="Vale Board", kind=AgencyKind.OTHER)
    agency_set_active(actor=None, agency=board, active=False, expected_version=board.version)
    with pytest.raises(ValidationError, match="Vale Board is no longer taking part: choose an active agency"):
        _put_under(world.police, board)
    with pytest.raises(ValidationError, match="Vale Board is no longer taking part"):
        agency_create(actor=None, partnership=world.partnership, name="Branch", kind=AgencyKind.OTHER, parent=board)
    assert _fresh(world.police).parent_id is None
    assert not Agency.objects.filter(name="Branch").exists()


def test_a_sub_unit_kept_under_an_agency_switched_off_before_can_still_be_renamed(world):
    """The rule is about choosing a place, not keeping one."""
    practice = _fresh(world.gp_practice)
    agency_set_active(actor=None, agency=practice, active=False, expected_version=practice.version)
    Agency.objects.filter(pk=world.health.pk).update(is_active=False)
    practice = _fresh(world.gp_practice)
    agency_update(
        actor=None,
        agency=practice,
        name="Mill Lane Medical Centre",
        kind=practice.kind,
        parent=_fresh(world.health),
        expected_version=practice.version,
    )
    assert _fresh(world.gp_practice).name == "Mill Lane Medical Centre"


@pytest.mark.django_db(transaction=True)
def test_two_agencies_put_under_each_other_at_once_leave_one_saved_and_the_other_refused(world, monkeypatch):
    needs_row_locks()
    first = agency_create(actor=None, partnership=world.partnership, name="North Team", kind=AgencyKind.OTHER)
    second = agency_create(actor=None, partnership=world.partnership, name="South Team", kind=AgencyKind.OTHER)
    # Each change, once it holds the lock on the agency it changes, waits for
    # the other to get as far, if it can, before it reads the place chosen.
    monkeypatch.setattr(services, "_locked_parent", meet_before(services._locked_parent))
    outcomes = run_each([lambda: _put_under(first, second), lambda: _put_under(second, first)])
    monkeypatch.undo()

    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])  # not a deadlock broken by the database
    # Whichever comes second is refused by a place rule: B already sits under A
    # (so A cannot go under its own sub-unit), or A already has a parent.
    message = " ".join(refused[0].messages)
    assert (
        "is itself part of another agency" in message
        or "cannot sit under itself or one of its own sub-units" in message
    ), message
    placed = {agency.name: agency.parent_id for agency in Agency.objects.filter(pk__in=[first.pk, second.pk])}
    assert sorted(parent is None for parent in placed.values()) == [False, True]  # two levels, not a loop


@pytest.mark.django_db(transaction=True)
def test_a_sub_unit_switched_back_on_while_its_agency_is_switched_off_is_refused(world, monkeypatch):
    needs_row_locks()
    practice = _fresh(world.gp_practice)
    agency_set_active(actor=None, agency=practice, active=False, expected_version=practice.version)
    holding, go_on = threading.Event(), threading.Event()
    ended = extensions.agency_deactivated

    def end_access_when_told(**kwargs):
        holding.set()  # the agency is locked and marked off, not yet committed
        go_on.wait(20)
        return ended(**kwargs)

    monkeypatch.setattr(extensions, "agency_deactivated", end_access_when_told)

    def switch_the_agency_off():
        health = _fresh(world.health)
        agency_set_active(actor=None, agency=health, active=False, expected_version=health.version)

    def switch_the_practice_on():
        assert holding.wait(20)
        later = threading.Timer(1.0, go_on.set)  # the practice's change is under way by then
        later.start()
        practice = _fresh(world.gp_practice)
        agency_set_active(actor=None, agency=practice, active=True, expected_version=practice.version)

    outcomes = run_each([switch_the_agency_off, switch_the_practice_on])
    go_on.set()
    monkeypatch.undo()

    assert outcomes[0] is None, repr(outcomes[0])
    assert isinstance(outcomes[1], ValidationError), repr(outcomes[1])
    assert outcomes[1].messages == [
        "Testshire Care Board is no longer taking part. Mark Testshire Care Board as taking part again first."
    ]
    assert not _fresh(world.health).is_active and not _fresh(world.gp_practice).is_active
