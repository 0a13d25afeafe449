"""PostgreSQL: an index on (kind, id), so that a search can read one kind's entries newest first and stop
once it has found enough that match a common word (decision 0022, session 7); a rare word is served by the
GIN index instead, whichever the planner finds cheaper. SQLite needs nothing: its FTS5 table has the kind.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_searchentry_kind_id ON search_searchentry (kind, id)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_kind_id")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_full_text_by_kind")]

    operations = [migrations.RunPython(create_index, drop_index)]
