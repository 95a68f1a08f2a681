"""Encryption at rest for the few secrets and identifiers maca must hold.

Keys come from ``MACA_FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys).
The first key encrypts; every key decrypts, so a new key can be put first and
old values re-encrypted with ``manage.py rotate_encryption_keys``
(docs/encryption.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A value could not be decrypted with any configured key."""


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("MACA_FIELD_ENCRYPTION_KEYS holds no key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "Each key in MACA_FIELD_ENCRYPTION_KEYS must be a Fernet key (32 url-safe base64 bytes)."
        ) from error


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.MACA_FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def encrypter() -> Callable[[str], str]:
    """:func:`encrypt`, for encrypting many values in a row (a case list of
    100,000 children seals 150,000 identifiers): the keys are checked and the
    first key's ``Fernet`` built once, not once a value. Each value is still its
    own Fernet token, made by ``cryptography`` with a fresh IV. Take a new one
    for each batch of work, so that a key rotation (a new first key) is seen by
    the next."""
    _fernet()  # the keys are checked as for every other use
    fernet = Fernet(settings.MACA_FIELD_ENCRYPTION_KEYS[0].encode())

    def encrypt_one(text: str) -> str:
        return fernet.encrypt(text.encode()).decode()

    return encrypt_one


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes as they are (an uploaded file): no text encoding on the way."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken as error:
        raise DecryptionError("The value could not be decrypted with any configured key.") from error


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("The value could not be decrypted with any configured key.") from error


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the first (newest) key."""
    return _fernet().rotate(token.encode()).decode()
