"""Run after putting a new key first in COPRODUCE_FIELD_ENCRYPTION_KEYS (on every server); then the old keys
can be removed. See docs/configuration.md."""

from django.core.management.base import BaseCommand, CommandError

from coproduce.core import crypto, services


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (bank details) with the first key of "
        "COPRODUCE_FIELD_ENCRYPTION_KEYS. Audited; running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            changed = services.rotate_encryption_keys()
        except crypto.DecryptionError as error:
            raise CommandError(f"Nothing was changed. {error}") from None
        self.stdout.write(f"Re-encrypted {changed} rows: every encrypted value now uses the first key.")
