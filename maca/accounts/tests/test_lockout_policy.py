"""Failed sign-ins from elsewhere never lock the owner out (ADR 0004).

Throttle and lock-out count per account *and* address; the per-address
throttle counts whatever the account. Someone who knows only an e-mail address
cannot stop its owner signing in."""

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import PASSWORD
from maca.audit_trail.models import AuditEvent

OWNER = "203.0.113.7"


def _sign_in(address: str, email: str, password: str = PASSWORD):
    return Client(REMOTE_ADDR=address).post(reverse("account_login"), {"login": email, "password": password})


def test_wrong_passwords_from_many_addresses_do_not_stop_the_owner(world):
    email = world["board"].user.email
    for n in range(12):
        _sign_in(f"198.51.100.{n}", email, "wrong-password")
    assert AuditEvent.objects.filter(action="user.sign_in_failed", actor_label=email).count() == 12
    assert _sign_in(OWNER, email).status_code == 302


def test_an_attacker_at_one_address_is_throttled_then_locked_out_there_only(world, settings):
    email = world["board"].user.email
    attacker = "198.51.100.9"
    for _ in range(5):
        _sign_in(attacker, email, "wrong-password")
    throttled = _sign_in(attacker, email)  # even with the right password, from there
    assert "Too many failed attempts to sign in. Wait 5 minutes" in throttled.content.decode()
    assert _sign_in(OWNER, email).status_code == 302

    cache.clear()  # five minutes later
    for _ in range(settings.AXES_FAILURE_LIMIT - 5):
        _sign_in(attacker, email, "wrong-password")
    cache.clear()
    assert _sign_in(attacker, email).status_code == 429
    assert _sign_in(OWNER, email).status_code == 302


def test_one_address_trying_many_accounts_is_slowed_down(world):
    attacker = "198.51.100.9"
    for n in range(10):
        _sign_in(attacker, f"guess{n}@testshire.example", "wrong-password")
    assert "Too many failed attempts" in _sign_in(attacker, world["board"].user.email).content.decode()
    assert _sign_in(OWNER, world["board"].user.email).status_code == 302
