"""An invitation that expired unused stays on the people page only while it is
the one that matters for its address. Once the person has had access to the
partnership since it was sent (given by a platform operator, given back from
their page, or through a later invitation they accepted), or another
invitation was sent to them after it, it is overtaken: the page never lists it
again, even when their access is later removed, and it is not sent again. If
they need to come back, their page gives their access back, or (their agency
no longer taking part) a new invitation is made."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import Invitation, Membership
from maca.accounts.operator_services import operator_membership_create
from maca.accounts.roles import Role
from maca.accounts.services import invitation_accept, invitation_create, membership_deactivate, membership_reactivate
from maca.accounts.tests.factories import UserFactory
from maca.audit_trail.models import AuditEvent
from maca.core.presenters import long_date
from maca.notifications.models import SentEmail
from maca.partnerships.services import agency_set_active
from maca.tests.page import words_shown

EMAIL = "rowan.reader@testshire.example"


def _people(client) -> str:
    return words_shown(client.get(reverse("accounts:members")).content.decode())


def _day(moment: dt.datetime) -> str:
    return long_date(timezone.localtime(moment).date())


def _lapse(invitation: Invitation, *, sent_days_ago: int = 10) -> Invitation:
    """The invitation as if sent ``sent_days_ago`` days ago, its link expired."""
    sent = timezone.now() - dt.timedelta(days=sent_days_ago)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=sent, sent_at=sent, expires_at=sent + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    )
    invitation.refresh_from_db()
    return invitation


def _invite(world, *, email: str = EMAIL, full_name: str = "Rowan Reader", role=Role.BOARD_MEMBER, agency=None):
    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name=full_name,
        role=role,
        agency=agency,
    )
    return invitation


def _remove(world, membership: Membership) -> None:
    membership.refresh_from_db()
    membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Left the board", expected_version=membership.version
    )


def _set_agency(world, agency, *, active: bool) -> None:
    agency.refresh_from_db()
    agency_set_active(actor=world["admin"].user, agency=agency, active=active, expected_version=agency.version)


def _resend(client, invitation: Invitation) -> str:
    response = client.post(reverse("accounts:resend_invitation", args=[invitation.pk]), follow=True)
    return words_shown(response.content.decode())


def test_an_expired_invitation_does_not_come_back_when_access_given_since_is_removed(world, client_for):
    """Rowan's invitation lapsed; a platform operator gave Rowan access; the
    admin later removed it. The people page listed the old invitation again,
    'Expired', with 'Resend invitation', as if Rowan had never had access."""
    invitation = _lapse(_invite(world))
    admin = client_for(world["admin"])
    assert f"Rowan Reader {EMAIL} Board member – {_day(invitation.sent_at)} Expired on" in _people(admin)

    rowan = UserFactory(email=EMAIL, full_name="Rowan Reader")
    operator = UserFactory(email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True)
    membership = operator_membership_create(
        actor=operator, user=rowan, partnership=world.partnership, role=Role.BOARD_MEMBER, agency=None
    )
    assert f"Resend invitation to {EMAIL}" not in _people(admin)

    _remove(world, membership)
    page = _people(admin)
    assert f"Resend invitation to {EMAIL}" not in page
    assert f"Withdraw invitation to {EMAIL}" not in page
    assert "Expired on" not in page
    # Rowan is listed where people whose access was removed are, to be given it back.
    removed = words_shown(admin.get(reverse("accounts:members") + "?status=deactivated").content.decode())
    assert f"Rowan Reader {EMAIL} Board member" in removed

    # A Resend pressed on a page opened before is refused, saying what to do instead.
    shown = _resend(admin, invitation)
    assert (
        "This person’s access to the partnership was removed. To give it back, go to People, choose "
        "‘Access removed’, select their name and press ‘Give access again’; you can then change their role there. "
        "The invitation was not sent again." in shown
    )
    assert SentEmail.objects.filter(to=EMAIL, kind="invitation").count() == 1


def test_an_old_invitation_to_an_agency_is_not_listed_nor_sent_again_once_its_person_had_access(world, client_for):
    """Aiden lost access with the police; his invitation to the care board
    lapsed; the police took part again and his access was given back; then
    the police stopped taking part once more. The lapsed invitation came back
    on the people page, and 'Resend invitation' sent it: a link to the care
    board, made before he last had access."""
    aiden = world["auditor"]
    _set_agency(world, world.police, active=False)
    ended = timezone.now() - dt.timedelta(days=12)
    Membership.objects.filter(pk=aiden.membership.pk).update(deactivated_at=ended)  # before the invitation
    invitation = _lapse(
        _invite(
            world,
            email=aiden.user.email,
            full_name=aiden.user.full_name,
            role=Role.AGENCY_AUDITOR,
            agency=world.health,
        )
    )
    admin = client_for(world["admin"])
    # Sent after his access ended: it still matters, and is listed to be sent again.
    assert f"Resend invitation to {aiden.user.email}" in _people(admin)

    _set_agency(world, world.police, active=True)
    membership = Membership.objects.get(pk=aiden.membership.pk)
    membership_reactivate(actor=world["admin"].user, membership=membership, expected_version=membership.version)
    assert f"Resend invitation to {aiden.user.email}" not in _people(admin)

    _set_agency(world, world.police, active=False)  # his access ends again
    assert not Membership.objects.get(pk=aiden.membership.pk).is_active
    page = _people(admin)
    assert f"Resend invitation to {aiden.user.email}" not in page
    assert "Expired on" not in page

    shown = _resend(admin, invitation)
    assert (
        "This person has had access to the partnership since this invitation was sent, so it cannot be sent "
        "again. To give them access, invite them again. The invitation was not sent again." in shown
    )
    invitation.refresh_from_db()
    assert invitation.status == "expired"
    assert SentEmail.objects.filter(to=aiden.user.email, kind="invitation").count() == 1
    assert not AuditEvent.objects.filter(action="invitation.resent").exists()


def test_an_expired_invitation_overtaken_by_a_later_one_is_not_sent_again(world, client_for):
    """A Resend pressed on a page opened before another invitation was sent to
    the same address (that one since expired too) is refused: the later
    invitation is the one that counts."""
    first = _lapse(_invite(world), sent_days_ago=20)
    admin = client_for(world["admin"])
    assert f"Resend invitation to {EMAIL}" in _people(admin)  # the page as opened before
    later = _lapse(_invite(world, role=Role.QA_OFFICER), sent_days_ago=10)

    shown = _resend(admin, first)
    assert (
        "Another invitation was sent to this address after this one, so it cannot be sent again. "
        "The invitation was not sent again." in shown
    )
    first.refresh_from_db()
    assert first.status == "expired"
    page = _people(admin)
    assert page.count(f"Resend invitation to {EMAIL}") == 1
    assert f"Rowan Reader {EMAIL} QA officer – {_day(later.sent_at)} Expired on" in page


def test_the_later_of_two_expired_invitations_does_not_come_back_when_the_earlier_was_sent_again(world, client_for):
    """Two lapsed invitations to Rowan; the earlier one was sent again (from a
    page opened before the later one was made) and accepted. When Rowan's
    access was removed, the later one, never used, came back on the page: it
    was made after the one Rowan accepted, though sent before it."""
    first = _lapse(_invite(world), sent_days_ago=20)
    _lapse(_invite(world, role=Role.QA_OFFICER), sent_days_ago=10)
    first = _sent_again_as_before(world, first)
    rowan = UserFactory(email=EMAIL, full_name="Rowan Reader")
    membership = invitation_accept(invitation=first, user=rowan)
    admin = client_for(world["admin"])
    assert f"Resend invitation to {EMAIL}" not in _people(admin)

    _remove(world, membership)
    page = _people(admin)
    assert f"Resend invitation to {EMAIL}" not in page
    assert "Expired on" not in page


def _sent_again_as_before(world, invitation: Invitation) -> Invitation:
    """The earlier invitation sent again as ``invitation_resend`` did before it
    refused one overtaken by a later invitation (a partnership's data may hold
    such): sent today, by the admin, its link working for another week."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=now, sent_by=world["admin"].user, expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    )
    invitation.refresh_from_db()
    return invitation
