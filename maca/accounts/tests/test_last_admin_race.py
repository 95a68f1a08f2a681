"""Two partnership admins removing each other at the same moment.

Each change that could take away a partnership admin first locks the
partnership's row (``services._hold_admin_rule``), so such changes run one
after the other and the second counts the admins as the first left them.
Before, each locked only the membership it changed, both counted two admins,
and both were saved: the partnership was left with nobody to run it."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maca.accounts import services
from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import membership_deactivate
from maca.accounts.tests.factories import MembershipFactory


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


@pytest.mark.django_db(transaction=True)
def test_two_admins_removing_each_other_at_once_leave_one_admin(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Two changes at the same moment need PostgreSQL's row locks")
    first = world["admin"].membership
    second = MembershipFactory(
        partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, user__email="second.admin@testshire.example"
    )
    # Each change, once it holds its locks, waits for the other to get as far,
    # if it can, before it counts the admins.
    both_counting = threading.Barrier(2, timeout=3)
    count_admins = services._active_admins

    def when_both_are_counting(partnership):
        # Broken when the other change is waiting for this one's lock.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counting.wait()
        return count_admins(partnership)

    monkeypatch.setattr(services, "_active_admins", when_both_are_counting)

    def remove(actor, membership):
        return lambda: membership_deactivate(
            actor=actor, membership=membership, reason="Moved on", expected_version=membership.version
        )

    outcomes = _run_each([remove(first.user, second), remove(second.user, first)])
    monkeypatch.undo()

    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].messages == ["The partnership must keep at least one partnership admin."]
    admins = Membership.objects.filter(partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, is_active=True)
    assert admins.count() == 1
