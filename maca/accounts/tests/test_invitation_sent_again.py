"""An invitation whose link expired stays on the people page, saying so, and
any invitation not yet accepted can be sent again: a new link, working for as
long as a new invitation's, the earlier link no longer working."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import Invitation
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent
from maca.core.presenters import long_date
from maca.notifications.models import SentEmail
from maca.tests.page import words_shown

EMAIL = "rowan.reader@testshire.example"


def _people(client) -> str:
    return words_shown(client.get(reverse("accounts:members")).content.decode())


def _day(moment: dt.datetime) -> str:
    return long_date(timezone.localtime(moment).date())


def _invited_and_lapsed(world, *, sent_days_ago: int = 10) -> tuple[Invitation, str]:
    """An invitation sent ``sent_days_ago`` days ago whose link has expired."""
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=EMAIL,
        full_name="Rowan Reader",
        role=Role.BOARD_MEMBER,
    )
    sent = timezone.now() - dt.timedelta(days=sent_days_ago)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=sent, expires_at=sent + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    )
    invitation.refresh_from_db()
    return invitation, token


def _link_in_last_email_to(email: str) -> str:
    body = SentEmail.objects.filter(to=email).latest("pk").body
    link = re.search(r"https?://\S+/invitations/\S+/", body).group(0)
    return "/" + link.split("/", 3)[3]


def test_an_expired_invitation_stays_on_the_people_page_saying_when_it_was_sent_and_expired(world, client_for):
    invitation, _token = _invited_and_lapsed(world)
    page = _people(client_for(world["admin"]))
    assert "Invitations not yet accepted" in page
    assert (
        f"Rowan Reader {EMAIL} Board member – {_day(invitation.sent_at)} Expired on {_day(invitation.expires_at)}"
        in page
    )
    assert f"Resend invitation to {EMAIL}" in page
    assert f"Withdraw invitation to {EMAIL}" in page


def test_a_waiting_invitation_says_when_it_was_sent_and_when_its_link_expires(world, client_for):
    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=EMAIL,
        full_name="Rowan Reader",
        role=Role.BOARD_MEMBER,
    )
    page = _people(client_for(world["admin"]))
    assert f"{_day(invitation.sent_at)} Expires {_day(invitation.expires_at)}" in page


def test_sending_an_expired_invitation_again_gives_a_new_link_and_the_page_says_so(world, client_for):
    invitation, old_token = _invited_and_lapsed(world)
    admin = client_for(world["admin"])
    response = admin.post(reverse("accounts:resend_invitation", args=[invitation.pk]), follow=True)
    shown = words_shown(response.content.decode())
    now = timezone.now()
    new_expiry = _day(now + dt.timedelta(days=settings.INVITATION_VALID_DAYS))
    assert (
        f"The invitation to {EMAIL} has been sent again: the e-mail with its new link is on its way. "
        f"The new link works until {new_expiry}; the link in the earlier e-mail no longer works." in shown
    )
    # Re-opened, the page lists it once, sent today and expiring in a week.
    page = _people(admin)
    assert f"Rowan Reader {EMAIL} Board member – {_day(now)} Expires {new_expiry}" in page
    assert "Expired on" not in page
    assert page.count(EMAIL) == 3  # its e-mail, and the two buttons' words for screen readers

    # The earlier link no longer works; the new e-mail's does.
    old = Client().get(reverse("accounts:accept_invitation", args=[old_token]))
    assert old.status_code == 410
    assert "use the link in the latest e-mail" in words_shown(old.content.decode())
    assert SentEmail.objects.filter(to=EMAIL, kind="invitation").count() == 2
    new = Client().get(_link_in_last_email_to(EMAIL))
    assert new.status_code == 200
    assert "Create your maca account" in words_shown(new.content.decode())

    # The audit log says who sent it again, and the expiry it had and has now.
    log = _people_log(admin)
    assert f"{world['admin'].user.full_name} sent the invitation for {EMAIL} to {world.partnership.name} again" in log
    resent = AuditEvent.objects.get(action="invitation.resent", object_id=str(invitation.pk))
    entry = words_shown(admin.get(reverse("audit_trail:event", args=[resent.pk])).content.decode())
    assert f"Expires at From ‘{_day(invitation.expires_at)} at" in entry
    assert f"to ‘{new_expiry} at" in entry


def _people_log(client) -> str:
    return words_shown(client.get(reverse("audit_trail:events")).content.decode())


def test_a_waiting_invitation_sent_again_is_sent_today_and_withdraws_nothing_else(world, client_for):
    invitation, old_token = _invited_and_lapsed(world, sent_days_ago=3)  # still waiting: 4 days left
    assert invitation.status == "pending"
    admin = client_for(world["admin"])
    admin.post(reverse("accounts:resend_invitation", args=[invitation.pk]))
    page = _people(admin)
    now = timezone.now()
    assert f"{_day(now)} Expires {_day(now + dt.timedelta(days=settings.INVITATION_VALID_DAYS))}" in page
    assert "This link does not work" in words_shown(
        Client().get(reverse("accounts:accept_invitation", args=[old_token])).content.decode()
    )


def test_an_expired_invitation_replaced_by_a_new_one_is_listed_once(world, client_for):
    _invited_and_lapsed(world)
    admin = client_for(world["admin"])
    admin.post(reverse("accounts:invite"), {"full_name": "Rowan Reader", "email": EMAIL, "role": Role.BOARD_MEMBER})
    page = _people(admin)
    assert "Expired on" not in page
    assert page.count(f"Rowan Reader {EMAIL}") == 1


def test_an_expired_invitation_can_be_withdrawn_and_leaves_the_list(world, client_for):
    invitation, _token = _invited_and_lapsed(world)
    admin = client_for(world["admin"])
    response = admin.post(reverse("accounts:revoke_invitation", args=[invitation.pk]), follow=True)
    assert f"The invitation to {EMAIL} has been withdrawn." in words_shown(response.content.decode())
    assert EMAIL not in _people(admin)


def test_an_invitation_withdrawn_since_the_list_was_shown_is_not_sent_again(world, client_for):
    invitation, _token = _invited_and_lapsed(world)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    admin = client_for(world["admin"])
    response = admin.post(reverse("accounts:resend_invitation", args=[invitation.pk]), follow=True)
    assert f"The invitation to {EMAIL} had already been withdrawn. It was not sent again." in words_shown(
        response.content.decode()
    )
    assert SentEmail.objects.filter(to=EMAIL).count() == 1


def test_an_invitation_to_someone_given_access_since_is_not_sent_again(world, client_for):
    """Bea has access already: an old invitation to her is not sent again, and the page says where to go."""
    bea = world["board"]
    invitation = Invitation.objects.create(
        partnership=world.partnership,
        email=bea.user.email,
        full_name=bea.user.full_name,
        role=Role.BOARD_MEMBER,
        token_hash="0" * 64,
        invited_by=world["admin"].user,
        expires_at=timezone.now() + dt.timedelta(days=2),
    )
    admin = client_for(world["admin"])
    response = admin.post(reverse("accounts:resend_invitation", args=[invitation.pk]), follow=True)
    assert (
        "This person already has access to the partnership. To change their role or agency, go to People and "
        "select their name. The invitation was not sent again." in words_shown(response.content.decode())
    )
    assert not SentEmail.objects.filter(to=bea.user.email, kind="invitation").exists()


def _last_invitation_email() -> str:
    return " ".join(SentEmail.objects.filter(to=EMAIL, kind="invitation").latest("pk").body.split())


def test_the_email_sent_again_says_who_invited_and_who_sent_it_again(world, client_for):
    from maca.accounts.services import membership_create
    from maca.accounts.tests.factories import UserFactory, sign_in_with_second_factor

    invitation, _token = _invited_and_lapsed(world)
    first = _last_invitation_email()
    inviter = world["admin"].user.full_name
    assert f"{inviter} has invited you to join {world.partnership.name} on maca" in first
    assert "sent again" not in first

    other = UserFactory(full_name="Kit Colleague", email="kit.colleague@testshire.example")
    membership_create(actor=None, user=other, partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN)
    colleague = sign_in_with_second_factor(Client(), other)
    colleague.post(reverse("accounts:resend_invitation", args=[invitation.pk]))
    again = _last_invitation_email()
    assert (
        f"{inviter} invited you to join {world.partnership.name} on maca, the service the partnership uses "
        "for multi-agency case audits. Kit Colleague has sent the invitation again, with a new link." in again
    )

    # Sent again by the person who invited: it says it is the invitation sent again.
    client_for(world["admin"]).post(reverse("accounts:resend_invitation", args=[invitation.pk]))
    assert "This is the invitation sent again, with a new link." in _last_invitation_email()


def test_an_expired_invitation_to_an_agency_that_stopped_taking_part_is_not_sent_again(world, client_for):
    """Expired before its agency was deactivated, it was not withdrawn with the
    agency's waiting invitations; the list leaves it out, and a Resend pressed
    on a page opened before is refused, saying why (before, a new link was
    recorded and announced, and the e-mail then never went)."""
    from maca.partnerships.services import agency_set_active

    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=EMAIL,
        full_name="Rowan Reader",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    lapsed = timezone.now() - dt.timedelta(days=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=lapsed)
    admin = client_for(world["admin"])
    assert f"Resend invitation to {EMAIL}" in _people(admin)  # the page as opened before
    police = world.police
    police.refresh_from_db()
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)

    response = admin.post(reverse("accounts:resend_invitation", args=[invitation.pk]), follow=True)
    shown = words_shown(response.content.decode())
    assert (
        f"{police.name} is no longer taking part, so an invitation to audit for it cannot be sent again. To give "
        "this person access, invite them for an agency that takes part. The invitation was not sent again." in shown
    )
    assert EMAIL not in _people(admin)
    invitation.refresh_from_db()
    assert invitation.expires_at == lapsed
    assert SentEmail.objects.filter(to=EMAIL, kind="invitation").count() == 1
    assert not AuditEvent.objects.filter(action="invitation.resent").exists()
