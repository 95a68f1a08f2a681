"""Found walking a new admin's sign-in security: the "Confirm it’s you" pages
spoke allauth's words, "Forgot your password?" and "Use authenticator app or
code", where the sign-in pages say "I have forgotten my password"."""

from __future__ import annotations

from django.urls import reverse

from maca.tests.page import words_shown


def test_the_password_page_to_confirm_its_you_speaks_in_maca_words(world, client_for):
    client = client_for(world["admin"])
    page = words_shown(client.get(reverse("account_reauthenticate")).content.decode())
    assert "Forgot your password?" not in page
    assert "I have forgotten my password" in page
    assert "Use authenticator app or code" not in page
    assert "Enter a code from your authenticator app, or a recovery code" in page


def test_the_code_page_to_confirm_its_you_offers_the_password_in_maca_words(world, client_for):
    client = client_for(world["admin"])
    page = words_shown(client.get(reverse("mfa_reauthenticate")).content.decode())
    assert "Use your password" not in page
    assert "Enter your password instead" in page


def test_the_sign_in_page_keeps_one_link_for_a_forgotten_password(db, client):
    page = words_shown(client.get(reverse("account_login")).content.decode())
    assert page.count("I have forgotten my password") == 1
    assert "Forgot your password?" not in page
