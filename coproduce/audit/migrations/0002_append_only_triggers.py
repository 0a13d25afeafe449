"""Make the database itself refuse UPDATE and DELETE on audit events (coproduce/core/db.py says how, on SQLite
and PostgreSQL; the maintenance switch is coproduce/audit/db.py).
"""

from django.db import migrations

from coproduce.core.db import UPDATE_DELETE, append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        append_only_triggers(
            "audit_auditevent", prefix="audit_event", rows="audit events", guards=[UPDATE_DELETE]
        )
    ]
