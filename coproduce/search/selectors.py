"""Searching the index: one query for every full-text kind at once, plus one for each kind searched another
way (the officers' people search). Each kind's `visible(user)` is compiled into the same query, so the cost
is a fixed number of queries, however many records match.

The work in that query is bounded per kind, not by how many records match (decision 0022, "search at scale
25" and session 7): each kind's newest CANDIDATES visible matches are taken, newest first, by an arm that
stops at a LIMIT (FTS5 reading one kind's matches; on PostgreSQL the kind's entries newest first by the
(kind, id) index, or the GIN index for a rare word), those with every word in their title first, then the
newest, and counted; a kind with more says "more than CANDIDATES". Where the user may open only a few of a
kind (search.Few: a member's meetings, decisions and actions), the arm starts from those few instead.

The user's words are reduced to letters and digits before they reach the database (at most MAX_WORDS
words of MAX_WORD_LENGTH), and each is matched as a whole word through the stemmer ("fares" finds "fare",
"meetings" finds "meeting"), not as a prefix (a prefix costs a merge of every word it begins, in each kind):
no input can make the query invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection

from coproduce.core import search
from coproduce.core.prepared import Bound

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


def _visible_sql(kind: search.Kind, user) -> tuple[str, list, bool] | None:
    """SQL (and params) of the ids of `kind` that `user` may open ("" when they may open all), and whether
    those are few (search.Few: the search starts from them rather than from the kind's matches); None when
    they may open none (an empty list of ids, which has no SQL)."""
    visible = kind.visible(user)
    if visible is search.EVERYTHING:
        return "", [], False
    few = isinstance(visible, search.Few)
    ids = visible.ids if few else visible
    if isinstance(ids, Bound):  # a rule compiled once (core.prepared)
        return ids.sql, list(ids.params), few
    try:
        sql, params = ids.order_by().query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        return None
    return sql, list(params), few


def _object_visible(ids_sql: str, alias: str = "e") -> str:
    return f" AND {alias}.object_id IN ({ids_sql})" if ids_sql else ""


def _tsquery(words: list[str], weight: str = "") -> str:
    return " & ".join(f"{word}{weight}" for word in words)


def _fts_words(words: list[str]) -> str:
    return " ".join(f'"{word}"' for word in words)


def _fts_kind(key: str) -> str:
    """The token the FTS5 table's kind column holds for this kind (search migration 0005): no word shares
    it, so FTS5 reads only that kind's entries for it, not every entry with the word "meeting" anywhere."""
    return "kind" + key.replace("_", "")


def _candidates_sqlite(user, words: list[str], kinds: list[search.Kind]) -> tuple[str, list]:
    """(id, kind) of each kind's newest CANDIDATES + 1 visible matches: one arm per kind, each reading the
    FTS5 index for its kind alone, newest first, and stopping at its LIMIT, however many match. When the user
    may open only a few of a kind (search.Few), the index entries of those few are listed (the kind and
    object_id index, no entry read) and one walk of the word's matches, shared by all such kinds, tests each
    rowid against that list: walking FTS5's list of matches costs about 0.1 µs a match, reading each match's
    entry to test it about 1 µs, and asking FTS5 about each visible entry by rowid about 50 µs (decision
    0022, sessions 7 and 9). A kind the user may open nothing of is left out."""
    arms, params = [], []
    words_anywhere = f"{{title text}} : ({_fts_words(words)})"
    few_entries, few_params = [], []
    for kind in kinds:
        if (visible := _visible_sql(kind, user)) is None:
            continue
        ids, visible_params, few = visible
        if few:
            few_entries.append(f"SELECT e.id FROM {TABLE} e WHERE e.kind = %s{_object_visible(ids)}")  # noqa: S608
            few_params += [kind.key, *visible_params]
            continue
        match = f'{words_anywhere} AND kind : "{_fts_kind(kind.key)}"'
        if not ids:
            # The index's kind token is the kind: no entry is read to find a kind everyone may open.
            arms.append(
                f"SELECT * FROM (SELECT f.rowid AS id, %s AS kind FROM {FTS_TABLE} f"  # noqa: S608
                f" WHERE {FTS_TABLE} MATCH %s ORDER BY f.rowid DESC LIMIT %s)"
            )
            params += [kind.key, match, CANDIDATES + 1]
            continue
        arms.append(
            f"SELECT * FROM (SELECT f.rowid AS id, e.kind AS kind FROM {FTS_TABLE} f"  # noqa: S608
            f" JOIN {TABLE} e ON e.id = f.rowid"
            f" WHERE {FTS_TABLE} MATCH %s AND e.kind = %s{_object_visible(ids)}"
            " ORDER BY f.rowid DESC LIMIT %s)"
        )
        params += [match, kind.key, *visible_params, CANDIDATES + 1]
    if few_entries:
        # The Few kinds share one walk of the words' matches, testing each rowid against the entries of
        # every few record at once (walking the list again for each kind cost about 1.4 ms a kind at scale
        # 25); the newest CANDIDATES + 1 of each kind are then kept. The unary + keeps SQLite from handing
        # the rowid list to FTS5 (a lookup per rowid).
        arms.append(
            "SELECT id, kind FROM (SELECT e.id AS id, e.kind AS kind,"  # noqa: S608
            " ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY e.id DESC) AS n"
            f" FROM (SELECT f.rowid AS id FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH %s"
            f" AND +f.rowid IN ({' UNION ALL '.join(few_entries)})) w JOIN {TABLE} e ON e.id = w.id)"
            " WHERE n <= %s"
        )
        params += [words_anywhere, *few_params, CANDIDATES + 1]
    if not arms:
        return "", []
    # MATERIALIZED: otherwise SQLite pushes the title test into every arm and works it out once per kind.
    # The title test lists every title match of the words, which grows with the years; one title list per
    # kind, bounded by that kind's candidates, cost more at one year than it saved at ten (decision 0022,
    # session 12).
    sql = (
        f"WITH u AS MATERIALIZED ({' UNION ALL '.join(arms)}) "  # noqa: S608
        f"SELECT u.id, u.kind, u.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) AS in_title"
        " FROM u"
    )
    return sql, [*params, f"title : ({_fts_words(words)})"]


def _candidates_postgresql(user, words: list[str], kinds: list[search.Kind]) -> tuple[str, list]:
    """(id, kind, in_title) of each kind's newest CANDIDATES + 1 visible matches: one arm per kind, each
    stopping at its LIMIT however many match, and testing only the rows it keeps for the words in the title.

    An arm reads the kind's entries newest first by the (kind, id) index, testing each document, and stops
    at the LIMIT (a common word soon finds enough); for a rare word the planner may take the GIN index's few
    matches instead. The kind is asked for as a range of one value and the order is (kind, id): with
    `kind = %s` the planner would take the primary key backwards instead and read every entry of every kind
    for a kind with few entries. When the user may open only a few of the kind (search.Few), the arm starts
    from those few and looks each up by (kind, object_id)."""
    arms, params = [], []
    title_words = _tsquery(words, ":A")
    for kind in kinds:
        if (visible := _visible_sql(kind, user)) is None:
            continue
        ids, visible_params, few = visible
        if few:
            # LIMIT 1 (the entry is unique by kind and object_id) keeps the lookup a loop over the few ids:
            # otherwise the planner may hash every entry of the kind to join them.
            arms.append(
                f"(SELECT e.id, e.kind, e.document @@ to_tsquery('english', %s) AS in_title"  # noqa: S608
                f" FROM (SELECT DISTINCT * FROM ({ids}) w) v (object_id) CROSS JOIN LATERAL"
                f" (SELECT * FROM {TABLE} x WHERE x.kind = %s AND x.object_id = v.object_id LIMIT 1) e"
                " WHERE e.document @@ to_tsquery('english', %s) ORDER BY e.id DESC LIMIT %s)"
            )
            params += [title_words, *visible_params, kind.key, _tsquery(words), CANDIDATES + 1]
            continue
        arms.append(
            f"(SELECT e.id, e.kind, e.document @@ to_tsquery('english', %s) AS in_title FROM {TABLE} e"  # noqa: S608
            f" WHERE e.kind >= %s AND e.kind <= %s AND e.document @@ to_tsquery('english', %s)"
            f"{_object_visible(ids)} ORDER BY e.kind DESC, e.id DESC LIMIT %s)"
        )
        params += [title_words, kind.key, kind.key, _tsquery(words), *visible_params, CANDIDATES + 1]
    return " UNION ALL ".join(arms), params


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
    if not candidates:
        return {}
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


def search_all(
    user, query: str, *, per_kind: int = PER_KIND, kinds: list[search.Kind] | None = None
) -> list[Group]:
    """The best few results of every kind this user may search, grouped by kind (empty groups left out).
    `kinds`: kinds_for(user) when the caller has it already (each kind's policy is a rule to evaluate)."""
    words = words_of(query)
    if not words:
        return []
    kinds = kinds_for(user) if kinds is None else kinds
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
