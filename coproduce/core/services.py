"""State changes that belong to no single app."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from coproduce.audit.services import record

from . import crypto


def _encrypted_fields():
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        names = [field.name for field in fields if isinstance(field, crypto.EncryptedField)]
        if names:
            yield model, names


def _rotated(row, names: list[str]) -> bool:
    tokens = {name: getattr(row, name) for name in names}
    if all(not token or crypto.under_first_key(token) for token in tokens.values()):
        return False
    for name, token in tokens.items():
        if token:
            setattr(row, name, crypto.rotate(token))
    return True


def rotate_encryption_keys() -> int:
    """Re-encrypt with the first key every encrypted value that is not under it yet, so older keys can be
    dropped afterwards. Returns the number of rows changed: a second run changes none. Raises
    crypto.DecryptionError (and changes nothing) when a value opens with none of the keys."""
    changed = 0
    with transaction.atomic():
        for model, names in _encrypted_fields():
            locked = model.objects.select_for_update().only("pk", *names)
            rows = [row for row in locked if _rotated(row, names)]
            model.objects.bulk_update(rows, names, batch_size=500)
            if rows:
                # One event for the table (no single row): which columns were re-encrypted, never values.
                table = (model._meta.label_lower, "")
                record("core.encryption_keys_rotated", obj=table, changed_fields=names)
            changed += len(rows)
    return changed
