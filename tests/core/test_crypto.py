"""The encryption-at-rest helper: values round-trip, a wrong key is a clear error rather than garbage, old
keys still decrypt after rotation, an encrypted column refuses clear text, and production refuses to start
without keys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from coproduce.core import crypto

BASE_DIR = Path(__file__).resolve().parents[2]
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@given(st.text())
def test_every_text_comes_back_as_it_went_in(text):
    token = crypto.encrypt(text)
    assert crypto.decrypt(token) == text
    assert crypto.is_token(token)


def test_a_wrong_key_is_a_clear_error_not_garbage():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        token = crypto.encrypt("00733445")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(crypto.DecryptionError) as error:
        crypto.decrypt(token)
    assert "COPRODUCE_FIELD_ENCRYPTION_KEYS" in str(error.value)


def test_an_altered_token_is_refused():
    token = crypto.encrypt("00733445")
    altered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(altered)


def test_the_first_key_encrypts_and_every_key_decrypts():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        old_token = crypto.encrypt("309430")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert crypto.decrypt(old_token) == "309430"
        assert not crypto.under_first_key(old_token)
        rotated = crypto.rotate(old_token)
        assert crypto.under_first_key(rotated) and crypto.under_first_key(crypto.encrypt("x"))
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert crypto.decrypt(rotated) == "309430"


@pytest.mark.parametrize("value", ["00733445", "M Member", "gAAAAA", "not base64 at all!"])
def test_clear_text_does_not_pass_for_a_token(value):
    assert not crypto.is_token(value)


def test_an_encrypted_column_refuses_clear_text():
    field = crypto.EncryptedField(name="account_number_encrypted")
    with pytest.raises(ValueError, match="holds only encrypted values"):
        field.get_prep_value("00733445")
    token = crypto.encrypt("00733445")
    assert field.get_prep_value(token) == token


def start_settings(**variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DJANGO_DEBUG", "COPRODUCE_TESTING", "COPRODUCE_FIELD_ENCRYPTION_KEYS", "COPRODUCE_AUDIT_KEY"}
    }
    env.update(DJANGO_SECRET_KEY="a-production-secret", COPRODUCE_AUDIT_KEY="a-production-audit-key")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", "import coproduce.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_keys():
    result = start_settings()
    assert result.returncode != 0
    assert "Set COPRODUCE_FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_a_key_that_is_not_a_fernet_key():
    result = start_settings(COPRODUCE_FIELD_ENCRYPTION_KEYS=f"{NEW_KEY},not-a-key")
    assert result.returncode != 0
    assert "Key 2 of COPRODUCE_FIELD_ENCRYPTION_KEYS is not a Fernet key" in result.stderr


def test_production_starts_with_its_keys():
    result = start_settings(COPRODUCE_FIELD_ENCRYPTION_KEYS=f" {NEW_KEY} , {OLD_KEY} ")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_the_audit_key():
    result = start_settings(COPRODUCE_FIELD_ENCRYPTION_KEYS=NEW_KEY, COPRODUCE_AUDIT_KEY="")
    assert result.returncode != 0
    assert "Set COPRODUCE_AUDIT_KEY" in result.stderr
