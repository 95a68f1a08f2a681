"""An invitation still waiting for someone whose access the admin has since
given back or removed is withdrawn: its link can never undo the admin’s
decision (give access again, with the invitation’s role, after a removal)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.audit_trail.models import AuditEvent
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _shown(response) -> str:
    assert response.status_code == 200
    return words_shown(response.content.decode())


def _remove_access(admin, membership, reason: str) -> None:
    membership.refresh_from_db()
    response = admin.post(
        reverse("accounts:deactivate_member", args=[membership.pk]), {"reason": reason, "version": membership.version}
    )
    assert response.status_code == 302


def _invite_back_as_lead(world, auditor) -> str:
    """An invitation to someone whose access was removed, as maca made them
    before it sent the admin to "Give access again" instead (such invitations
    may still be waiting); for their deactivated agency's people it still does."""
    invitation = Invitation.objects.create(
        partnership=world.partnership,
        email=auditor.user.email,
        full_name=auditor.user.full_name,
        role=Role.AGENCY_LEAD,
        agency=world.police,
        token_hash=Invitation.new_token()[1],
        invited_by=world["admin"].user,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    token = invitation.link_token()
    invitation.token_hash = Invitation.hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


def test_an_invitation_left_waiting_cannot_undo_a_removal_of_access(world, client_for):
    auditor = world["auditor"]
    membership = auditor.membership
    # Aiden also works for another partnership, so he can still sign in.
    MembershipFactory(user=auditor.user, partnership=world.other_partnership, role=Role.BOARD_MEMBER)
    admin = client_for(world["admin"])
    _remove_access(admin, membership, "Moved to another team")
    token = _invite_back_as_lead(world, auditor)
    assert "aiden@testshire.example Agency lead" in _shown(admin.get(reverse("accounts:members")))

    # The admin changes their mind and gives Aiden his old access back instead.
    membership.refresh_from_db()
    admin.post(reverse("accounts:reactivate_member", args=[membership.pk]), {"version": membership.version})
    people = _shown(admin.get(reverse("accounts:members")))
    assert "Aiden Auditor aiden@testshire.example Agency auditor Testshire Police Active" in people
    assert "Invitations not yet accepted" not in people
    log = _shown(admin.get(reverse("audit_trail:events")))
    assert "Asha Admin withdrew the invitation for aiden@testshire.example" in log

    # Later the admin removes his access for good; the old link gives nothing back.
    _remove_access(admin, membership, "Left the police")
    aiden = client_for(auditor)
    link = reverse("accounts:accept_invitation", args=[token])
    assert "This invitation has been withdrawn" in words_shown(aiden.get(link).content.decode())
    assert "This invitation has been withdrawn" in words_shown(aiden.post(link).content.decode())
    membership.refresh_from_db()
    assert not membership.is_active and membership.role == Role.AGENCY_AUDITOR
    everyone = _shown(admin.get(reverse("accounts:members") + "?status=all"))
    assert "Aiden Auditor aiden@testshire.example Agency auditor Testshire Police Access removed" in everyone


def test_removing_access_withdraws_an_invitation_left_waiting_before(world, client_for):
    """An invitation left waiting for someone who has access (as one could be
    before this rule) is withdrawn when their access is removed."""
    auditor = world["auditor"]
    membership = auditor.membership
    admin = client_for(world["admin"])
    _remove_access(admin, membership, "Moved to another team")
    token = _invite_back_as_lead(world, auditor)
    Membership.objects.filter(pk=membership.pk).update(is_active=True, deactivated_at=None, deactivation_reason="")

    _remove_access(admin, membership, "Left the police")
    invitation = Invitation.objects.get(email="aiden@testshire.example")
    assert invitation.status == "revoked"
    refused = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert "This invitation has been withdrawn" in words_shown(refused.content.decode())
    withdrawn = AuditEvent.objects.get(action="invitation.revoked", object_id=str(invitation.pk))
    detail = _shown(admin.get(reverse("audit_trail:event", args=[withdrawn.pk])))
    assert "their access was removed" in detail
