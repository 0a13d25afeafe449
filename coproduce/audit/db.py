"""The SQLite side of the append-only guard (the triggers: coproduce/core/db.py)."""

import threading
from contextlib import contextmanager

from django.db import connection

_state = threading.local()


def maintenance_allowed() -> int:
    return 1 if getattr(_state, "maintenance", False) else 0


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "coproduce_audit_maintenance", 0, maintenance_allowed, deterministic=False
        )


@contextmanager
def audit_maintenance():
    """Let this thread delete audit rows: only for flushing a test database, never in the app."""
    _state.maintenance = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('coproduce.audit_maintenance', 'on', false)")
        yield
    finally:
        _state.maintenance = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('coproduce.audit_maintenance', '', false)")
