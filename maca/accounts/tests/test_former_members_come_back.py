"""Someone whose access was removed comes back. In the same partnership the
admin gives it back from their page (an invitation would only send them to a
sign-in that refuses them); someone with no access anywhere, invited again
(by another partnership, or to another agency once theirs was deactivated),
signs in from the invitation's page to accept it, and reaches nothing else
until they have."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from maca.accounts.middleware import DEACTIVATED_MESSAGE
from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create, membership_deactivate
from maca.accounts.tests.factories import PASSWORD, TOTP_SECRET, totp_code
from maca.partnerships.services import agency_set_active
from maca.tests.page import words_shown


def _words(response) -> str:
    return words_shown(response.content.decode())


def _remove(world, persona, reason: str = "Term ended") -> None:
    membership = persona.membership
    membership.refresh_from_db()
    membership_deactivate(
        actor=world["admin"].user, membership=membership, reason=reason, expected_version=membership.version
    )


def _sign_in_from_the_invitation(link: str, email: str, *, code: bool = False) -> Client:
    person = Client()
    page = _words(person.get(link))
    assert "Sign in with it, then open the link in the e-mail again" in page
    response = person.post(f"{reverse('account_login')}?next={link}", {"login": email, "password": PASSWORD})
    if code:
        assert response["Location"] == reverse("mfa_authenticate")
        response = person.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302 and response["Location"] == link
    return person


def test_inviting_back_someone_whose_access_was_removed_says_to_give_it_again_and_that_works(world, client_for):
    board = world["board"]  # in Testshire only
    _remove(world, board)
    admin = client_for(world["admin"])

    response = admin.post(
        reverse("accounts:invite"),
        {"full_name": board.user.full_name, "email": board.user.email, "role": Role.QA_OFFICER},
    )
    assert response.status_code == 200
    page = _words(response)
    assert "There is a problem" in page
    assert (
        "This person’s access to the partnership was removed. To give it back, go to People, choose "
        "‘Access removed’, select their name and press ‘Give access again’; you can then change their role there"
    ) in page
    assert not Invitation.objects.filter(email=board.user.email).exists()

    # As the message says.
    people = _words(admin.get(reverse("accounts:members") + "?status=deactivated"))
    assert board.user.full_name in people
    member_page = reverse("accounts:member", args=[board.membership.pk])
    assert "Give access again" in _words(admin.get(member_page))
    board.membership.refresh_from_db()
    admin.post(reverse("accounts:reactivate_member", args=[board.membership.pk]), {"version": board.membership.version})
    assert f"{board.user.full_name} has access again." in _words(admin.get(member_page))

    # She signs in as before.
    bea = Client()
    response = bea.post(reverse("account_login"), {"login": board.user.email, "password": PASSWORD}, follow=True)
    assert DEACTIVATED_MESSAGE not in _words(response)
    assert world.partnership.name in _words(bea.get(reverse("home:index")))


def test_someone_with_no_access_anywhere_invited_by_another_partnership_signs_in_to_accept(world, client_for):
    board = world["board"]
    _remove(world, board)
    _invitation, token = invitation_create(
        actor=world["outsider"].user,
        partnership=world.other_partnership,
        email=board.user.email,
        full_name=board.user.full_name,
        role=Role.BOARD_MEMBER,
    )
    link = reverse("accounts:accept_invitation", args=[token])

    # Signing in other than from the invitation is still refused.
    refused = Client().post(reverse("account_login"), {"login": board.user.email, "password": PASSWORD})
    assert DEACTIVATED_MESSAGE in _words(refused)

    bea = _sign_in_from_the_invitation(link, board.user.email)
    assert "Accept and switch to this partnership" in _words(bea.get(link))
    response = bea.post(link, follow=True)
    assert f"You now have access to {world.other_partnership.name}." in _words(response)
    assert Membership.objects.get(user=board.user, partnership=world.other_partnership).is_active
    assert not Membership.objects.get(pk=board.membership.pk).is_active  # Testshire's removal stands


def test_signed_in_to_accept_reaches_nothing_else_until_accepted(world):
    board = world["board"]
    _remove(world, board)
    _invitation, token = invitation_create(
        actor=world["outsider"].user,
        partnership=world.other_partnership,
        email=board.user.email,
        full_name=board.user.full_name,
        role=Role.BOARD_MEMBER,
    )
    link = reverse("accounts:accept_invitation", args=[token])
    bea = _sign_in_from_the_invitation(link, board.user.email)
    response = bea.get(reverse("home:index"), follow=True)
    assert DEACTIVATED_MESSAGE in _words(response)
    assert "_auth_user_id" not in bea.session
    assert "Sign in with it, then open the link in the e-mail again" in _words(bea.get(link))


def test_someone_whose_agency_was_deactivated_is_invited_to_another_and_signs_in_to_accept(world, client_for):
    auditor = world["auditor"]  # at Testshire Police, in Testshire only
    police = world.police
    police.refresh_from_db()
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)
    assert not Membership.objects.get(pk=auditor.membership.pk).is_active
    admin = client_for(world["admin"])
    response = admin.post(
        reverse("accounts:invite"),
        {
            "full_name": auditor.user.full_name,
            "email": auditor.user.email,
            "role": Role.AGENCY_AUDITOR,
            "agency": world.health.pk,
        },
    )
    assert response.status_code == 302  # their page cannot give back access through a deactivated agency
    token = Invitation.objects.get(email=auditor.user.email).link_token()
    link = reverse("accounts:accept_invitation", args=[token])

    person = _sign_in_from_the_invitation(link, auditor.user.email, code=True)
    person.post(link)
    membership = Membership.objects.get(pk=auditor.membership.pk)
    assert membership.is_active and membership.agency == world.health
    people = _words(admin.get(reverse("accounts:members")))
    assert f"{auditor.user.full_name} {auditor.user.email} Agency auditor {world.health.name} Active" in people
