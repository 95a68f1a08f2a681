"""Inviting people: the one-time link, accepting it, and every way it can be unusable."""

import datetime as dt
import html
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.tests.page import words_shown


def _link_from_last_email() -> str:
    body = SentEmail.objects.latest("sent_at").body
    return re.search(r"https?://\S+/invitations/\S+/", body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_admin_invites_someone_and_the_e_mail_is_kept_for_the_admin_to_read(world, client_for):
    client = client_for(world["admin"])
    response = client.post(
        reverse("accounts:invite"),
        {
            "full_name": "Nia New",
            "email": "Nia.New@Testshire.example",
            "role": Role.AGENCY_AUDITOR,
            "agency": world.police.pk,
            "job_title": "Detective constable",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nia.new@testshire.example")
    assert invitation.role == Role.AGENCY_AUDITOR
    assert invitation.agency == world.police
    email = SentEmail.objects.get(partnership=world.partnership, kind="invitation")
    assert email.to == "nia.new@testshire.example"
    assert "/invitations/" in email.body
    # The token itself is never stored, only its hash.
    assert invitation.token_hash not in email.body
    listing = client.get(reverse("notifications:emails")).content.decode()
    assert "Testshire SCP: You are invited to join maca" in listing
    assert AuditEvent.objects.filter(action="invitation.created", object_id=str(invitation.pk)).exists()


def test_an_invitation_form_with_mistakes_says_what_to_fix_and_saves_nothing(world, client_for):
    client = client_for(world["admin"])
    response = client.post(reverse("accounts:invite"), {"email": "not-an-address", "role": Role.AGENCY_LEAD})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the person’s full name" in body
    assert "Enter an e-mail address in the correct format" in body
    assert "Select the agency this person audits for" in body
    assert not Invitation.objects.exists()
    assert not SentEmail.objects.exists()


def test_someone_who_already_has_access_cannot_be_invited_again(world, client_for):
    response = client_for(world["admin"]).post(
        reverse("accounts:invite"),
        {"full_name": "Quinn", "email": world["qa"].user.email, "role": Role.QA_OFFICER},
    )
    assert "This person already has access to the partnership" in response.content.decode()


def test_inviting_someone_who_has_access_says_where_to_change_their_role(world, client_for):
    response = client_for(world["admin"]).post(
        reverse("accounts:invite"),
        {"full_name": "Quinn", "email": world["qa"].user.email.upper(), "role": Role.BOARD_MEMBER},
    )
    assert "To change their role or agency, go to People and select their name" in words_shown(
        response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_a_new_person_accepts_creates_a_password_and_is_signed_in(world):
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="bo@testshire.example",
        full_name="Bo Board",
        role=Role.BOARD_MEMBER,
    )
    path = _path(_link_from_last_email())
    client = Client()
    page = client.get(path)
    assert "Create your maca account" in page.content.decode()
    response = client.post(
        path, {"full_name": "Bo Board", "password1": "a-long-new-password-1", "password2": "a-long-new-password-1"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="bo@testshire.example")
    assert Membership.objects.get(user=user).role == Role.BOARD_MEMBER
    assert client.get("/").status_code == 200
    # The link works once.
    again = Client().get(path)
    assert again.status_code == 410
    assert "This invitation has already been used" in again.content.decode()


def test_a_new_auditor_must_set_up_an_authenticator_before_anything_else(world):
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="al@testshire.example",
        full_name="Al Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    path = _path(_link_from_last_email())
    client = Client()
    client.post(
        path, {"full_name": "Al Auditor", "password1": "a-long-new-password-1", "password2": "a-long-new-password-1"}
    )
    response = client.get("/")
    assert response["Location"] == reverse("mfa_activate_totp")
    assert "Set up your authenticator app" in client.get(response["Location"]).content.decode()


def test_accepting_with_mismatched_passwords_creates_nothing(world):
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="cy@testshire.example",
        full_name="Cy",
        role=Role.BOARD_MEMBER,
    )
    path = _path(_link_from_last_email())
    response = Client().post(
        path, {"full_name": "Cy", "password1": "a-long-new-password-1", "password2": "something-else-entirely"}
    )
    assert "The passwords do not match" in response.content.decode()
    assert not User.objects.filter(email="cy@testshire.example").exists()


def test_an_expired_link_says_so(world):
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="ex@testshire.example",
        full_name="Ex",
        role=Role.BOARD_MEMBER,
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_a_withdrawn_link_says_so(world, client_for):
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="wd@testshire.example",
        full_name="Wd",
        role=Role.BOARD_MEMBER,
    )
    client_for(world["admin"]).post(reverse("accounts:revoke_invitation", args=[invitation.pk]))
    response = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert "This invitation has been withdrawn" in response.content.decode()


def test_someone_with_a_login_elsewhere_accepts_while_signed_in_and_switches(world, client_for):
    otto = world["outsider"]
    _, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=otto.user.email,
        full_name="Otto",
        role=Role.BOARD_MEMBER,
    )
    path = reverse("accounts:accept_invitation", args=[token])
    # Not signed in: asked to sign in first.
    assert "Sign in with it" in Client().get(path).content.decode()
    client = client_for(otto)
    response = client.post(path)
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Testshire Safeguarding Children Partnership" in home
    assert "Switch partnership" in home
    assert Membership.objects.filter(user=otto.user).count() == 2


def test_an_invitation_made_before_the_rule_offers_no_agency_to_a_role_that_has_none(world, client_for):
    """A board member's invitation that names an agency (made before only
    agency roles could) loses the agency on acceptance, so neither the link's
    page nor the people page offers it; an auditor's still says it."""
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="bo@testshire.example",
        full_name="Bo Board",
        role=Role.BOARD_MEMBER,
    )
    path = _path(_link_from_last_email())
    board_invite = Invitation.objects.get(email="bo@testshire.example")
    Invitation.objects.filter(pk=board_invite.pk).update(agency=world.police)  # as made before the rule
    page = Client().get(path).content.decode()
    assert "You have been invited as <strong>Board member</strong>." in page
    assert world.police.name not in page

    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="al@testshire.example",
        full_name="Al Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    assert f"Your role: Agency auditor, {world.police.name}" in SentEmail.objects.latest("sent_at").body
    people = client_for(world["admin"]).get(reverse("accounts:members")).content.decode()
    board_row = people.split("Bo Board", 1)[1].split("</tr>", 1)[0]
    auditor_row = people.split("Al Auditor", 1)[1].split("</tr>", 1)[0]
    assert world.police.name not in board_row and "–" in board_row
    assert world.police.name in auditor_row


def test_an_invitation_accepted_by_someone_given_access_since_changes_nothing(world, client_for):
    """Otto was invited as a board member, then given access as a partnership
    admin another way: the older invitation does not take the admin's role away."""
    from maca.accounts.services import membership_create

    otto = world["outsider"]
    _, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=otto.user.email,
        full_name="Otto",
        role=Role.BOARD_MEMBER,
    )
    membership_create(
        actor=world["admin"].user, user=otto.user, partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN
    )
    response = client_for(otto).post(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "You already have access" in html.unescape(response.content.decode())
    assert Membership.objects.get(user=otto.user, partnership=world.partnership).role == Role.PARTNERSHIP_ADMIN
