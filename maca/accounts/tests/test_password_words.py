"""Every allauth form that takes an e-mail address or sets a password speaks
as maca does: its label, and Django's password checks in maca's words."""

import html
import re

from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import PASSWORD


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_reset_form_asks_for_the_e_mail_address_in_maca_words(db):
    client = Client()
    page = client.get(reverse("account_reset_password")).content.decode()
    assert re.search(r"<label[^>]*>\s*E-mail address\s*</label>", page)
    words = _words(client.post(reverse("account_reset_password"), {"email": ""}))
    assert "Enter your e-mail address" in words and "This field is required" not in words
    words = _words(client.post(reverse("account_reset_password"), {"email": "not an address"}))
    assert "Enter an e-mail address in the right form, like name@example.org" in words


def test_changing_a_password_to_a_weak_one_is_told_in_maca_words(world, client_for):
    client = client_for(world["qa"])
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "12345", "password2": "12345"},
    )
    words = _words(response)
    assert "Your password must be at least 12 characters" in words
    assert "Your password must not be only numbers" in words
    assert "This password is too short" not in words and "be entirely numeric" not in words


def test_the_change_password_page_is_maca_s_own(world, client_for):
    client = client_for(world["qa"])
    words = _words(client.get(reverse("account_change_password")))
    assert "Change your password" in words and "Current password" in words and "Confirm the new password" in words
    assert "Change Password" not in words and "New Password (again)" not in words
    assert "can’t be entirely numeric" not in words and "At least 12 characters." in words
    words = _words(
        client.post(
            reverse("account_change_password"),
            {"oldpassword": "not it", "password1": "a long enough passphrase 7", "password2": "another one 8"},
        )
    )
    assert "Your current password is not right" in words
    assert "The passwords do not match" in words and "You must type the same password" not in words


def test_a_used_reset_link_says_so_in_plain_words(db):
    words = _words(Client().get(reverse("account_reset_password_from_key", args=["1", "set-password"]), follow=True))
    assert "This link cannot be used" in words and "Bad Token" not in words
    assert "Ask for a new link" in words
