"""The time-out warning (WCAG 2.2.1): every page of a signed-in person says how
long the session has; "Stay signed in" renews it; the signed-out page ends it
and says why (the browser side: maca/tests/browser/test_accessibility_journey.py)."""

import html
import re
import time
import urllib.parse
from html.parser import HTMLParser

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from maca.accounts.middleware import SIGNED_IN_AT_SESSION_KEY


class _Dialog(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "dialog" and dict(attrs).get("id") == "maca-timeout":
            self.attrs = dict(attrs)


def _dialog(page: str) -> dict | None:
    """The time-out dialog's attributes, and its words as ``text``."""
    parser = _Dialog()
    parser.feed(page)
    if parser.attrs is None:
        return None
    inner = re.search(r"<dialog[^>]*>(.*?)</dialog>", page, re.S).group(1)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
    return {**parser.attrs, "text": text}


def test_every_page_of_a_signed_in_person_carries_the_warning_and_its_figures(world, client_for):
    client = client_for(world["lead"])
    dialog = _dialog(client.get(reverse("home:index")).content.decode())
    assert dialog is not None
    assert int(dialog["data-seconds-left"]) == settings.SESSION_IDLE_MINUTES * 60
    assert int(dialog["data-warning-seconds"]) == settings.SESSION_WARNING_SECONDS
    assert dialog["data-keep-alive-url"] == reverse("accounts:keep_alive")
    assert dialog["text"].startswith("You’re about to be signed out For your security, we will sign you out in")
    assert "Stay signed in" in dialog["text"]
    assert _dialog(Client().get(reverse("core:accessibility")).content.decode()) is None


def test_near_the_maximum_the_page_counts_down_to_it_rather_than_the_idle_time(world, client_for):
    client = client_for(world["qa"])
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - settings.SESSION_MAX_HOURS * 3600 + 300
    session.save()
    dialog = _dialog(client.get(reverse("home:index")).content.decode())
    assert 290 <= int(dialog["data-seconds-left"]) <= 300
    # Staying signed in cannot help then: the warning says so, and offers no button that would not work.
    assert f"You signed in {settings.SESSION_MAX_HOURS} hours ago" in dialog["text"]
    assert "Stay signed in" not in dialog["text"]


def test_stay_signed_in_renews_the_session(world, client_for):
    client = client_for(world["auditor"])
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    time.sleep(1.1)
    answer = client.post(reverse("accounts:keep_alive")).json()
    assert answer == {"signed_in": True, "seconds_left": settings.SESSION_IDLE_MINUTES * 60}
    assert Session.objects.get(session_key=key).expire_date > before


def test_keep_alive_is_a_post_and_says_when_the_session_has_ended(world, client_for):
    client = client_for(world["auditor"])
    assert client.get(reverse("accounts:keep_alive")).status_code == 405
    assert Client().post(reverse("accounts:keep_alive")).json() == {"signed_in": False, "seconds_left": 0}


def test_the_signed_out_page_ends_the_session_and_leads_back(world, client_for):
    client = client_for(world["auditor"])
    response = client.post(reverse("accounts:signed_out"), {"next": "/returns/"})
    assert (
        response.status_code == 302 and response["Location"] == reverse("accounts:signed_out") + "?next=%2Freturns%2F"
    )
    page = client.get(response["Location"]).content.decode()
    assert "You have been signed out" in page
    assert f"not used it for {settings.SESSION_IDLE_MINUTES} minutes" in page
    assert 'href="/accounts/login/?next=/returns/"' in page
    assert client.get(reverse("home:index")).status_code == 302  # signed out for good


def test_the_signed_out_page_never_leads_elsewhere(world):
    page = Client().get(reverse("accounts:signed_out"), {"next": "https://elsewhere.example/"}).content.decode()
    assert "elsewhere.example" not in page


def test_a_session_kept_alive_in_another_tab_goes_back_to_work(world, client_for):
    client = client_for(world["board"])
    response = client.get(reverse("accounts:signed_out"), {"next": "/programme/"})
    assert response.status_code == 302 and response["Location"] == "/programme/"


def test_a_warning_too_short_or_longer_than_the_session_is_refused():
    from maca.core.tests.test_settings import _manage

    for seconds, idle in (("10", "30"), ("1800", "30")):
        env = {"MACA_ENVIRONMENT": "test", "MACA_SESSION_WARNING_SECONDS": seconds, "MACA_SESSION_IDLE_MINUTES": idle}
        result = _manage(env, "check")
        assert result.returncode != 0
        assert "MACA_SESSION_WARNING_SECONDS must be 20 or more, and less than the idle time-out" in result.stderr


def test_signing_in_again_comes_back_to_the_whole_address_filters_and_all(world, client_for):
    client = client_for(world["admin"])
    address = "/manage/audit-log/?actor=1&action=case.viewed"
    response = client.post(reverse("accounts:signed_out"), {"next": address})
    page = html.unescape(client.get(response["Location"]).content.decode())
    link = re.search(r'href="(/accounts/login/\?next=[^"]*)"', page).group(1)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["next"] == [address]


def test_the_signed_out_page_says_one_minute_as_a_person_would(world, settings):
    settings.SESSION_IDLE_MINUTES = 1
    page = html.unescape(Client().get(reverse("accounts:signed_out")).content.decode())
    assert "when you have not used it for 1 minute." in page
