import pytest
from django.db import connection

from coproduce.audit import services
from coproduce.audit.db import audit_maintenance
from tests.conftest import sign_in


@pytest.fixture
def admin_client(client, administrator):
    return sign_in(client, administrator)


@pytest.fixture
def record_events(db):
    """Record `count` events, cycling through a few verbs; returns them oldest first."""

    def make(count, *, verb=None, actor=None, obj=("projects.project", "7"), changed_fields=("title",)):
        verbs = ["projects.updated", "claims.approved", "people.viewed"]
        return [
            services.record(
                verb or verbs[i % len(verbs)], actor=actor, obj=obj, changed_fields=changed_fields
            )
            for i in range(count)
        ]

    return make


def tamper(sql, params=()):
    """Change the trail behind the application's back, the way someone with database access could."""
    with audit_maintenance(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def own_connection_per_thread(transactional_db, tmp_path):
    """Let threads write to the test database at the same time, as app servers and workers would.

    PostgreSQL: threads open their own connections to the test database as it is. SQLite: the in-memory
    test database's shared cache fails concurrent writers at once ("table is locked") instead of queueing
    them as the production file database does (WAL, BEGIN IMMEDIATE, busy timeout), so the schema is copied
    to a file and new connections open that file for the length of the test.
    """
    from django.db import connections

    settings_dict = connections.settings["default"]
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    import sqlite3

    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = original
