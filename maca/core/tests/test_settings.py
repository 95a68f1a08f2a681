"""Settings come from the environment and fail loudly when unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from maca.env import env_bool, env_int, parse_database_url

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "MACA_ENVIRONMENT": "production",
    "SECRET_KEY": "x" * 30 + "a-long-random-production-secret-for-tests-only",
    "ALLOWED_HOSTS": "maca.example.org",
    "MACA_BASE_URL": "https://maca.example.org",
    "DATABASE_URL": "postgres://maca:pw@db.example.org:5432/maca",
    "MACA_FIELD_ENCRYPTION_KEYS": "Q0hBTkdFLU1FLWluLXByb2R1Y3Rpb24tcGxlYXNlISE=",
    "DJANGO_SETTINGS_MODULE": "maca.settings",
}


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    ignored = ("MACA_", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ignored)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = _manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("MACA_FIELD_ENCRYPTION_KEYS", "MACA_FIELD_ENCRYPTION_KEYS"),
        ("DATABASE_URL", "DATABASE_URL must point at PostgreSQL"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("MACA_BASE_URL", "MACA_BASE_URL must be set in production"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug():
    result = _manage({**PRODUCTION, "DEBUG": "true"}, "check")
    assert "DEBUG must be off" in result.stderr


def test_database_url_is_parsed_for_postgresql():
    parsed = parse_database_url("postgresql://user:p%40ss@127.0.0.1:5433/maca?sslmode=require")
    assert parsed.as_django()["PASSWORD"] == "p@ss"
    assert parsed.port == "5433"
    assert parsed.options == {"sslmode": "require"}


def test_database_url_other_than_postgresql_is_refused():
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        parse_database_url("mysql://localhost/maca")


def test_typed_readers_fail_loudly(monkeypatch):
    monkeypatch.setenv("MACA_X", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="MACA_X must be true or false"):
        env_bool("MACA_X")
    monkeypatch.setenv("MACA_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("MACA_X")
    with pytest.raises(ImproperlyConfigured, match="MACA_UNSET must be set"):
        env_int("MACA_UNSET")
