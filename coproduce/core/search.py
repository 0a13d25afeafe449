"""Site search: what each app indexes and who may see each result.

An app makes its records searchable with a `search.py` module (found automatically at start-up by the
`coproduce.search` app) that registers one `Kind` per kind of result:

    from coproduce.core import search

    search.register(
        search.Kind(
            key="meeting",                      # stored in the index; never change it
            label="Meetings",                   # the heading results are grouped under
            model=Meeting,                      # saving or deleting one re-indexes it (same transaction)
            document=lambda m: search.Document(title=m.title, text=m.purpose, summary=...),
            rows=lambda: Meeting.objects.all(), # everything to index when the index is rebuilt
            visible=lambda user: ...,           # a queryset of the ids `user` may open (or a
                                                # core.prepared.Bound of its SQL), search.Few(that) when
                                                # they are few, or search.EVERYTHING
            url=lambda user, hit: reverse(...), # where a result links for this user
            policy=MEETING_PAGE,                # who may search this kind at all (optional)
        )
    )

Access is never stored in the index: `visible(user)` is the same rule the app's pages use, applied live in
the search query, so a result someone may no longer open disappears at once. Saves and deletes keep the
index current through signals; a write that sends none (`QuerySet.update()`, `bulk_create`) calls
`search.refresh(Model, pks)` after it. A kind that is not full-text
(the officers' people search) gives `find(user, query, limit)` instead of `model`/`document`/`rows`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.text import Truncator

from .access import PUBLIC, Policy

SUMMARY_LENGTH = 200

# `visible(user)` returns this when the user may open every record of the kind.
EVERYTHING = None


@dataclass(frozen=True)
class Few:
    """What `visible(user)` returns (wrapping its queryset of ids) when the user may open only records tied
    to them (the meetings of their teams, the challenges they lead): few, however much the site holds. The
    search then reads the index entries of those records and tests each against the words, instead of
    reading the kind's matches until enough visible ones turn up (decision 0022, session 7)."""

    ids: object  # QuerySet of ids (values("pk")), or a prepared.Bound of one


@dataclass(frozen=True)
class Document:
    """What the index keeps of one record: words to match (title weighs most), a line shown under the
    title, and `key`, any short string the kind needs to build the result's link (a slug, a parent id)."""

    title: str
    text: str = ""
    summary: str = ""
    key: str = ""


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    summary: str
    key: str
    url: str = ""

    @property
    def short_summary(self) -> str:
        """The summary as a results page shows it: at most SUMMARY_LENGTH characters."""
        # Truncator counts characters one at a time (about 50 µs a summary): only those that may be too long.
        if len(self.summary) <= SUMMARY_LENGTH:
            return self.summary
        return Truncator(self.summary).chars(SUMMARY_LENGTH)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    url: Callable  # (user, hit) -> str
    model: type | None = None
    document: Callable | None = None  # (obj) -> Document
    rows: Callable | None = None  # () -> QuerySet of every obj to index
    # (user) -> QuerySet of ids (values("pk")) or prepared.Bound of one, Few of either, or EVERYTHING
    visible: Callable = lambda user: EVERYTHING
    policy: Policy = PUBLIC
    order: int = 50
    find: Callable | None = None  # (user, query, limit) -> list[Hit], for kinds searched another way
    # Other models whose save changes this kind's documents: model -> function(instance) -> objs to re-index.
    follows: dict = field(default_factory=dict)

    @property
    def indexed(self) -> bool:
        return self.find is None


_registry: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _registry[kind.key] = kind


def kinds() -> list[Kind]:
    return sorted(_registry.values(), key=lambda kind: (kind.order, kind.key))


def kind(key: str) -> Kind | None:
    return _registry.get(key)


# Set by the search app when it starts (SearchConfig.ready): re-indexes records by model and ids.
_refresher: Callable | None = None


def set_refresher(refresher: Callable) -> None:
    global _refresher
    _refresher = refresher


def refresh(model, pks) -> None:
    """Bring the index up to date for these records of `model` after a write that sends no signals
    (`QuerySet.update()`, `bulk_create`): call it in the same transaction, after the write."""
    if _refresher is not None:
        _refresher(model, pks)
