"""Make the database itself refuse UPDATE and DELETE (and TRUNCATE) on ledger entries.

The same guard as the audit trail (coproduce/audit/migrations/0002 and 0003), sharing its maintenance switch:
SQLite's triggers call coproduce_audit_maintenance() (registered on the app's own connections, 0 except while
a test database is flushed); PostgreSQL's raise unless the transaction set coproduce.audit_maintenance='on'.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON payments_ledgerentry
       WHEN coproduce_audit_maintenance() = 0
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
    """CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON payments_ledgerentry
       WHEN coproduce_audit_maintenance() = 0
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ledger_entry_no_update", "DROP TRIGGER IF EXISTS ledger_entry_no_delete"]

POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('coproduce.audit_maintenance', true), '') = 'on' THEN
           RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
         END IF;
         RAISE EXCEPTION 'ledger entries are append-only';
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON payments_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""",
    """CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON payments_ledgerentry
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON payments_ledgerentry",
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON payments_ledgerentry",
    "DROP FUNCTION IF EXISTS ledger_entry_append_only()",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial"), ("audit", "0003_browsing_indexes")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
