"""An operator giving someone access in /platform-admin/ at the moment that
person accepts their invitation to the same agency.

Both take the agency and the invitation. Accepting takes the agency first;
the operator's change took the invitation first, so each waited for the other
and PostgreSQL ended one of them with an error page. The operator's change
now takes the partnership, the agency and then the invitations, as the other
services do: the two run one after the other, and accepting is refused as
the invitation was withdrawn."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError

from maca.accounts import operator_services
from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import InvitationUnusable, invitation_accept, invitation_create
from maca.accounts.tests.factories import UserFactory
from maca.tests.races import needs_row_locks, run_each


@pytest.mark.django_db(transaction=True)
def test_giving_access_while_the_person_accepts_refuses_one_cleanly(world, monkeypatch):
    needs_row_locks()
    operator = UserFactory(email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True)
    person = UserFactory(email="noor.newcomer@testshire.example", full_name="Noor Newcomer")
    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=person.email,
        full_name=person.full_name,
        role=Role.AGENCY_LEAD,
        agency=world.health,
    )
    started = threading.Event()
    create = operator_services.membership_create

    def create_once_accepting_has_begun(**kwargs):
        # The operator's change holds what it took first; accepting starts now
        # and takes what it takes first before the operator's change goes on.
        started.set()
        time.sleep(1.5)
        return create(**kwargs)

    monkeypatch.setattr(operator_services, "membership_create", create_once_accepting_has_begun)

    def give():
        operator_services.operator_membership_create(
            actor=operator, user=person, partnership=world.partnership, role=Role.AGENCY_LEAD, agency=world.health
        )

    def accept():
        started.wait(10)
        invitation_accept(invitation=invitation, user=person)

    outcomes = run_each([give, accept])
    monkeypatch.undo()

    assert not any(isinstance(error, OperationalError) for error in outcomes), outcomes
    assert outcomes[0] is None, outcomes
    assert isinstance(outcomes[1], InvitationUnusable), outcomes
    assert str(outcomes[1]) == "revoked"
    assert Membership.objects.filter(user=person, partnership=world.partnership).count() == 1
