"""SQLite: the FTS5 table's `kind` column holds a token no word shares ("kindmeeting", "kindhandbookpage")
instead of the kind's key. The key's own words ("meeting", "decision", "action", "project") are among the
commonest words of the index, and a column filter does not make FTS5 read less: `kind : "meeting"` read the
list of every entry with the word "meeting" anywhere and kept those with it in the kind column, so each kind's
arm of a search cost as much as the word's whole list, and grew with the years (decision 0022, session 12).

The table reads its content through a view that spells the kind as the token, so that a rebuild indexes what
the triggers index; the triggers spell it the same way. PostgreSQL needs nothing.

A later migration that makes Django remake `search_searchentry` on SQLite (most field changes) must drop the
view, the triggers and the FTS5 table first and make them again after: with the view in place SQLite refuses
the rename at the end of the remake ("error in view ... no such table"), and the triggers would otherwise be
dropped with the old table without a word.
"""

from django.db import migrations

# The token for a kind: its key without underscores (which the tokenizer would split on), after "kind".
TOKEN = "'kind' || replace({}, '_', '')"

SQLITE = [
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TABLE IF EXISTS search_searchentry_fts",
    f"""CREATE VIEW search_searchentry_fts_content AS
        SELECT id, {TOKEN.format("kind")} AS kind, title, text FROM search_searchentry""",
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        kind, title, text, content='search_searchentry_fts_content', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, kind, title, text)
        VALUES (new.id, {TOKEN.format("new.kind")}, new.title, new.text);
    END""",
    f"""CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, kind, title, text)
        VALUES ('delete', old.id, {TOKEN.format("old.kind")}, old.title, old.text);
    END""",
    f"""CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, kind, title, text)
        VALUES ('delete', old.id, {TOKEN.format("old.kind")}, old.title, old.text);
        INSERT INTO search_searchentry_fts(rowid, kind, title, text)
        VALUES (new.id, {TOKEN.format("new.kind")}, new.title, new.text);
    END""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TABLE IF EXISTS search_searchentry_fts",
    "DROP VIEW IF EXISTS search_searchentry_fts_content",
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        kind, title, text, content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, kind, title, text) VALUES (new.id, new.kind, new.title, new.text);
    END""",
    """CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, kind, title, text)
        VALUES ('delete', old.id, old.kind, old.title, old.text);
    END""",
    """CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, kind, title, text)
        VALUES ('delete', old.id, old.kind, old.title, old.text);
        INSERT INTO search_searchentry_fts(rowid, kind, title, text) VALUES (new.id, new.kind, new.title, new.text);
    END""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_kind_newest_first")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE}),
            _run({"sqlite": SQLITE_REVERSE}),
        )
    ]
