"""Agencies deactivated before deactivating one ended its people's access and
withdrew its invitations (the agency switched off by hand, or by an older
release): no page calls their invitations waiting, and a data migration does
now what the deactivation does, recorded as done by maca itself."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.partnerships.models import Agency
from maca.partnerships.services import agency_set_active
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

migration = importlib.import_module("maca.accounts.migrations.0003_withdraw_invitations_to_deactivated_agencies")


def _shown(response) -> str:
    assert response.status_code == 200
    return words_shown(response.content.decode())


def _invite(world, email: str, role: str, agency=None) -> tuple[Invitation, str]:
    return invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name="Invited Person",
        role=role,
        agency=agency,
    )


@pytest.fixture
def switched_off_by_hand(world):
    """An auditor invited to the police, a board member invited to no agency;
    then the police switched off as older releases did, leaving both."""
    to_police = _invite(world, "new.auditor@testshire.example", Role.AGENCY_AUDITOR, world.police)
    to_board = _invite(world, "new.board@testshire.example", Role.BOARD_MEMBER)
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    return to_police, to_board


def test_no_page_calls_an_invitation_to_a_deactivated_agency_waiting(world, client_for, switched_off_by_hand):
    admin = client_for(world["admin"])
    people = _shown(admin.get(reverse("accounts:members")))
    assert "Invitations not yet accepted" in people
    assert "new.board@testshire.example" in people
    assert "new.auditor@testshire.example" not in people
    home = _shown(admin.get(reverse("home:index")))
    assert "Invitations waiting 1" in home
    (invitation, token), _ = switched_off_by_hand
    assert Invitation.objects.get(pk=invitation.pk).status == "agency_inactive"
    # Its link says why, as before.
    refused = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert refused.status_code == 410
    assert "This invitation can no longer be used" in words_shown(refused.content.decode())


def test_the_migration_withdraws_them_and_ends_the_agency_roles_there_as_maca(world, client_for, switched_off_by_hand):
    (to_police, token), (to_board, _) = switched_off_by_hand
    # A QA officer whose older record names the agency does not act for it: kept.
    Membership.objects.filter(pk=world["qa"].membership.pk).update(agency=world.police)

    migration.end_access_through_deactivated_agencies(apps, None)

    withdrawn = AuditEvent.objects.get(action="invitation.revoked", object_id=str(to_police.pk))
    assert withdrawn.actor is None and withdrawn.partnership_id == world.partnership.pk
    assert withdrawn.changes == {"email": "new.auditor@testshire.example", "reason": "Testshire Police was deactivated"}
    assert sentence(withdrawn) == (
        "maca withdrew the invitation for new.auditor@testshire.example to Testshire Safeguarding Children Partnership"
    )
    ended = {e.object_id: e for e in AuditEvent.objects.filter(action="membership.deactivated")}
    assert set(ended) == {str(world["lead"].membership.pk), str(world["auditor"].membership.pk)}
    assert all(e.actor is None and e.changes == {"reason": "Testshire Police was deactivated"} for e in ended.values())
    assert Invitation.objects.get(pk=to_board.pk).status == "pending"
    assert Membership.objects.get(pk=world["qa"].membership.pk).is_active

    admin = client_for(world["admin"])
    everyone = _shown(admin.get(reverse("accounts:members") + "?status=all"))
    assert "Lena Lead lena@testshire.example Agency lead Testshire Police Access removed" in everyone
    assert "Quinn Quality quinn@testshire.example QA officer Testshire Police Active" in everyone
    assert "People with access 5" in _shown(admin.get(reverse("home:index")))

    # Switching the police back on brings back neither the invitation nor anyone's access.
    police = Agency.objects.get(pk=world.police.pk)
    agency_set_active(actor=world["admin"].user, agency=police, active=True, expected_version=police.version)
    people = _shown(admin.get(reverse("accounts:members")))
    assert "new.auditor@testshire.example" not in people and "new.board@testshire.example" in people
    refused = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert "This invitation has been withdrawn" in words_shown(refused.content.decode())
    log = _shown(admin.get(reverse("audit_trail:events")))
    assert "maca withdrew the invitation for new.auditor@testshire.example" in log


def test_the_migration_leaves_agencies_still_active_alone(world):
    _invite(world, "active.auditor@testshire.example", Role.AGENCY_AUDITOR, world.police)
    before = AuditEvent.objects.count()
    migration.end_access_through_deactivated_agencies(apps, None)
    assert AuditEvent.objects.count() == before
    assert Invitation.objects.pending().filter(email="active.auditor@testshire.example").exists()
    assert Membership.objects.get(pk=world["lead"].membership.pk).is_active
