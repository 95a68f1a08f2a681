"""Every request renews its session (the idle time-out slides), but a request
that changed nothing in it never writes back the copy it read: two requests at
once (a save, and the keep-alive or live suggestions sent beside it) keep each
other's changes (accounts/session_store.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from maca.accounts.session_store import SessionStore


def test_a_message_saved_beside_a_keep_alive_is_still_shown(world, client_for):
    client = client_for(world["qa"])
    key = client.session.session_key
    # The keep-alive that typing sends reads the session before the save below...
    beside = SessionStore(key)
    assert "_auth_user_id" in beside
    response = client.post(reverse("accounts:switch_partnership"), {"partnership": "999999"})
    assert response.status_code == 302
    # ...and is renewed after it, as its request ends.
    beside.save()
    page = client.get(response["Location"]).content.decode()
    assert "You do not have access to that partnership." in page


def test_a_request_that_changed_nothing_still_moves_the_session_on(world, client_for):
    client = client_for(world["auditor"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    store = SessionStore(key)
    assert "_auth_user_id" in store
    store.save()
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)


def test_a_changed_session_is_written_and_a_signed_out_one_is_not_brought_back(world, client_for):
    client = client_for(world["lead"])
    key = client.session.session_key
    store = SessionStore(key)
    store["maca_test_mark"] = "kept"
    store.save()
    assert SessionStore(key).get("maca_test_mark") == "kept"

    stale = SessionStore(key)
    assert "_auth_user_id" in stale
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    with pytest.raises(UpdateError):  # the middleware answers "session deleted", as Django's does
        stale.save()
    assert not Session.objects.filter(session_key=key).exists()


def test_an_expired_session_is_never_renewed(world, client_for):
    """Saved untouched after its time-out (nothing read it first), it stays ended."""
    client = client_for(world["qa"])
    key = client.session.session_key
    ended = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=ended)
    with pytest.raises(UpdateError):
        SessionStore(key).save()
    assert Session.objects.get(session_key=key).expire_date == ended
    assert client.get(reverse("home:index")).status_code == 302  # signed out
