"""Encryption at rest for the few secrets and identifiers maca must hold.

Keys come from ``MACA_FIELD_ENCRYPTION_KEYS`` (comma-separated Fernet keys).
The first key encrypts; every key decrypts, so a new key can be put first and
old values re-encrypted with ``manage.py rotate_encryption_keys``
(docs/encryption.md).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import threading
import time
from collections.abc import Callable
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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


IV_SIZE = 16
IVS_DRAWN = 4096


def encrypter() -> Callable[[str], str]:
    """:func:`encrypt`, for encrypting many values in a row (a case list of
    100,000 children seals 150,000 identifiers): the same tokens, made with
    half the work.

    The construction is Fernet's, unchanged: each value is its own token, with
    the first key, the time, and a fresh random IV from the operating system
    (``os.urandom``, drawn for 4,096 tokens at once, each IV used once);
    AES-128 in CBC mode with PKCS7 padding, then HMAC-SHA256 over the whole
    token. Given the same time and IV, a token is byte for byte
    what ``cryptography``'s ``Fernet`` makes (``maca/core/tests/test_encryption.py``
    checks it), and ``decrypt`` and key rotation read it as any other.

    What is saved: ``Fernet.encrypt`` builds a new cipher context for every
    token (about half its time). Here one CBC context is kept and fed each
    token's blocks in turn. CBC encrypts block ``P1`` as ``E(P1 xor previous)``,
    where ``previous`` is the IV for a token's first block; the kept context's
    ``previous`` is the last ciphertext block it gave out, so the first block is
    handed to it as ``P1 xor IV xor last``, and it gives out exactly
    ``E(P1 xor IV)``, the first block of CBC under the token's own IV. Later
    blocks chain as CBC does. The HMAC is Python's one-shot ``hmac.digest``
    (OpenSSL's). Take a new one for each batch of work, so that a key rotation
    (a new first key) is seen by the next. It may be called from any thread
    (one call at a time: a lock guards the kept context)."""
    _fernet()  # the keys are checked as for every other use
    key = base64.urlsafe_b64decode(settings.MACA_FIELD_ENCRYPTION_KEYS[0].encode())
    signing_key, encryption_key = key[:16], key[16:]
    context = Cipher(algorithms.AES(encryption_key), modes.CBC(bytes(16))).encryptor()
    last = 0  # the context's last ciphertext block (the zero IV above, to begin with)
    randomness, taken = b"", 0  # IVs, drawn from the operating system 4,096 at a time
    lock = threading.Lock()
    from_bytes, urandom, now, digest = int.from_bytes, os.urandom, time.time, hmac.digest
    urlsafe = bytes.maketrans(b"+/", b"-_")

    def encrypt_one(text: str) -> str:
        nonlocal last, randomness, taken
        data = text.encode()
        fill = 16 - len(data) % 16
        padded = data + bytes((fill,)) * fill
        with lock:
            if taken == len(randomness):
                randomness, taken = urandom(IV_SIZE * IVS_DRAWN), 0
            iv = randomness[taken : taken + IV_SIZE]
            taken += IV_SIZE
            first = (from_bytes(padded[:16], "big") ^ from_bytes(iv, "big") ^ last).to_bytes(16, "big")
            ciphertext = context.update(first + padded[16:])
            last = from_bytes(ciphertext[-16:], "big")
        if len(ciphertext) != len(padded):  # never: CBC gives out every whole block at once
            raise RuntimeError("The cipher held back part of a token.")
        parts = b"\x80" + int(now()).to_bytes(8, "big") + iv + ciphertext
        return (
            binascii.b2a_base64(parts + digest(signing_key, parts, "sha256"), newline=False).translate(urlsafe).decode()
        )

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
