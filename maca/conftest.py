"""Fixtures shared by every app's tests. Personas are described in
maca/tests/personas.py."""

from __future__ import annotations

import pytest
from django.test import Client

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _keep_sent_email(settings):
    """Keep e-mail in the database, as development does, so that tests read
    what a partnership admin would read in the product."""
    settings.EMAIL_BACKEND = "maca.notifications.backends.StoredEmailBackend"


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(db):
    """A signed-in browser session for a persona (second factor already passed)."""

    def make(persona) -> Client:
        return sign_in_with_second_factor(Client(), persona.user)

    return make


@pytest.fixture
def admin_client_of(world, client_for):
    return client_for(world["admin"])
