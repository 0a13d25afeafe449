"""Searching the index: one query for every full-text kind at once (results ranked within each kind, each
kind cut to its best few with its total counted by a window function), plus one for each kind searched
another way (the officers' people search). Each kind's `visible(user)` is compiled into the same query, so
the cost is a fixed number of queries, however many records match.

The user's words are reduced to letters and digits before they reach the database (at most MAX_WORDS
words of MAX_WORD_LENGTH), and each is matched as a prefix: no input can make the query invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection

from coproduce.core import search

from .models import SearchEntry

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
MAX_QUERY_LENGTH = 200
PER_KIND = 5
PAGE_SIZE = 20
_WORD = re.compile(r"[^\W_]+")

TABLE = SearchEntry._meta.db_table
FTS_TABLE = f"{TABLE}_fts"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def cleaned(query: str) -> str:
    """The query as typed, less control characters (PostgreSQL refuses NUL), for kinds that read it whole."""
    return _CONTROL.sub(" ", (query or "")[:MAX_QUERY_LENGTH])


def words_of(query: str) -> list[str]:
    found = _WORD.findall((query or "")[:MAX_QUERY_LENGTH].lower())
    return [word[:MAX_WORD_LENGTH] for word in found][:MAX_WORDS]


@dataclass
class Group:
    kind: search.Kind
    hits: list[search.Hit] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)


def _visible_sql(kinds: list[search.Kind], user) -> tuple[str, list]:
    """SQL (and params) for "this row's kind and id are ones `user` may open", across `kinds`."""
    parts, params = [], []
    everything = []
    for kind in kinds:
        visible = kind.visible(user)
        if visible is search.EVERYTHING:
            everything.append(kind.key)
            continue
        sql, sub_params = visible.order_by().query.get_compiler(connection=connection).as_sql()
        parts.append(f"(e.kind = %s AND e.object_id IN ({sql}))")
        params += [kind.key, *sub_params]
    if everything:
        parts.append(f"e.kind IN ({', '.join(['%s'] * len(everything))})")
        params += everything
    return "(" + " OR ".join(parts) + ")", params


def _matches_sql(words: list[str]) -> tuple[str, list]:
    """SQL (and params) giving (id, score) of every entry matching all the words; a lower score is a better
    match (title words weigh more than text)."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT e.id, -ts_rank(e.document, q) AS score FROM {TABLE} e,"  # noqa: S608 - constants
            " to_tsquery('english', %s) q WHERE e.document @@ q",
            [" & ".join(f"{word}:*" for word in words)],
        )
    return (
        f"SELECT rowid AS id, bm25({FTS_TABLE}, 10.0, 1.0) AS score"  # noqa: S608 - constants
        f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
        [" ".join(f'"{word}"*' for word in words)],
    )


def _full_text(user, words: list[str], kinds: list[search.Kind], *, limit: int, offset: int = 0):
    """{kind key: (hits, total)} for the full-text kinds, best first, `limit` per kind from `offset`."""
    if not kinds or not words:
        return {}
    matches, match_params = _matches_sql(words)
    visible, visible_params = _visible_sql(kinds, user)
    # Only constants and ORM-compiled SQL are joined here; the user's words are parameters.
    # The matches are worked out once (MATERIALIZED), then joined to the entries: otherwise the planner may
    # walk the entries of a kind and run the full-text query again for each one. The window functions rank
    # and count narrow rows (id, kind, score); only the few rows shown are joined again for their text.
    sql = (
        f"WITH m AS MATERIALIZED ({matches}), "  # noqa: S608
        "ranked AS (SELECT e.id, e.kind,"
        " ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY m.score, e.id) AS n,"
        " COUNT(*) OVER (PARTITION BY e.kind) AS total"
        f" FROM m JOIN {TABLE} e ON e.id = m.id WHERE {visible}) "
        "SELECT e.kind, e.object_id, e.title, e.summary, e.key, ranked.total"
        f" FROM ranked JOIN {TABLE} e ON e.id = ranked.id"
        " WHERE ranked.n > %s AND ranked.n <= %s ORDER BY ranked.kind, ranked.n"
    )
    params = [*match_params, *visible_params, offset, offset + limit]
    found: dict[str, tuple[list, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, object_id, title, summary, key, total in cursor.fetchall():
            hits, _ = found.get(kind, ([], 0))
            hits.append(search.Hit(kind, object_id, title, summary, key))
            found[kind] = (hits, total)
    return found


def _linked(kind: search.Kind, user, hits) -> list[search.Hit]:
    return [
        search.Hit(hit.kind, hit.object_id, hit.title, hit.summary, hit.key, kind.url(user, hit))
        for hit in hits
    ]


def kinds_for(user) -> list[search.Kind]:
    return [kind for kind in search.kinds() if kind.policy.allows(user)]


def search_all(user, query: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """The best few results of every kind this user may search, grouped by kind (empty groups left out)."""
    words = words_of(query)
    if not words:
        return []
    kinds = kinds_for(user)
    found = _full_text(user, words, [kind for kind in kinds if kind.indexed], limit=per_kind)
    groups = []
    for kind in kinds:
        if kind.indexed:
            hits, total = found.get(kind.key, ([], 0))
        else:
            hits = kind.find(user, cleaned(query), per_kind + 1)
            total = len(hits)
            hits = hits[:per_kind]
        if hits:
            groups.append(Group(kind, _linked(kind, user, hits), total))
    return groups


@dataclass
class ResultPage:
    """One page of one kind's results, shaped for the {% pagination %} component."""

    group: Group
    number: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.group.total // self.page_size))

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def search_kind(
    user, query: str, key: str, *, page: int = 1, page_size: int = PAGE_SIZE
) -> ResultPage | None:
    """One kind's results, a page at a time (None when the user may not search that kind)."""
    kind = search.kind(key)
    if kind is None or not kind.policy.allows(user):
        return None
    words = words_of(query)
    page = max(1, page)
    if not words:
        return ResultPage(Group(kind), 1, page_size)
    if kind.indexed:
        hits, total = _full_text(user, words, [kind], limit=page_size, offset=(page - 1) * page_size).get(
            key, ([], 0)
        )
    else:
        hits = kind.find(user, cleaned(query), page_size)
        total = len(hits)
        page = 1
    return ResultPage(Group(kind, _linked(kind, user, hits), total), page, page_size)
