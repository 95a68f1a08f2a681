"""A session ends some hours after sign-in however busy it has been, besides
ending after a period without activity."""

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maca.accounts.middleware import SIGNED_IN_AT_SESSION_KEY
from maca.accounts.tests.factories import PASSWORD
from maca.core.tests.test_settings import PRODUCTION, _manage


def _signed_in_hours_ago(client: Client, hours: float) -> None:
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - hours * 3600
    session.save()


def test_the_default_is_a_working_day():
    assert 10 <= settings.SESSION_MAX_HOURS <= 12
    assert settings.SESSION_IDLE_MINUTES * 60 == settings.SESSION_COOKIE_AGE


def test_signing_in_starts_the_clock(world):
    client = Client()
    before = time.time()
    client.post(reverse("account_login"), {"login": world["board"].user.email, "password": PASSWORD})
    assert client.session[SIGNED_IN_AT_SESSION_KEY] >= before


def test_a_busy_session_ends_after_the_maximum_and_says_why(world, client_for):
    client = client_for(world["qa"])
    _signed_in_hours_ago(client, settings.SESSION_MAX_HOURS - 0.1)
    assert client.get(reverse("pool:index")).status_code == 200

    _signed_in_hours_ago(client, settings.SESSION_MAX_HOURS + 0.1)
    response = client.get(reverse("pool:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"])
    assert f"you are signed out {settings.SESSION_MAX_HOURS} hours after signing in" in page.content.decode()
    # Signed out for good: nothing of the old session opens a page.
    assert client.get(reverse("home:index")).status_code == 302


def test_the_maximum_is_configurable(world, client_for, settings):
    settings.SESSION_MAX_HOURS = 1
    client = client_for(world["board"])
    _signed_in_hours_ago(client, 1.5)
    assert client.get(reverse("home:index")).status_code == 302


@pytest.mark.parametrize(("value", "ok"), [("12", True), ("0", False)])
def test_the_maximum_comes_from_the_environment(value, ok):
    result = _manage(
        {**PRODUCTION, "MACA_SESSION_MAX_HOURS": value},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_MAX_HOURS)",
    )
    if ok:
        assert result.stdout.strip().splitlines()[-1] == value
    else:
        assert "MACA_SESSION_MAX_HOURS must be 1 or more" in result.stderr
