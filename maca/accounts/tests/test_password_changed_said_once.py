"""Found in a QA walk: after choosing a new password from a reset link, the
page said "Your password has been changed" twice, in a banner and again as
its heading. It says it once, as its heading."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import PASSWORD
from maca.tests.page import words_shown

NEW = "another-long-passphrase-27"


def test_the_page_after_a_reset_says_the_password_is_changed_once(world):
    user = world["board"].user
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    client = Client()
    form_page = client.get(link, follow=True)
    done = client.post(form_page.redirect_chain[-1][0], {"password1": NEW, "password2": NEW}, follow=True)
    # The page's body, as read on the screen (the browser tab's title aside).
    words = words_shown(done.content.decode().split("<main", 1)[1])
    assert words.count("Your password has been changed") == 1, words
    assert "Sign in with your new password" in words


def test_changing_ones_password_while_signed_in_still_says_so(world, client_for):
    client = client_for(world["board"])
    done = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
        follow=True,
    )
    assert "Your password has been changed" in words_shown(done.content.decode())
