"""The database's own full-text search over search_searchentry.

SQLite: an FTS5 table with the entries as its external content (no text stored twice), kept in step by
triggers, with the Porter stemmer so "fares" finds "fare". PostgreSQL: a generated tsvector column (title
weighted above text, English stemming) with a GIN index. Neither is part of Django's model state: queries
reach them through coproduce.search.selectors.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, text, content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_searchentry_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
POSTGRESQL = [
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(text, '')), 'B')
    ) STORED""",
    "CREATE INDEX search_searchentry_document ON search_searchentry USING GIN (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
