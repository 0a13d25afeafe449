"""Searching the index: one query for every full-text kind at once, plus one for each kind searched another
way (the officers' people search). Each kind's `visible(user)` is compiled into the same query, so the cost
is a fixed number of queries, however many records match.

The work in that query is bounded per kind, not by how many records match (decision 0022, "search at scale
25"): each kind's newest CANDIDATES visible matches are taken, newest first, straight from the full-text
index (FTS5 reading one kind's matches and stopping at a LIMIT; on PostgreSQL the matches' ids and kinds),
those with every word in their title first, then the newest, and counted; a kind with more says "more than
CANDIDATES".

The user's words are reduced to letters and digits before they reach the database (at most MAX_WORDS
words of MAX_WORD_LENGTH), and each is matched as a whole word through the stemmer ("fares" finds "fare",
"meetings" finds "meeting"), not as a prefix (a prefix costs a merge of every word it begins, in each kind):
no input can make the query invalid.
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
# Per kind, the newest this many matches are ranked by relevance and counted (more are "more than").
CANDIDATES = 200
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
    capped: bool = False  # more than CANDIDATES matched: `total` is CANDIDATES, the newest of them

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)

    @property
    def found(self) -> str:
        return f"More than {self.total}" if self.capped else str(self.total)


def _visible_sql(kind: search.Kind, user, alias: str = "e") -> tuple[str, list]:
    """SQL (and params) for "row `alias` of `kind` is one `user` may open" ("" when they may open all)."""
    visible = kind.visible(user)
    if visible is search.EVERYTHING:
        return "", []
    sql, params = visible.order_by().query.get_compiler(connection=connection).as_sql()
    return f" AND {alias}.object_id IN ({sql})", list(params)


def _tsquery(words: list[str], weight: str = "") -> str:
    return " & ".join(f"{word}{weight}" for word in words)


def _fts_words(words: list[str]) -> str:
    return " ".join(f'"{word}"' for word in words)


def _candidates_sqlite(user, words: list[str], kinds: list[search.Kind]) -> tuple[str, list]:
    """(id, kind) of each kind's newest CANDIDATES + 1 visible matches: one arm per kind, each reading the
    FTS5 index for its kind alone, newest first, and stopping at its LIMIT, however many match."""
    arms, params = [], []
    for kind in kinds:
        visible, visible_params = _visible_sql(kind, user)
        arms.append(
            f"SELECT * FROM (SELECT f.rowid AS id, e.kind AS kind FROM {FTS_TABLE} f"  # noqa: S608
            f" JOIN {TABLE} e ON e.id = f.rowid"
            f" WHERE {FTS_TABLE} MATCH %s AND e.kind = %s{visible} ORDER BY f.rowid DESC LIMIT %s)"
        )
        # The words first: FTS5 then walks their (shorter) list and checks the kind, which is much cheaper.
        params += [f'{{title text}} : ({_fts_words(words)}) AND kind : "{kind.key}"', kind.key]
        params += [*visible_params, CANDIDATES + 1]
    # MATERIALIZED: otherwise SQLite pushes the title test into every arm and works it out once per kind.
    sql = (
        f"WITH u AS MATERIALIZED ({' UNION ALL '.join(arms)}) "  # noqa: S608
        f"SELECT u.id, u.kind, u.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) AS in_title"
        " FROM u"
    )
    return sql, [*params, f"title : ({_fts_words(words)})"]


def _candidates_postgresql(user, words: list[str], kinds: list[search.Kind]) -> tuple[str, list]:
    """(id, kind, in_title) of each kind's newest CANDIDATES + 1 visible matches: the matches are found once
    (ids and kinds only) and the newest of each kind kept; only those are read again to see whether the words
    are in their title."""
    parts, params = [], []
    for kind in kinds:
        visible, visible_params = _visible_sql(kind, user, "m")
        parts.append(f"(m.kind = %s{visible})")
        params += [kind.key, *visible_params]
    sql = (
        # MATERIALIZED: the matches are found first (otherwise the planner may read every entry of the kinds
        # by the kind index and test each document).
        f"WITH m AS MATERIALIZED (SELECT id, kind, object_id FROM {TABLE} WHERE document @@ to_tsquery('english', %s)) "  # noqa: S608
        "SELECT c.id, c.kind, e.document @@ to_tsquery('english', %s) AS in_title FROM ("
        "SELECT m.id, m.kind, ROW_NUMBER() OVER (PARTITION BY m.kind ORDER BY m.id DESC) AS r"
        f" FROM m WHERE {' OR '.join(parts)}) c JOIN {TABLE} e ON e.id = c.id WHERE c.r <= %s"
    )
    return sql, [_tsquery(words), _tsquery(words, ":A"), *params, CANDIDATES + 1]


def _full_text(user, words: list[str], kinds: list[search.Kind], *, limit: int, offset: int = 0):
    """{kind key: (hits, total, capped)} for the full-text kinds, best first, `limit` per kind from `offset`.

    The work is bounded per kind, not by how many records match: each kind's newest CANDIDATES + 1 visible
    matches are taken (cheaply, newest first) and counted, and those with every word in their title come
    first; more than CANDIDATES is reported as such rather than counted."""
    if not kinds or not words:
        return {}
    if connection.vendor == "postgresql":
        candidates, params = _candidates_postgresql(user, words, kinds)
    else:
        candidates, params = _candidates_sqlite(user, words, kinds)
    # Only constants and ORM-compiled SQL are joined here; the user's words are parameters. The window
    # functions rank and count narrow rows (id, kind, in_title); only the few rows shown are joined again.
    sql = (
        f"WITH c AS MATERIALIZED ({candidates}), "  # noqa: S608
        "ranked AS (SELECT c.id, c.kind,"
        " ROW_NUMBER() OVER (PARTITION BY c.kind ORDER BY c.in_title DESC, c.id DESC) AS n,"
        " COUNT(*) OVER (PARTITION BY c.kind) AS total FROM c) "
        "SELECT e.kind, e.object_id, e.title, e.summary, e.key, ranked.total"
        f" FROM ranked JOIN {TABLE} e ON e.id = ranked.id"
        " WHERE ranked.n > %s AND ranked.n <= %s ORDER BY ranked.kind, ranked.n"
    )
    params += [offset, min(offset + limit, CANDIDATES)]
    found: dict[str, tuple[list, int, bool]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, object_id, title, summary, key, total in cursor.fetchall():
            hits, _, _ = found.get(kind, ([], 0, False))
            hits.append(search.Hit(kind, object_id, title, summary, key))
            found[kind] = (hits, min(total, CANDIDATES), total > CANDIDATES)
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
            hits, total, capped = found.get(kind.key, ([], 0, False))
        else:
            hits = kind.find(user, cleaned(query), per_kind + 1)
            total, capped = len(hits), False
            hits = hits[:per_kind]
        if hits:
            groups.append(Group(kind, _linked(kind, user, hits), total, capped))
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
        hits, total, capped = _full_text(
            user, words, [kind], limit=page_size, offset=(page - 1) * page_size
        ).get(key, ([], 0, False))
    else:
        hits = kind.find(user, cleaned(query), page_size)
        total, capped = len(hits), False
        page = 1
    return ResultPage(Group(kind, _linked(kind, user, hits), total, capped), page, page_size)
