"""Signing in: password, second factor, throttling, lock-out, deactivation, idle time-out."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maca.accounts.services import membership_deactivate
from maca.accounts.tests.factories import PASSWORD, TOTP_SECRET, totp_code
from maca.audit_trail.models import AuditEvent
from maca.tests.page import words_shown


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_role_with_case_data_is_asked_for_a_code_after_the_password(world):
    client = Client()
    response = sign_in(client, world["qa"].user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the home page still sends them to sign in.
    assert client.get("/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "QA officer" in home.content.decode()
    assert AuditEvent.objects.filter(action="user.signed_in", actor=world["qa"].user).exists()


def test_a_wrong_code_is_refused_with_a_clear_message(world):
    client = Client()
    sign_in(client, world["qa"].user.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert "<title>Error: Enter your security code – maca</title>" in response.content.decode()


def test_a_board_member_signs_in_with_a_password_only(world):
    client = Client()
    response = sign_in(client, world["board"].user.email)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_says_so_in_the_error_summary(world):
    response = sign_in(Client(), world["board"].user.email, "not-the-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The e-mail address or password is not right" in body
    assert "<title>Error: Sign in to maca – maca</title>" in body


def test_empty_fields_get_one_message_each(world):
    response = Client().post(reverse("account_login"), {})
    body = response.content.decode()
    assert "Enter your e-mail address" in body
    assert "Enter your password" in body


def test_failed_attempts_are_throttled_then_locked_out(world, settings):
    from django.core.cache import cache

    email = world["board"].user.email
    client = Client()
    # allauth slows an attacker down: after 5 failures, 5 minutes' wait.
    for _ in range(5):
        sign_in(client, email, "wrong-password")
    throttled = sign_in(client, email, "wrong-password")
    assert "Too many failed attempts to sign in. Wait 5 minutes" in throttled.content.decode()
    cache.clear()  # five minutes later
    # After 10 failures in all, django-axes locks this account out on this device.
    for _ in range(settings.AXES_FAILURE_LIMIT - 5):
        last = sign_in(client, email, "wrong-password")
    assert last.status_code == 429
    cache.clear()
    locked = sign_in(client, email)  # even the right password
    assert locked.status_code == 429
    assert "Sign-in is locked for 1 hour" in locked.content.decode()
    assert AuditEvent.objects.filter(action="user.sign_in_failed", actor_label=email).count() >= 10
    # Another device is not locked out.
    other_device = Client(REMOTE_ADDR="10.9.8.7")
    assert sign_in(other_device, email).status_code == 302


def test_someone_whose_access_was_removed_cannot_sign_in_and_is_told_so(world):
    board = world["board"]
    membership_deactivate(
        actor=world["admin"].user,
        membership=board.membership,
        reason="Left the board",
        expected_version=board.membership.version,
    )
    response = sign_in(Client(), board.user.email)
    assert response.status_code == 200
    assert "Your access to maca has been removed" in response.content.decode()


def test_a_signed_in_person_is_signed_out_when_their_access_is_removed(world, client_for):
    board = world["board"]
    client = client_for(board)
    assert client.get("/").status_code == 200
    membership_deactivate(
        actor=world["admin"].user,
        membership=board.membership,
        reason="Left the board",
        expected_version=board.membership.version,
    )
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Your access to maca has been removed" in response.content.decode()


def test_a_user_switched_off_by_the_platform_sees_the_inactive_page(world):
    user = world["board"].user
    user.is_active = False
    user.save()
    response = sign_in(Client(), user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    page = Client().get(reverse("account_inactive"))
    shown = words_shown(page.content.decode())
    assert "You cannot sign in with this account Your maca account has been switched off" in shown


def test_a_switched_off_account_sees_the_inactive_page_even_once_its_access_was_removed_too(world):
    """None of a switched-off account's memberships can act
    (``Membership.objects.able_to_act``): it is told its account is switched
    off, not that a partnership removed its access, whatever its memberships."""
    board = world["board"]
    membership_deactivate(
        actor=world["admin"].user,
        membership=board.membership,
        reason="Left the board",
        expected_version=board.membership.version,
    )
    board.user.is_active = False
    board.user.save()
    response = sign_in(Client(), board.user.email)
    assert response.status_code == 302 and response["Location"] == reverse("account_inactive")
    page = Client().get(reverse("account_inactive")).content.decode()
    assert "Your maca account has been switched off" in page
    assert "Your access to maca has been removed" not in page


def test_a_case_data_role_without_an_authenticator_must_set_one_up(world, client_for):
    from allauth.mfa.models import Authenticator

    qa = world["qa"]
    Authenticator.objects.filter(user=qa.user).delete()
    client = Client()
    sign_in(client, qa.user.email)
    response = client.get(reverse("home:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert "Set up your authenticator app" in page.content.decode()


def test_sessions_end_after_the_idle_time():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 <= 60 * 60


@pytest.mark.parametrize("path", ["/", "/manage/people/", "/account/"])
def test_every_page_needs_sign_in(path, db):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
