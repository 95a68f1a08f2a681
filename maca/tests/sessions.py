"""Ending a session as time would, for the tests of what is kept when it ends."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone


def end_every_session() -> None:
    """As half an hour without a click would: the browser still sends its cookie."""
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))


def new_code() -> None:
    """An authenticator code is accepted once; signing in again takes the next one."""
    cache.clear()
