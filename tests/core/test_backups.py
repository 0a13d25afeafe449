"""backup_database and restore_database make a round trip: the restored database has the same rows in every
table and the same audit chain, on SQLite and on PostgreSQL."""

import sqlite3
import uuid

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from coproduce.audit.models import AuditEvent
from tests.conftest import restore_data_from_migrations


def table_names() -> list[str]:
    models = apps.get_models()
    return sorted({m._meta.db_table for m in models if m._meta.managed and not m._meta.proxy})


def counts_in(cursor, quote=lambda name: f'"{name}"') -> dict[str, int]:
    found = {}
    for table in table_names():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - our own table names
        found[table] = cursor.fetchone()[0]
    return found


def chain_in(cursor) -> list[str]:
    cursor.execute("SELECT hash FROM audit_auditevent ORDER BY id")
    return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def programme(transactional_db):
    restore_data_from_migrations()
    call_command("load_demo", "--scale", "0.05", "--seed", "7", verbosity=0)
    with connection.cursor() as cursor:
        return counts_in(cursor), chain_in(cursor)


def test_a_backup_restores_every_row_and_the_audit_chain(programme, tmp_path):
    counts, chain = programme
    assert counts["audit_auditevent"] == len(chain) > 100 and counts["payments_ledgerentry"] > 0
    backup = tmp_path / "coproduce.backup"
    call_command("backup_database", str(backup), verbosity=0)
    assert backup.stat().st_size > 0

    if connection.vendor == "sqlite":
        restored_path = tmp_path / "restored.sqlite3"
        call_command("restore_database", str(backup), "--into", str(restored_path), verbosity=0)
        with sqlite3.connect(restored_path) as restored:
            cursor = restored.cursor()
            assert counts_in(cursor) == counts
            assert chain_in(cursor) == chain
        return

    name = f"coproduce_restore_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    server = psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        call_command("restore_database", str(backup), "--into", name, verbosity=0)
        with psycopg.connect(
            host=settings["HOST"] or "localhost",
            port=settings["PORT"] or 5432,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            dbname=name,
        ) as restored:
            cursor = restored.cursor()
            assert counts_in(cursor) == counts
            assert chain_in(cursor) == chain
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def test_restore_refuses_to_overwrite_a_database(programme, tmp_path):
    from django.core.management.base import CommandError

    backup = tmp_path / "coproduce.backup"
    call_command("backup_database", str(backup), verbosity=0)
    target = tmp_path / "in-use.sqlite3"
    target.write_bytes(b"x")
    into = str(target) if connection.vendor == "sqlite" else connection.settings_dict["NAME"]
    with pytest.raises(CommandError, match="already exists|not empty"):
        call_command("restore_database", str(backup), "--into", into, verbosity=0)
    assert AuditEvent.objects.count() == len(programme[1])
