"""Found walking sign-in as a new person: the password reset e-mails were
allauth's own ("Hello from 127.0.0.1!", "Password Reset Email", a link to a
sign-up page that is closed), and setting up a first authenticator said the
person's "old" recovery codes no longer work, when they never had any."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import UserFactory, totp_code
from maca.notifications.models import SentEmail
from maca.tests.page import words_shown


def _last_email_to(address: str) -> SentEmail:
    return SentEmail.objects.filter(to=address).latest("pk")


def test_the_password_reset_e_mail_speaks_in_maca_words(db):
    person = UserFactory(email="reset.me@testshire.example", full_name="Reset Me")
    Client().post(reverse("account_reset_password"), {"email": person.email})
    email = _last_email_to(person.email)
    assert email.subject == "maca: Choose a new password"
    assert email.body.startswith("Hello Reset Me,")
    link = re.search(r"https?://\S+/password/reset/key/\S+/", email.body).group(0)
    assert "It works once, for 3 days" in email.body
    assert "If you did not ask for it, you can ignore this e-mail: your password has not changed." in email.body
    assert "Hello from" not in email.body and "Thank you for using" not in email.body
    # The link in it opens the page to choose the new password.
    client = Client()
    page = words_shown(client.get(link, follow=True).content.decode())
    assert "Choose a new password" in page


def test_asking_to_reset_for_an_address_with_no_account_never_offers_a_sign_up(db):
    Client().post(reverse("account_reset_password"), {"email": "no.account@testshire.example"})
    email = _last_email_to("no.account@testshire.example")
    assert email.subject == "maca: You do not have a maca account"
    assert "/accounts/signup/" not in email.body and "sign up" not in email.body
    assert "There is no maca account for no.account@testshire.example." in email.body
    assert "ask your partnership’s business unit to invite you" in email.body
    assert "Hello from" not in email.body and "our database" not in email.body


@pytest.mark.django_db(transaction=True)
def test_a_new_person_setting_up_their_app_is_not_told_their_old_recovery_codes_stopped_working(world):
    """Committed for real: allauth adds its messages once the transaction commits."""
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.auditor@testshire.example",
        full_name="New Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    client = Client()
    password = "a-long-new-password-1"
    client.post(
        reverse("accounts:accept_invitation", args=[token]),
        {"full_name": "New Auditor", "password1": password, "password2": password},
    )
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    page = words_shown(response.content.decode())
    assert "Your recovery codes" in page
    assert "Your authenticator app is set up." in page
    assert "old ones no longer work" not in page
    assert "You have new recovery codes" not in page


def test_an_invitation_to_someone_with_an_account_asks_them_to_sign_in_not_to_create_one(world):
    """Found on the same walk: the Fenmoor admin, invited to a second
    partnership, was told to "Create your account", while the link's page told
    them they already had one and must sign in."""
    person = UserFactory(email="has.account@testshire.example", full_name="Has Account")
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="Has.Account@testshire.example",
        full_name="Has Account",
        role=Role.BOARD_MEMBER,
    )
    email = SentEmail.objects.filter(kind="invitation").latest("pk")
    assert email.to.lower() == person.email
    assert "You already have a maca account with this e-mail address. Sign in to it" in email.body
    assert "Create your account" not in email.body


def test_an_invitation_to_someone_new_still_asks_them_to_create_their_account(world):
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="brand.new@testshire.example",
        full_name="Brand New",
        role=Role.BOARD_MEMBER,
    )
    email = SentEmail.objects.get(kind="invitation", to="brand.new@testshire.example")
    assert "Create your account with this link. It works once, for 7 days:" in email.body
    assert "already have a maca account" not in email.body
