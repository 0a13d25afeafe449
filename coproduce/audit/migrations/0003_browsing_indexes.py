"""Indexes for browsing the trail newest-first under each filter, and a TRUNCATE guard on PostgreSQL.

Row-level triggers (0002) do not fire on TRUNCATE, so PostgreSQL also gets a statement-level trigger using the
same function (test database flushes set the maintenance switch, as for DELETE). SQLite has no TRUNCATE: its
`DELETE FROM` without WHERE still fires the row triggers because triggers disable the truncate optimisation.
"""

from django.conf import settings
from django.db import migrations, models

from coproduce.core.db import TRUNCATE, append_only_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="auditevent",
            name="audit_audit_object__0e78a5_idx",
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["verb", "id"], name="audit_verb_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_type", "object_id", "id"], name="audit_object_id_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "id"], name="audit_actor_id_idx"),
        ),
        append_only_triggers(
            "audit_auditevent", prefix="audit_event", rows="audit events", guards=[TRUNCATE]
        ),
    ]
