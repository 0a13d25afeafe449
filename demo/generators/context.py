"""What the demo generators share: the seed, the scale, the people made so far and the audit trail."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from coproduce.audit.models import GENESIS_HASH, AuditEvent
from coproduce.audit.services import _CHAIN_LOCK_KEY

BATCH_SIZE = 2000


def _monday_this_week() -> datetime.datetime:
    today = timezone.now().date()
    monday = today - datetime.timedelta(days=today.weekday())
    return datetime.datetime.combine(monday, datetime.time(9, 0), tzinfo=datetime.UTC)


# Dates in the demo count back from the Monday of the current week: the programme looks current whenever it
# is loaded (recent involvement, people due for a retention review), and the same seed gives the same data
# all week.
ANCHOR = _monday_this_week()


class AuditTrail:
    """Audit events for bulk-created demo data, appended to the hash chain in order.

    `record()` reads the chain's last hash once per event; here it is read once per flush and each event's
    hash is computed from the one before, so tens of thousands of events cost one query per batch and
    `verify_audit` still finds an intact chain. Call `flush()` inside the loading transaction.
    """

    def __init__(self):
        self.pending: list[AuditEvent] = []
        self.written = 0

    def add(self, verb: str, obj: Model, changed_fields=()) -> None:
        self.pending.append(
            AuditEvent(
                verb=verb,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                changed_fields=sorted(set(changed_fields)),
            )
        )

    def flush(self) -> None:
        if not self.pending:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        now = timezone.now()
        for event in self.pending:
            event.occurred_at = now
            event.prev_hash = prev
            event.hash = prev = event.compute_hash()
        AuditEvent.objects.bulk_create(self.pending, batch_size=BATCH_SIZE)
        self.written += len(self.pending)
        self.pending = []


@dataclass
class DemoContext:
    seed: int
    scale: float
    password_hash: str
    # Years of meetings (and the claims, payments and audit events that follow from them) before this week.
    years: int = 1
    audit: AuditTrail = field(default_factory=AuditTrail)
    # User ids holding each role, for later generators (people, projects, meetings...) to draw on.
    user_ids_by_role: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=dict)
    # (meeting id, person id) -> (activity, hours) a claim is paid at when not the meeting rate (training's
    # co-trainers, preparation and learners), for the payments generator.
    pay_at: dict = field(default_factory=dict)

    def rng(self, generator: str) -> random.Random:
        """A random source of its own for each generator, so adding a generator never changes the data the
        others make from the same seed."""
        return random.Random(f"{self.seed}:{generator}")

    def scaled(self, base: int) -> int:
        return max(1, round(base * self.scale))
