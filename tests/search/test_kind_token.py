"""SQLite: the FTS5 table's kind column holds a token no word shares ("kindmeeting"), not the kind's key,
whose words ("meeting", "decision", "action") are among the commonest in the index: asking FTS5 for one
kind then reads that kind's entries, not every entry with the word anywhere (decision 0022, session 12).
The table reads its content through a view that spells the token as the triggers do, so a rebuild and the
triggers agree, and FTS5's own check against that content passes after saves, updates and deletes.
Every test runs on both databases: what a user finds is checked on each, the FTS5 table's own workings on
SQLite alone (PostgreSQL keeps its tsvector on the entry's row and has no such table)."""

import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from coproduce.core import search
from coproduce.search import selectors, services
from coproduce.search.models import SearchEntry
from tests.handbook import factories as handbook
from tests.meetings import factories as meetings

FTS = selectors.FTS_TABLE


def _matching(expression: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expression])  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def _on_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _check_against_content():
    if not _on_sqlite():
        return
    with connection.cursor() as cursor:  # raises if the index disagrees with what the view gives
        cursor.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")  # noqa: S608


def test_a_kind_s_token_finds_that_kind_alone_and_agrees_after_a_rebuild(officer):
    meeting = meetings.meeting(title="Osprey meeting", purpose="A meeting about the decision and action log")
    page = handbook.page(title="Meeting guide", body="Every meeting, decision and action, written down")
    found = {
        group.kind.key: [hit.title for hit in group.hits]
        for group in selectors.search_all(officer, "meeting")
    }
    assert found["meeting"] == ["Osprey meeting"]
    assert found["handbook_page"] == ["Meeting guide"]
    assert [hit.title for hit in selectors.search_kind(officer, "meeting", "meeting").group.hits] == [
        "Osprey meeting"
    ]
    if not _on_sqlite():
        return
    entry = {
        kind: SearchEntry.objects.get(kind=kind, object_id=obj.pk).pk
        for kind, obj in (("meeting", meeting), ("handbook_page", page))
    }
    assert _matching('kind : "kindmeeting"') == {entry["meeting"]}
    assert _matching('kind : "kindhandbookpage"') == {entry["handbook_page"]}
    # The kind's key is no longer in the kind column, though the word is in both documents' text.
    assert _matching('kind : "meeting"') == set()
    assert _matching('{title text} : "meeting"') == set(entry.values())
    _check_against_content()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")  # noqa: S608
    assert _matching('kind : "kindmeeting"') == {entry["meeting"]}
    assert _matching('kind : "kindhandbookpage"') == {entry["handbook_page"]}


def test_the_index_agrees_with_its_content_after_updates_and_deletes(db):
    page = handbook.page(title="Curlew guide")
    entry = SearchEntry.objects.get(kind="handbook_page", object_id=page.pk)
    entry.title = "Curlew and lapwing guide"
    entry.save()
    _check_against_content()
    assert [hit.title for hit in selectors.search_all(AnonymousUser(), "lapwing")[0].hits] == [entry.title]
    entry.delete()
    _check_against_content()
    assert selectors.search_all(AnonymousUser(), "curlew") == []


def test_the_index_agrees_with_its_content_after_the_search_index_is_rebuilt(db):
    handbook.page(title="Dunlin guide")
    meetings.meeting(title="Dunlin meeting")
    services.rebuild()  # every entry deleted and made again, kind by kind, through the triggers
    _check_against_content()
    assert {group.kind.key for group in selectors.search_all(AnonymousUser(), "dunlin")} == {"handbook_page"}
    if _on_sqlite():
        assert _matching('kind : "kindmeeting"') == set(
            SearchEntry.objects.filter(kind="meeting").values_list("pk", flat=True)
        )


def test_every_registered_kind_has_its_own_one_word_token():
    tokens = [selectors._fts_kind(kind.key) for kind in search.kinds() if kind.indexed]
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"kind[a-z0-9]+", token) for token in tokens), tokens
