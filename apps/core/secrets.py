"""Secrets kept in the database (a store's Letzshop API key, its Stripe account id), encrypted
with Fernet. FIELD_ENCRYPTION_KEY encrypts; FIELD_ENCRYPTION_OLD_KEYS still decrypt, so a key is
rotated by putting the new one first and the old one in the old list, then running
`manage.py secrets_rotate`, which re-encrypts every stored secret with the new key."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with any of the platform's keys."""


def _keys() -> list[bytes]:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:  # development and tests only: production requires a key of its own
        key = base64.urlsafe_b64encode(hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest())
    return [key.encode() if isinstance(key, str) else key] + [
        old.encode() for old in getattr(settings, "FIELD_ENCRYPTION_OLD_KEYS", ()) if old
    ]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def secret_encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def secret_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("The stored secret cannot be read with this platform's keys.") from error


def secret_rotate(token: str) -> str:
    """The same secret, encrypted with the current key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("The stored secret cannot be read with this platform's keys.") from error
