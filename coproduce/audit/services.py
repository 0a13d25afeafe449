"""Write audit events. Call `record()` inside the transaction of the change it describes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model

from .models import GENESIS_HASH, AuditEvent

# Any constant: serialises writers of the hash chain on PostgreSQL (SQLite's IMMEDIATE transactions
# already hold the database write lock).
_CHAIN_LOCK_KEY = 7_413_020


def client_ip(request) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def _object_identity(obj: Model | tuple[str, str] | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj[0], str(obj[1])[:64]
    return obj._meta.label_lower, str(obj.pk)


def record(
    verb: str,
    *,
    actor=None,
    obj: Model | tuple[str, str] | None = None,
    changed_fields: Iterable[str] = (),
    request=None,
) -> AuditEvent:
    """Append an audit event to the chain.

    `obj` is a model instance or an ("app.model", id) pair. `changed_fields` names fields, never values.
    """
    object_type, object_id = _object_identity(obj)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        event = AuditEvent(
            actor=actor,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            changed_fields=sorted(set(changed_fields)),
            ip_address=client_ip(request),
            prev_hash=prev,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def record_denied_access(request) -> AuditEvent:
    user = getattr(request, "user", None)
    return record(
        "access.denied",
        actor=user,
        obj=("url", request.path[:64]),
        request=request,
    )


def record_export(*, actor, filters_used: Iterable[str], request=None) -> AuditEvent:
    """Note that `actor` downloaded audit events, naming the filters used but not their values."""
    return record(
        "audit.exported",
        actor=actor,
        obj=("audit.auditevent", ""),
        changed_fields=filters_used,
        request=request,
    )
