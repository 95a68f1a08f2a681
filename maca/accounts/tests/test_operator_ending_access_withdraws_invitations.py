"""A platform operator giving, ending or giving back someone’s access in
/platform-admin/ withdraws any invitation still waiting for that person in
the partnership, as the partnership admin's own pages do: its link can never
undo the decision."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import (
    MembershipFactory,
    UserFactory,
    give_authenticator,
    sign_in_with_second_factor,
)
from maca.partnerships.services import agency_set_active
from maca.tests.page import words_shown


@pytest.fixture
def operator_client(world):
    operator = UserFactory(email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True)
    operator.is_superuser = True
    operator.save()
    give_authenticator(operator)
    return sign_in_with_second_factor(Client(), operator)


def _form(membership: Membership, **changes) -> dict:
    data = {
        "role": membership.role,
        "agency": membership.agency_id or "",
        "job_title": membership.job_title,
        "is_active": "on" if membership.is_active else "",
        "deactivation_reason": "",
        "loaded_version": membership.version,
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def _invite(world, persona, agency) -> str:
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=persona.user.email,
        full_name=persona.user.full_name,
        role=Role.AGENCY_LEAD,
        agency=agency,
    )
    return token


def _withdrawn(link: str) -> bool:
    return "This invitation has been withdrawn" in words_shown(Client().get(link).content.decode())


def test_an_operator_giving_access_back_and_ending_it_withdraws_the_invitation_left_waiting(
    world, operator_client, client_for
):
    auditor = world["auditor"]
    police = world.police
    police.refresh_from_db()
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)
    # Their agency gone, the admin invites them to another; meanwhile an operator
    # gives them their access back at that agency directly.
    link = reverse("accounts:accept_invitation", args=[_invite(world, auditor, world.health)])
    membership = Membership.objects.get(pk=auditor.membership.pk)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    response = operator_client.post(url, _form(membership, agency=world.health.pk, is_active="on"))
    assert response.status_code == 302
    assert _withdrawn(link)
    log = words_shown(client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode())
    assert "Olu Operator withdrew the invitation for aiden@testshire.example" in log

    # Someone invited is given access directly before accepting (by an operator,
    # say); when an operator later ends it, the link cannot give it back.
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="nell.new@testshire.example",
        full_name="Nell New",
        role=Role.BOARD_MEMBER,
    )
    link = reverse("accounts:accept_invitation", args=[token])
    membership = MembershipFactory(
        user=UserFactory(email="nell.new@testshire.example", full_name="Nell New"),
        partnership=world.partnership,
        role=Role.BOARD_MEMBER,
    )
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    response = operator_client.post(url, _form(membership, is_active="", deactivation_reason="Left the board"))
    assert response.status_code == 302
    assert not Membership.objects.get(pk=membership.pk).is_active
    assert _withdrawn(link)
    assert Invitation.objects.get(email="nell.new@testshire.example").status == "revoked"


def test_an_operator_giving_access_directly_withdraws_the_invitation_waiting_for_that_person(
    world, operator_client, client_for
):
    person = UserFactory(email="noor.newcomer@testshire.example", full_name="Noor Newcomer")
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=person.email,
        full_name=person.full_name,
        role=Role.AGENCY_LEAD,
        agency=world.health,
    )
    link = reverse("accounts:accept_invitation", args=[token])
    people = reverse("accounts:members")
    assert "noor.newcomer@testshire.example" in words_shown(client_for(world["admin"]).get(people).content.decode())
    response = operator_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "partnership": world.partnership.pk, "role": "board_member", "agency": "", "job_title": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _withdrawn(link)
    assert Invitation.objects.get(email=person.email).revoked_at is not None
    log = words_shown(client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode())
    assert "Olu Operator withdrew the invitation for noor.newcomer@testshire.example" in log
