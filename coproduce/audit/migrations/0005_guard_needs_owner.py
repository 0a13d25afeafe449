"""The append-only guards of the audit trail and the ledger: the maintenance switch needs the table's owner.

Before this any session could run set_config('coproduce.audit_maintenance', 'on', true) and then change
audit events or ledger entries. Now the switch works only for a login role that owns the table or is a
superuser, which the app's own role is not (docs/deploy.md, "Database roles").
"""

from django.db import migrations

from coproduce.core.db import guard_function_sql

GUARDS = (("audit_event", "audit events"), ("ledger_entry", "ledger entries"))
PREVIOUS = """CREATE OR REPLACE FUNCTION {prefix}_append_only() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('coproduce.audit_maintenance', true), '') = 'on' THEN
           RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
         END IF;
         RAISE EXCEPTION '{rows} are append-only';
       END $$ LANGUAGE plpgsql"""


def replace(sql_for):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for prefix, rows in GUARDS:
                schema_editor.execute(sql_for(prefix, rows))

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain"), ("payments", "0001_initial")]

    operations = [
        migrations.RunPython(
            replace(guard_function_sql), replace(lambda prefix, rows: PREVIOUS.format(prefix=prefix, rows=rows))
        )
    ]
