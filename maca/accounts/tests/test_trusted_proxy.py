"""Behind a reverse proxy, the lock-out, the rate limits and the audit log all
see the person's own address, the one the proxy saw, and never an address a
client wrote into X-Forwarded-For itself."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import PASSWORD
from maca.audit_trail.models import AuditEvent

PROXY = "127.0.0.1"
OWNER = "203.0.113.7"
ATTACKER = "198.51.100.9"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings, db):
    settings.MACA_PROXY_COUNT = 1
    cache.clear()


def _via_proxy(client_address: str, spoofed: str = "") -> Client:
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_audit_log_records_the_address_the_proxy_saw(world):
    email = world["board"].user.email
    assert _sign_in(_via_proxy(OWNER, spoofed="6.6.6.6"), email).status_code == 302
    event = AuditEvent.objects.get(action="user.signed_in", actor=world["board"].user)
    assert event.ip_address == OWNER


def test_the_lock_out_follows_the_client_not_the_proxy_nor_a_spoofed_address(world, settings):
    email = world["board"].user.email
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        if attempt and attempt % 5 == 0:
            cache.clear()  # past allauth's five-minute brake
        _sign_in(_via_proxy(ATTACKER, spoofed=f"10.0.0.{attempt}"), email, "wrong-password")
    cache.clear()
    # A new invented address in front changes nothing: the attacker's own address is locked out...
    assert _sign_in(_via_proxy(ATTACKER, spoofed="10.0.0.99"), email).status_code == 429
    # ...and the owner, behind the same proxy, signs in.
    assert _sign_in(_via_proxy(OWNER), email).status_code == 302


def test_the_rate_limit_per_address_follows_the_client(world):
    attacker = _via_proxy(ATTACKER)
    for n in range(10):
        attacker.defaults["HTTP_X_FORWARDED_FOR"] = f"10.0.1.{n}, {ATTACKER}"
        _sign_in(attacker, f"nobody{n}@testshire.example", "wrong-password")
    throttled = _sign_in(attacker, "nobody-else@testshire.example", "wrong-password")
    assert "Too many failed attempts" in throttled.content.decode()
    assert _sign_in(_via_proxy(OWNER), world["board"].user.email).status_code == 302
