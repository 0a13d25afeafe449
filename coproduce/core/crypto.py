"""Encryption at rest of single values (bank details) with the Fernet keys of settings.FIELD_ENCRYPTION_KEYS
(COPRODUCE_FIELD_ENCRYPTION_KEYS): the first key encrypts, every key decrypts, so keys can be rotated
(`manage.py rotate_encryption_keys`). See docs/decisions/0006-encryption-at-rest.md."""

from __future__ import annotations

import base64
import binascii

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

# Version byte, timestamp, IV, at least one cipher block and the HMAC.
_SHORTEST_TOKEN_BYTES = 1 + 8 + 16 + 16 + 32
_FERNET_VERSION = 0x80


class DecryptionError(Exception):
    """No configured key opens the value: the keys are wrong (or the value was altered), not the data."""


def _fernets() -> list[Fernet]:
    return [Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS]


def _opened(action, token: str) -> bytes:
    try:
        return action(token.encode())
    except InvalidToken:
        raise DecryptionError(
            "An encrypted value cannot be opened with any key in COPRODUCE_FIELD_ENCRYPTION_KEYS: every app "
            "server and worker needs the same keys, and a key may only be dropped after "
            "`manage.py rotate_encryption_keys` has run with the new key first."
        ) from None


def encrypt(text: str) -> str:
    return MultiFernet(_fernets()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _opened(MultiFernet(_fernets()).decrypt, token).decode()


def rotate(token: str) -> str:
    """The same value encrypted with the first key."""
    return _opened(MultiFernet(_fernets()).rotate, token).decode()


def under_first_key(token: str) -> bool:
    try:
        _fernets()[0].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def is_token(value: str) -> bool:
    """Whether `value` has the shape of a Fernet token (checked without any key)."""
    try:
        raw = base64.urlsafe_b64decode(value.encode())
    except (binascii.Error, ValueError):
        return False
    return len(raw) >= _SHORTEST_TOKEN_BYTES and raw[0] == _FERNET_VERSION


class EncryptedField(models.TextField):
    """A column that holds Fernet tokens, never clear text: saving anything else is refused. Reading gives
    the token; decrypt() it only where the full value is shown, so lists and masked displays never decrypt."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value and not is_token(value):
            raise ValueError(f"{self.name} holds only encrypted values: pass it through crypto.encrypt().")
        return value
