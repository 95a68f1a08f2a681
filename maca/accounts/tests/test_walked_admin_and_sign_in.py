"""Found walking people's administration, sign-in and the time-out as a new
user would: what the pages say after each step."""

import html
import re
import time

from django.conf import settings
from django.test import Client
from django.urls import reverse

from maca.accounts.middleware import SIGNED_IN_AT_SESSION_KEY
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - hours * 3600
    session.save()


# Signed out at the maximum ------------------------------------------------------------


def test_signed_out_at_the_maximum_the_page_says_so_not_that_maca_was_left_unused(world, client_for):
    client = client_for(world["qa"])
    # The page's countdown ends at the maximum, a moment before the server would end it.
    _signed_in_hours_ago(client, settings.SESSION_MAX_HOURS - 2 / 3600)
    response = client.post(reverse("accounts:signed_out"), {"next": "/returns/"})
    assert response.status_code == 302
    page = _words(client.get(response["Location"]))
    assert "You have been signed out" in page
    assert f"maca signs you out {settings.SESSION_MAX_HOURS} hours after you sign in" in page
    assert "not used it for" not in page
    assert 'href="/accounts/login/?next=/returns/"' in client.get(response["Location"]).content.decode()
    assert client.get(reverse("home:index")).status_code == 302  # signed out for good


def test_signed_out_just_after_the_maximum_the_page_says_so_once(world, client_for):
    client = client_for(world["qa"])
    _signed_in_hours_ago(client, settings.SESSION_MAX_HOURS + 5 / 3600)
    response = client.post(reverse("accounts:signed_out"), {"next": "/returns/"})
    page = _words(client.get(response["Location"]))
    assert f"maca signs you out {settings.SESSION_MAX_HOURS} hours after you sign in" in page
    assert "not used it for" not in page
    # Said once, in the page, not again in a banner above it.
    assert page.count(f"{settings.SESSION_MAX_HOURS} hours after") == 1


def test_signed_out_after_a_pause_the_page_still_gives_the_idle_reason(world, client_for):
    client = client_for(world["qa"])
    _signed_in_hours_ago(client, 1)
    response = client.post(reverse("accounts:signed_out"))
    page = _words(client.get(response["Location"]))
    assert f"not used it for {settings.SESSION_IDLE_MINUTES} minutes" in page
    assert "hours after you sign in" not in page


# An admin's own page --------------------------------------------------------------------


def test_an_admins_own_page_offers_no_remove_access_link_that_would_be_refused(world, client_for):
    admin = client_for(world["admin"])
    own = admin.get(reverse("accounts:member", args=[world["admin"].membership.pk])).content.decode()
    assert reverse("accounts:deactivate_member", args=[world["admin"].membership.pk]) not in own
    assert "You cannot remove your own access" in _words(
        admin.get(reverse("accounts:member", args=[world["admin"].membership.pk]))
    )
    other = admin.get(reverse("accounts:member", args=[world["board"].membership.pk])).content.decode()
    assert reverse("accounts:deactivate_member", args=[world["board"].membership.pk]) in other


# Inviting someone again -------------------------------------------------------------------


def test_inviting_someone_again_says_the_earlier_link_no_longer_works(world, client_for):
    admin = client_for(world["admin"])
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="twice.asked@testshire.example",
        full_name="Twice Asked",
        role=Role.BOARD_MEMBER,
    )
    response = admin.post(
        reverse("accounts:invite"),
        {"full_name": "Twice Asked", "email": "Twice.Asked@testshire.example", "role": Role.BOARD_MEMBER},
        follow=True,
    )
    page = _words(response)
    assert "Invitation for twice.asked@testshire.example made" in page
    assert "It replaces the earlier invitation: the link in the earlier e-mail no longer works." in page


def test_a_first_invitation_says_nothing_about_an_earlier_one(world, client_for):
    admin = client_for(world["admin"])
    response = admin.post(
        reverse("accounts:invite"),
        {"full_name": "Once Asked", "email": "once.asked@testshire.example", "role": Role.BOARD_MEMBER},
        follow=True,
    )
    page = _words(response)
    assert "Invitation for once.asked@testshire.example made" in page
    assert "earlier invitation" not in page


# Back links on one's own sign-in pages -------------------------------------------------------


def test_changing_the_password_and_sign_in_security_lead_back_to_the_account(world, client_for):
    client = client_for(world["auditor"])
    for name in ("account_change_password", "mfa_index"):
        page = client.get(reverse(name)).content.decode()
        assert re.search(
            r'class="govuk-back-link"[^>]*href="/account/"|href="/account/"[^>]*class="govuk-back-link"', page
        ), name


# Someone else's invitation opened while signed in ------------------------------------------


def test_an_invitation_opened_while_signed_in_as_someone_else_warns_before_the_account_is_made(world, client_for):
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.member@testshire.example",
        full_name="New Member",
        role=Role.BOARD_MEMBER,
    )
    url = reverse("accounts:accept_invitation", args=[token])
    # The admin checking the link from the e-mails page, say.
    page = _words(client_for(world["admin"]).get(url))
    assert (
        f"You are signed in as {world['admin'].user.email}. This invitation is for new.member@testshire.example: "
        "only they should create this account. Creating it signs you out." in page
    )
    assert "You are signed in as" not in _words(Client().get(url))


# Switching partnership with only one ------------------------------------------------------


def test_the_switch_page_of_someone_with_one_partnership_does_not_say_they_have_more(world, client_for):
    page = _words(client_for(world["qa"]).get(reverse("accounts:switch_partnership")))
    assert "You have access to more than one partnership" not in page
    assert "You have access to one partnership only, so there is no other to switch to." in page


# Withdrawing an invitation no longer waiting ----------------------------------------------


def _invited(world, email="late.click@testshire.example"):
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name="Late Click",
        role=Role.BOARD_MEMBER,
    )
    return invitation, token


def test_withdrawing_an_invitation_twice_says_it_was_already_withdrawn(world, client_for):
    invitation, _token = _invited(world)
    admin = client_for(world["admin"])
    url = reverse("accounts:revoke_invitation", args=[invitation.pk])
    first = _words(admin.post(url, follow=True))
    assert "The invitation to late.click@testshire.example has been withdrawn." in first
    # The same button pressed again, in another tab.
    response = admin.post(url, follow=True)
    assert response.status_code == 200
    page = _words(response)
    assert "The invitation to late.click@testshire.example had already been withdrawn. Nothing was changed." in page


def test_withdrawing_an_invitation_accepted_meanwhile_says_so(world, client_for):
    invitation, token = _invited(world)
    admin = client_for(world["admin"])
    Client().post(
        reverse("accounts:accept_invitation", args=[token]),
        {"full_name": "Late Click", "password1": "a-long-enough-phrase-42", "password2": "a-long-enough-phrase-42"},
    )
    response = admin.post(reverse("accounts:revoke_invitation", args=[invitation.pk]), follow=True)
    assert response.status_code == 200
    assert "late.click@testshire.example has already accepted the invitation. Nothing was changed." in _words(response)


def test_another_partnerships_invitation_cannot_be_withdrawn(world, client_for):
    invitation, _token = _invited(world)
    outsider = client_for(world["outsider"])
    assert outsider.post(reverse("accounts:revoke_invitation", args=[invitation.pk])).status_code == 404
