"""Fixtures shared by every app's tests. Personas are described in
maca/tests/personas.py."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.tests.personas import World, build_world
from maca.tests.url_expectations import STORED_EMAIL


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """On SQLite the test database is a file rather than memory, so that a test
    can start real worker processes against it (maca/operations/tests).

    Each thread of the test process keeps one set of database connections
    (:func:`_connections_per_thread`)."""
    from django.conf import settings

    _connections_per_thread()

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
        # One file per run, so that two runs in the same checkout never share it.
        test["NAME"] = str(Path(tempfile.gettempdir()) / f"maca-test-{os.getpid()}.sqlite3")


def pytest_collection_modifyitems(config, items):
    """Only the browser journeys may use pytest-playwright's fixtures. A test
    elsewhere that names a parameter ``page`` gets its ``page`` fixture, and
    with it a ``[chromium]`` parameter, Playwright's event loop and a place
    among the journeys: name such a parameter otherwise."""
    strays = [
        item.nodeid
        for item in items
        if "tests/browser/" not in str(item.fspath)
        and "browser_name" in getattr(getattr(item, "callspec", None), "params", {})
    ]
    if strays:
        raise pytest.UsageError("Playwright's fixtures used outside maca/tests/browser/: " + ", ".join(strays[:5]))


def _connections_per_thread() -> None:
    """Keep Django's connections per thread, whether or not an event loop is
    marked as running in the thread.

    Django keeps each thread's connections in asgiref's thread-critical
    ``Local``: in the thread itself while no event loop runs in it, in a
    context variable while one does. Sync Playwright marks its event loop as
    running in the test thread from the moment it starts (the first browser
    journey, or any test whose fixtures pull in its ``browser_name``) until
    the session ends. From then on the test thread reached a second set of
    connections: the next test opened a new session, every later test used
    it, and when Playwright stopped the thread reached the first set again.
    The second session stayed open, reachable from the thread's context,
    and was reported left open on the test database (named after the first
    test to run after the browser journeys). No code of maca is async: one
    set a thread, as in the service's own sync processes."""
    import threading

    from django.db import connections

    connections._connections = threading.local()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, every test runs as a role held by row-level security
    (maca/core/tests/database_role.py)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from maca.core.tests import database_role

    with django_db_blocker.unblock():
        name = database_role.hold_connections()
    yield
    with django_db_blocker.unblock():
        database_role.release_connections(name)


@pytest.fixture(autouse=True)
def _keep_sent_email(settings):
    """Keep e-mail in the database, as development does, so that tests read
    what a partnership admin would read in the product."""
    settings.EMAIL_BACKEND = STORED_EMAIL


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
