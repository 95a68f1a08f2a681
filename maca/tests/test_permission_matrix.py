"""Every URL, every persona: the answer must be the declared one.

Add an entry to ``url_expectations.EXPECTATIONS`` for each new URL; this test
fails for any URL without one.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from maca.accounts.models import Invitation
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent
from maca.notifications.models import SentEmail
from maca.tests.personas import build_world
from maca.tests.url_expectations import ALL, STORED_EMAIL, all_expectations, build_fixtures, refresh_all

EXPECTATIONS = all_expectations()


def _names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def all_url_names() -> set[str]:
    return _names(get_resolver().url_patterns)


def expectation_for(name: str):
    if name in EXPECTATIONS:
        return EXPECTATIONS[name]
    for key, expect in EXPECTATIONS.items():
        if key.endswith(":") and name.startswith(key):
            return expect
    return None


def test_every_url_has_a_declared_expectation():
    missing = sorted(name for name in all_url_names() if expectation_for(name) is None)
    assert not missing, f"Declare what each persona gets from these URLs in url_expectations.py: {missing}"


def test_no_expectation_is_left_for_a_url_that_no_longer_exists():
    names = all_url_names()
    stale = [key for key in EXPECTATIONS if not key.endswith(":") and key not in names]
    assert not stale, f"Remove these from url_expectations.py: {stale}"


def _records_of(world):
    """Records of the Testshire partnership that URLs point at: these, plus each
    app's ``tests/matrix_fixtures.py``."""
    admin = world["admin"]
    invitation, _ = invitation_create(
        actor=admin.user,
        partnership=world.partnership,
        email="new.person@testshire.example",
        full_name="New Person",
        role="board_member",
    )
    return build_fixtures(
        world,
        {
            "membership": world["board"].membership,
            "agency": world.police,
            "invitation": invitation,
            "audit_event": AuditEvent.objects.filter(partnership=world.partnership).first(),
            "email": SentEmail.objects.filter(partnership=world.partnership).first(),
        },
    )


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    """The personas and every URL's records, built once for the module (they
    take about a second, and the module has a test for each of some 300 URLs)
    in a transaction rolled back when the module ends. Each test runs inside it
    in a savepoint of its own (pytest-django's ``db``), so a test's writes are
    undone before the next test, as they were when each test built its own."""
    with django_db_blocker.unblock(), override_settings(EMAIL_BACKEND=STORED_EMAIL):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            yield world, _records_of(world)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_built, db):
    """The module's personas, read again from the database: a test before this
    one may have changed one in memory (a version, a role) and been undone."""
    world, records = _built
    refresh_all(world, records)
    return world


@pytest.fixture
def fixtures(_built, world):
    return _built[1]


def _representative_names() -> list[str]:
    names = []
    for name in sorted(all_url_names()):
        if name.startswith("admin:") and name != "admin:index":
            continue
        names.append(name)
    return names


@pytest.mark.parametrize("name", _representative_names())
def test_url_answers_each_persona_as_declared(name, world, fixtures, client_for):
    expect = expectation_for(name)
    assert expect is not None
    url = reverse(name, kwargs=expect.kwargs(fixtures))
    problems = []
    for persona in ALL:
        client = Client() if persona == "anonymous" else client_for(world[persona])
        if expect.method == "post":
            response = client.post(url, expect.data(fixtures))
        else:
            response = client.get(url)
        expected = expect.statuses[persona]
        if response.status_code != expected:
            problems.append(f"{persona}: expected {expected}, got {response.status_code}")
        if persona != "anonymous" and expect.method == "post":
            # A write may have changed what the next persona sees: start again from the same records.
            fixtures.membership.refresh_from_db()
            Invitation.objects.filter(pk=fixtures.invitation.pk).update(revoked_at=None)
    assert not problems, f"{name} ({url}): " + "; ".join(problems)
