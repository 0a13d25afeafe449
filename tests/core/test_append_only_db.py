"""The append-only helper: its triggers refuse changes to a table and are removed again when migrating back,
and the migrated database holds the same guards (names and messages) the migrations first wrote by hand."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.state import ProjectState

from coproduce.core.db import append_only_triggers

SCRATCH = "core_append_only_scratch"


def guarded_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def expected_names(prefix: str) -> set[str]:
    if connection.vendor == "sqlite":
        return {f"{prefix}_no_update", f"{prefix}_no_delete"}
    return {f"{prefix}_append_only", f"{prefix}_no_truncate"}


@pytest.mark.django_db
def test_the_audit_trail_and_the_ledger_keep_their_trigger_names():
    assert expected_names("audit_event") | expected_names("ledger_entry") <= guarded_names()


def run(sql: str, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def apply(direction: str):
    operation = append_only_triggers(SCRATCH, prefix="scratch", rows="scratch rows")
    code = operation.code if direction == "forward" else operation.reverse_code
    with connection.schema_editor() as editor:
        code(ProjectState().apps, editor)


@pytest.mark.django_db(transaction=True)
def test_the_guard_refuses_changes_until_it_is_removed():
    run(f"CREATE TABLE {SCRATCH} (id integer PRIMARY KEY, note varchar(20))")
    try:
        run(f"INSERT INTO {SCRATCH} (id, note) VALUES (1, 'first')")
        apply("forward")
        assert expected_names("scratch") <= guarded_names()
        run(f"INSERT INTO {SCRATCH} (id, note) VALUES (2, 'second')")
        changes = [f"UPDATE {SCRATCH} SET note = 'changed'", f"DELETE FROM {SCRATCH}"]
        if connection.vendor == "postgresql":
            changes.append(f"TRUNCATE {SCRATCH}")
        for change in changes:
            with pytest.raises(DatabaseError, match="scratch rows are append-only"):
                run(change)
        apply("reverse")
        assert not expected_names("scratch") & guarded_names()
        run(f"UPDATE {SCRATCH} SET note = 'changed'")
        run(f"DELETE FROM {SCRATCH}")
    finally:
        run(f"DROP TABLE {SCRATCH}")


@pytest.mark.django_db(transaction=True)
def test_the_apps_own_database_role_cannot_lift_the_audit_guard():
    """The app connects as a role that owns no table (docs/deploy.md): setting the maintenance switch itself
    does not let it change an audit event. On SQLite the switch is a function only the process registers."""
    from coproduce.audit import services

    services.record("projects.updated", actor=None, obj=("projects.project", "1"), changed_fields=["title"])
    if connection.vendor == "sqlite":
        with pytest.raises(DatabaseError, match="append-only"):
            run("UPDATE audit_auditevent SET verb = 'x'")
        return
    import psycopg

    settings = connection.settings_dict
    role = "coproduce_app_role_test"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} LOGIN")
        cursor.execute(f"GRANT SELECT, UPDATE, DELETE ON audit_auditevent TO {role}")
    try:
        with psycopg.connect(
            host=settings["HOST"] or "localhost",
            port=settings["PORT"] or 5432,
            user=role,
            dbname=settings["NAME"],
        ) as app:
            app.execute("SELECT set_config('coproduce.audit_maintenance', 'on', false)")
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                app.execute("UPDATE audit_auditevent SET verb = 'x'")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE ALL ON audit_auditevent FROM {role}")
            cursor.execute(f"DROP ROLE IF EXISTS {role}")
