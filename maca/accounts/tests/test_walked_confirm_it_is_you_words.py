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


def test_the_forgotten_password_link_follows_the_password_box_and_the_button(world, client_for):
    """Found on a later walk: the link sat in the password box's hint, above
    the box, and was read out as the box's description. As on the sign-in
    page it now comes after the button, and the box has no hint."""
    import lxml.html

    client = client_for(world["admin"])
    for response in (
        client.get(reverse("account_reauthenticate")),
        client.post(reverse("account_reauthenticate"), {"password": ""}),
    ):
        main = lxml.html.fromstring(response.content.decode()).xpath("//main")[0]
        order = list(main.iter())
        box = main.xpath('.//input[@name="password"]')[0]
        button = main.xpath('.//button[@type="submit"]')[0]
        links = main.xpath('.//a[normalize-space()="I have forgotten my password"]')
        assert len(links) == 1
        assert order.index(main.xpath(".//h1")[0]) < order.index(box) < order.index(button) < order.index(links[0])
        assert "hint" not in (box.get("aria-describedby") or "")


def test_an_empty_password_to_confirm_its_you_says_enter_your_password(world, client_for):
    """Found on the same walk: Django's "This field is required." where the
    sign-in page says "Enter your password"."""
    client = client_for(world["admin"])
    page = words_shown(client.post(reverse("account_reauthenticate"), {"password": ""}).content.decode())
    assert "There is a problem Enter your password" in page
    assert "This field is required" not in page


def test_an_empty_code_says_what_to_enter_on_both_code_pages(world, client_for):
    """Found on the same walk: an empty code box, after the password at sign-in
    or to confirm it's you, said Django's "This field is required."."""
    from django.test import Client

    from maca.accounts.tests.test_sign_in import sign_in

    signing_in = Client()
    sign_in(signing_in, world["qa"].user.email)
    confirming = client_for(world["admin"])
    for response in (
        signing_in.post(reverse("mfa_authenticate"), {"code": ""}),
        confirming.post(reverse("mfa_reauthenticate"), {"code": ""}),
    ):
        page = words_shown(response.content.decode())
        assert "There is a problem Enter the 6-digit code from your authenticator app, or a recovery code" in page
        assert "This field is required" not in page


def test_an_empty_code_when_setting_up_the_authenticator_says_what_to_enter(world):
    """Setting up the app (a board member, who signs in without one until they
    choose to) said "This field is required." for an empty code box."""
    from django.test import Client

    from maca.accounts.tests.factories import PASSWORD

    client = Client()
    client.post(reverse("account_login"), {"login": world["board"].user.email, "password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    page = words_shown(client.post(reverse("mfa_activate_totp"), {"code": ""}).content.decode())
    assert "There is a problem Enter the 6-digit code your authenticator app shows" in page
    assert "This field is required" not in page
