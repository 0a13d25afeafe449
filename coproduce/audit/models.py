import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64

# Where the generated wording of a verb would read badly.
VERB_LABELS = {
    "access.denied": "Access refused",
    "api.token_created": "API token created",
    "api.token_revoked": "API token revoked",
}


def describe_verb(verb: str) -> str:
    """Plain English for a verb such as "accounts.password_changed" → "Accounts: password changed"."""
    if verb in VERB_LABELS:
        return VERB_LABELS[verb]
    area, _, action = verb.partition(".")
    if not action:
        return verb.replace("_", " ").capitalize()
    return f"{area.replace('_', ' ').capitalize()}: {action.replace('_', ' ')}"


def describe_object_type(object_type: str) -> str:
    """The model's own name for a record type ("accounts.user" → "user"), else the type as stored."""
    from django.apps import apps

    if object_type == "url":
        return "page"
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


class AuditEventQuerySet(models.QuerySet):
    def for_browsing(self):
        return self.select_related("actor").order_by("-id")


class AuditEvent(models.Model):
    """One thing that happened: who, when, what verb, to which object, which fields changed.

    Never holds the values of what changed (they may be sensitive). Append-only: database triggers refuse
    UPDATE and DELETE, and each row carries the hash of the one before it, so `manage.py verify_audit`
    detects an edited, removed or reordered row.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        # Each browsing filter has an index that ends in id, so "newest first, 50 at a time" reads 51 index
        # entries whatever the size of the trail (see selectors.events_page).
        indexes = [
            models.Index(fields=["verb", "id"], name="audit_verb_id_idx"),
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_id_idx"),
            models.Index(fields=["actor", "id"], name="audit_actor_id_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_audit_actor_i_023a4b_idx"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb}"

    @property
    def verb_label(self) -> str:
        return describe_verb(self.verb)

    @property
    def object_label(self) -> str:
        return describe_object_type(self.object_type)

    def compute_hash(self, key: bytes | None = None) -> str:
        """The event's link in the chain: an HMAC-SHA-256, keyed with COPRODUCE_AUDIT_KEY.

        The key is kept outside the database, so someone who can write to the database (even one who drops
        the append-only triggers) cannot change a row and recompute the hashes after it: verify_audit, which
        has the key, would find the change.
        """
        return chain_hash(self.payload(), settings.AUDIT_CHAIN_KEY.encode() if key is None else key)

    def payload(self) -> bytes:
        return json.dumps(
            [
                self.prev_hash,
                self.occurred_at.astimezone(datetime.UTC).isoformat(),
                self.actor_id,
                self.verb,
                self.object_type,
                str(self.object_id),
                sorted(self.changed_fields),
                self.ip_address,
            ],
            separators=(",", ":"),
        ).encode()


def chain_hash(payload: bytes, key: bytes) -> str:
    """HMAC-SHA-256 of the payload; an empty key gives the plain SHA-256 the chain used before."""
    if not key:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()
