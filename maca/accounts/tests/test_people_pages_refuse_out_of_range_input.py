"""Input the database could not hold is refused by the form, in words, never
with an error page: an invited address longer than maca keeps (254
characters), a partnership number larger than any record's."""

from __future__ import annotations

from django.urls import reverse

from maca.accounts.models import Invitation
from maca.accounts.roles import Role
from maca.tests.page import words_shown


def _address(length: int) -> str:
    domain = ".".join(["b" * 60] * 3) + ".uk"
    return "a" * (length - len(domain) - 1) + "@" + domain


def test_an_invited_address_longer_than_maca_keeps_is_refused_on_the_form(world, client_for):
    admin = client_for(world["admin"])
    too_long = _address(300)
    response = admin.post(
        reverse("accounts:invite"), {"full_name": "Long Address", "email": too_long, "role": Role.BOARD_MEMBER}
    )
    assert response.status_code == 200
    page = words_shown(response.content.decode())
    assert "There is a problem" in page
    assert "Enter an e-mail address of 254 characters or fewer" in page
    assert not Invitation.objects.filter(email=too_long).exists()

    longest = _address(254)
    response = admin.post(
        reverse("accounts:invite"), {"full_name": "Long Address", "email": longest, "role": Role.BOARD_MEMBER}
    )
    assert response.status_code == 302
    assert longest in words_shown(admin.get(reverse("accounts:members")).content.decode())


def test_switching_to_a_partnership_number_larger_than_any_says_no_access(world, client_for):
    client = client_for(world["admin"])
    client.raise_request_exception = False
    response = client.post(reverse("accounts:switch_partnership"), {"partnership": "9" * 30}, follow=True)
    assert response.status_code == 200
    page = words_shown(response.content.decode())
    assert "You do not have access to that partnership." in page
    home = words_shown(client.get(reverse("home:index")).content.decode())
    assert world.partnership.name in home
