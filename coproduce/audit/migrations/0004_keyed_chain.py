"""Re-link the audit trail with the keyed hash (HMAC-SHA-256 with COPRODUCE_AUDIT_KEY).

Before this, each event's hash was a plain SHA-256: anyone able to write to the database could change a row
and recompute every later hash. The chain is walked once in id order and every hash recomputed with the key;
the reverse recomputes the plain hashes.
"""

from django.conf import settings
from django.db import migrations

BATCH = 2000


def relink(apps, key: bytes):
    from coproduce.audit.db import audit_maintenance
    from coproduce.audit.models import GENESIS_HASH, AuditEvent, chain_hash

    prev, last_id = GENESIS_HASH, 0
    with audit_maintenance():
        while True:
            batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
            if not batch:
                return
            for event in batch:
                event.prev_hash = prev
                event.hash = prev = chain_hash(event.payload(), key)
                last_id = event.id
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])


def keyed(apps, schema_editor):
    relink(apps, settings.AUDIT_CHAIN_KEY.encode())


def plain(apps, schema_editor):
    relink(apps, b"")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_browsing_indexes")]

    operations = [migrations.RunPython(keyed, plain)]
