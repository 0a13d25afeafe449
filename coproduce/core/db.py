"""Tables the database itself keeps append-only (the audit trail, the payments ledger).

Triggers refuse UPDATE and DELETE on SQLite and PostgreSQL, and TRUNCATE on PostgreSQL (its row triggers do
not fire on TRUNCATE; SQLite has none, and its `DELETE FROM` without WHERE still fires row triggers). Both let
changes through only while the maintenance switch of coproduce/audit/db.py is on, which nothing but test
database flushes sets: SQLite's triggers call coproduce_audit_maintenance() (registered on the app's own
connections, so any other client fails too); PostgreSQL's raise unless the transaction set
coproduce.audit_maintenance = 'on'.

The statements are exactly those the first migrations wrote out by hand, so databases migrated before this
helper have the same triggers, names and messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import migrations

UPDATE_DELETE = "update_delete"
TRUNCATE = "truncate"

_SQLITE_TRIGGER = """CREATE TRIGGER {prefix}_no_{event} BEFORE {EVENT} ON {table}
       WHEN coproduce_audit_maintenance() = 0
       BEGIN SELECT RAISE(ABORT, '{rows} are append-only'); END"""

# The maintenance switch (emptying a test database) works only for a session whose login role owns the table
# or is a superuser: the app's own role, which neither owns the tables nor is a superuser (docs/deploy.md),
# cannot lift the guard by setting coproduce.audit_maintenance itself.
_POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION {prefix}_append_only() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('coproduce.audit_maintenance', true), '') = 'on'
            AND (
              coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
              OR pg_has_role(
                session_user,
                (SELECT tableowner FROM pg_tables
                 WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME),
                'MEMBER'
              )
            ) THEN
           RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
         END IF;
         RAISE EXCEPTION '{rows} are append-only';
       END $$ LANGUAGE plpgsql"""

_POSTGRES_ROW_TRIGGER = """CREATE TRIGGER {prefix}_append_only BEFORE UPDATE OR DELETE ON {table}
       FOR EACH ROW EXECUTE FUNCTION {prefix}_append_only()"""

_POSTGRES_TRUNCATE_TRIGGER = """CREATE TRIGGER {prefix}_no_truncate BEFORE TRUNCATE ON {table}
       FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_append_only()"""


def _update_delete(table: str, prefix: str, rows: str) -> tuple[dict, dict]:
    forward = {
        "sqlite": [
            _SQLITE_TRIGGER.format(prefix=prefix, event=event, EVENT=event.upper(), table=table, rows=rows)
            for event in ("update", "delete")
        ],
        "postgresql": [
            _POSTGRES_FUNCTION.format(prefix=prefix, rows=rows),
            _POSTGRES_ROW_TRIGGER.format(prefix=prefix, table=table),
        ],
    }
    reverse = {
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {prefix}_no_update",
            f"DROP TRIGGER IF EXISTS {prefix}_no_delete",
        ],
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {prefix}_append_only ON {table}",
            f"DROP FUNCTION IF EXISTS {prefix}_append_only()",
        ],
    }
    return forward, reverse


def guard_function_sql(prefix: str, rows: str) -> str:
    """The PostgreSQL guard function as it is now (a migration re-creates it when it changes)."""
    return _POSTGRES_FUNCTION.format(prefix=prefix, rows=rows)


def _truncate(table: str, prefix: str) -> tuple[dict, dict]:
    forward = {"postgresql": [_POSTGRES_TRUNCATE_TRIGGER.format(prefix=prefix, table=table)]}
    reverse = {"postgresql": [f"DROP TRIGGER IF EXISTS {prefix}_no_truncate ON {table}"]}
    return forward, reverse


def append_only_sql(
    table: str, *, prefix: str, rows: str, guards: Iterable[str] = (UPDATE_DELETE, TRUNCATE)
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The statements per database vendor that install the guards (forward) and remove them (reverse, in the
    opposite order). Triggers and the PostgreSQL function are named after `prefix`; the error says
    "<rows> are append-only"."""
    forward: dict[str, list[str]] = {}
    reverse: dict[str, list[str]] = {}
    for guard in guards:
        up, down = _truncate(table, prefix) if guard == TRUNCATE else _update_delete(table, prefix, rows)
        for vendor, statements in up.items():
            forward.setdefault(vendor, []).extend(statements)
        for vendor, statements in down.items():
            reverse[vendor] = statements + reverse.get(vendor, [])
    return forward, reverse


def _run(statements_by_vendor: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


def append_only_triggers(
    table: str, *, prefix: str, rows: str, guards: Iterable[str] = (UPDATE_DELETE, TRUNCATE)
) -> migrations.RunPython:
    """A migration operation installing append_only_sql() (and removing it when migrating back)."""
    forward, reverse = append_only_sql(table, prefix=prefix, rows=rows, guards=guards)
    return migrations.RunPython(_run(forward), _run(reverse))
