"""Keeping the search index current. Saving or deleting a record of a registered kind re-indexes it in the
same transaction (connected in SearchConfig.ready()); `rebuild` re-reads everything (after bulk loads such
as the demo, or `manage.py rebuild_search_index`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.core import search

from .models import SearchEntry

BATCH_SIZE = 1000
LIMITS = {"title": 300, "summary": 300, "key": 200}


def _entry_fields(document: search.Document) -> dict:
    return {
        "title": (document.title or "")[: LIMITS["title"]],
        "text": document.text or "",
        "summary": (document.summary or "")[: LIMITS["summary"]],
        "key": (document.key or "")[: LIMITS["key"]],
        "updated_at": timezone.now(),
    }


def index(kind: search.Kind, obj) -> None:
    """Add or refresh one record's entry."""
    document = kind.document(obj)
    if document is None:
        SearchEntry.objects.filter(kind=kind.key, object_id=obj.pk).delete()
        return
    SearchEntry.objects.update_or_create(kind=kind.key, object_id=obj.pk, defaults=_entry_fields(document))


def unindex(kind: search.Kind, pk) -> None:
    SearchEntry.objects.filter(kind=kind.key, object_id=pk).delete()


def refresh(model, pks) -> None:
    """Re-index these records of `model` for every kind that indexes it (deleting entries of records gone),
    after a write that sent no signals."""
    pks = list(pks)
    kinds = [kind for kind in search.kinds() if kind.indexed and kind.model is model]
    if not pks or not kinds:
        return
    for kind in kinds:
        found = {obj.pk: obj for obj in model._default_manager.filter(pk__in=pks)}
        for pk in pks:
            if pk in found:
                index(kind, found[pk])
            else:
                unindex(kind, pk)


def rebuild(keys: list[str] | None = None) -> dict[str, int]:
    """Re-index every record of these kinds (all by default); returns how many entries each has."""
    counts = {}
    with transaction.atomic():
        for kind in search.kinds():
            if not kind.indexed or (keys and kind.key not in keys):
                continue
            SearchEntry.objects.filter(kind=kind.key).delete()
            batch, total = [], 0
            for obj in kind.rows().iterator(chunk_size=BATCH_SIZE):
                document = kind.document(obj)
                if document is None:
                    continue
                batch.append(SearchEntry(kind=kind.key, object_id=obj.pk, **_entry_fields(document)))
                if len(batch) >= BATCH_SIZE:
                    SearchEntry.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            counts[kind.key] = total + len(batch)
    return counts


# --- Signal receivers (connected in SearchConfig.ready()) ---------------------------------------------------


def saved(kind: search.Kind):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            index(kind, instance)

    return receiver


def deleted(kind: search.Kind):
    def receiver(sender, instance, **kwargs):
        unindex(kind, instance.pk)

    return receiver


def followed(kind: search.Kind, related):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            for obj in related(instance):
                index(kind, obj)

    return receiver
