"""Two partnership admins removing each other at the same moment.

Each change that could take away a partnership admin first locks the
partnership's row (``partnerships.services.partnership_hold``), so such changes run one
after the other and the second counts the admins as the first left them.
Before, each locked only the membership it changed, both counted two admins,
and both were saved: the partnership was left with nobody to run it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maca.accounts import services
from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import membership_deactivate
from maca.accounts.tests.factories import MembershipFactory
from maca.tests.races import meet_before, needs_row_locks, run_each


@pytest.mark.django_db(transaction=True)
def test_two_admins_removing_each_other_at_once_leave_one_admin(world, monkeypatch):
    needs_row_locks()
    first = world["admin"].membership
    second = MembershipFactory(
        partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, user__email="second.admin@testshire.example"
    )
    # Each change, once it holds its locks, waits for the other to get as far,
    # if it can, before it counts the admins.
    monkeypatch.setattr(services, "_active_admins", meet_before(services._active_admins))

    def remove(actor, membership):
        return lambda: membership_deactivate(
            actor=actor, membership=membership, reason="Moved on", expected_version=membership.version
        )

    outcomes = run_each([remove(first.user, second), remove(second.user, first)])
    monkeypatch.undo()

    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), repr(refused[0])
    assert refused[0].messages == ["The partnership must keep at least one partnership admin."]
    admins = Membership.objects.filter(partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, is_active=True)
    assert admins.count() == 1
