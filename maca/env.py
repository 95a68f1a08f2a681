"""Typed readers for settings that come from the environment.

Every reader fails loudly, with the variable's name, when a value is missing or
malformed: a service that starts with a wrong setting is worse than one that
refuses to start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _raw(name: str, default: object) -> str | object:
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = _raw(name, default)
    return value  # type: ignore[return-value]


def env_bool(name: str, default: bool | object = _MISSING) -> bool:
    value = _raw(name, default)
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"The environment variable {name} must be true or false, not {value!r}.")


def env_int(name: str, default: int | object = _MISSING) -> int:
    value = _raw(name, default)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ImproperlyConfigured(f"The environment variable {name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    value = _raw(name, default)
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str | object = _MISSING) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be one of {', '.join(choices)}, not {value!r}."
        )
    return value


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed ``DATABASE_URL``."""

    engine: str
    name: str
    user: str
    password: str
    host: str
    port: str
    options: dict[str, str]

    def as_django(self) -> dict:
        return {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "OPTIONS": self.options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "ATOMIC_REQUESTS": False,
        }


def parse_database_url(url: str) -> DatabaseUrl:
    """Parse ``postgres://user:password@host:port/name?sslmode=require``.

    Only PostgreSQL is accepted: SQLite is what runs when no URL is given.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// (got {parts.scheme or 'nothing'}://). "
            "Leave DATABASE_URL unset to use the embedded SQLite database."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://host/maca.")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return DatabaseUrl(
        engine="maca.core.postgresql",
        name=name,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=parts.hostname or "",
        port=str(parts.port or ""),
        options=options,
    )
