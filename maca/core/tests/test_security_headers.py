"""No page is stored by a browser or a proxy; browser features maca does not
use are switched off."""

import pytest
from django.test import Client
from django.urls import reverse

from maca.core.security_headers import DENIED_FEATURES


def _never_stored(response) -> None:
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "must-revalidate", "max-age=0"} <= cache_control
    assert response["Pragma"] == "no-cache"
    assert "Expires" in response


@pytest.mark.parametrize("persona", ["qa", "lead", "board", "admin"])
def test_signed_in_pages_are_never_stored(world, client_for, persona):
    client = client_for(world[persona])
    for url in [reverse("home:index"), reverse("accounts:account")]:
        _never_stored(client.get(url))


def test_case_pages_are_never_stored(world, client_for):
    response = client_for(world["qa"]).get(reverse("pool:index"))
    assert response.status_code == 200
    _never_stored(response)


def test_the_sign_in_page_and_errors_are_never_stored_either(db):
    _never_stored(Client().get(reverse("account_login")))
    _never_stored(Client().get("/no-such-page/"))


def test_signing_out_asks_the_browser_to_drop_its_cache(world, client_for):
    response = client_for(world["board"]).post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


@pytest.mark.parametrize("signed_in", [True, False])
def test_every_page_denies_browser_features_maca_does_not_use(world, client_for, signed_in):
    client = client_for(world["qa"]) if signed_in else Client()
    response = client.get(reverse("home:index") if signed_in else reverse("account_login"))
    policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"
    assert set(policy) == set(DENIED_FEATURES)
