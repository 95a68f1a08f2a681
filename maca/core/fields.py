"""A model field for identifiers held encrypted at rest.

Values come back from the database *sealed*: printing one shows
``[encrypted]``, and only an explicit :meth:`Sealed.reveal` decrypts it. Code
that reveals identifiers must check the viewer is entitled to the case and log
the view (docs/encryption.md says which page does). Each model using this field
registers it with ``maca.core.sealed`` so that keys can be rotated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import models

from maca.core import crypto


class Sealed:
    """An encrypted value that decrypts only when asked to."""

    __slots__ = ("_token",)

    def __init__(self, token: str):
        self._token = token

    @property
    def token(self) -> str:
        return self._token

    def reveal(self) -> Any:
        return json.loads(crypto.decrypt(self._token))

    def __str__(self) -> str:
        return "[encrypted]"

    __repr__ = __str__

    def __eq__(self, other) -> bool:
        return isinstance(other, Sealed) and other._token == self._token

    def __hash__(self) -> int:
        return hash(self._token)


# What a sealed value holds: compact JSON, keys sorted. One encoder for every
# seal (json.dumps with options builds a new one per call).
_to_json = json.JSONEncoder(separators=(",", ":"), sort_keys=True).encode


def seal(value: Any) -> Sealed:
    return Sealed(crypto.encrypt(_to_json(value)))


def sealer() -> Callable[[Any], str]:
    """A function giving ``seal(value).token`` for each value it is given, with
    the keys looked up once (``maca.core.crypto.encrypter``): for sealing the
    identifiers of a whole case list. Each value is still its own token."""
    encrypt = crypto.encrypter()

    def token(value: Any) -> str:
        return encrypt(_to_json(value))

    return token


def reveal(value: Any) -> Any:
    """The plain value, whether it is sealed (from the database) or not yet saved."""
    return value.reveal() if isinstance(value, Sealed) else value


class EncryptedJSONField(models.TextField):
    """JSON encrypted with maca's field keys (Fernet, rotatable)."""

    description = "JSON, encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return {}
        return Sealed(value)

    def to_python(self, value):
        if isinstance(value, Sealed) or value is None:
            return value
        if isinstance(value, str):
            return Sealed(value) if value else {}
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.token
        if value in ({}, [], ""):
            return ""
        return seal(value).token

    def value_to_string(self, obj):
        return "[encrypted]"
