"""PostgreSQL: an index on (kind, id), so that a search can read one kind's entries newest first and stop
once it has found enough that match a common word (decision 0022, session 7); a rare word is served by the
GIN index instead, whichever the planner finds cheaper. The GIN index no longer keeps a pending list
(fastupdate off, the list merged now): every search of it reads the whole list, up to 4 MB, and the search
now asks it once per kind; a save writes the index directly instead (a few dozen words per entry). SQLite
needs nothing: its FTS5 table has the kind.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_searchentry_kind_id ON search_searchentry (kind, id)")
        schema_editor.execute("ALTER INDEX search_searchentry_document SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list('search_searchentry_document'::regclass)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_kind_id")
        schema_editor.execute("ALTER INDEX search_searchentry_document RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_full_text_by_kind")]

    operations = [migrations.RunPython(create_index, drop_index)]
