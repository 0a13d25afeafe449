"""What is waiting for someone: each app registers its work queues, and the back-office home lists the ones a
person may act on, with how many items wait in each and a link to the page where they are dealt with.

A queue's count must use the same query as the page it links to, so the figure and the list never disagree.
Each count is a filtered, indexed count whose cost grows with the queue, not with the tables behind it.

A count that is the same for everyone who may see it (or for everyone who sees the whole queue:
`shared_when`, e.g. officers) is counted once and shared through the cache for `shared_seconds`. It is
forgotten as soon as one of the models it `follows` is saved or deleted (now, and again once the write
commits, so no reader caches a figure from before it); a bulk `update()` on such a model sends no signal, so
the service that does one calls `forget_following(Model)`. What a count follows can also change with time
alone (a meeting starting, a response falling overdue): `shared_seconds` bounds how late that shows. The
home page reads every shared count in one cache round trip (decision 0011: the page asked the database a
dozen COUNTs per view).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .access import Policy
from .links import link

# How long a shared count may be kept: the bound on how late a change shows that no write marks (time
# passing), or that a write made on another app server shows there without a shared cache (REDIS_URL).
SHARED_SECONDS = 60


@dataclass(frozen=True)
class WorkQueue:
    key: str
    label: str  # says what waits, e.g. "Claims waiting for finance approval"
    url_name: str
    policy: Policy
    count: Callable  # (user) -> int
    query: str = ""  # appended to the page's address, e.g. "status=checked"
    order: int = 50
    shared_seconds: int = 0  # > 0: the count is the same for everyone and shared through the cache this long
    # With shared_seconds: only people for whom this is true share the count (those who see every item,
    # such as officers); everyone else's count is their own.
    shared_when: Callable | None = None
    # Models whose saves and deletes change the shared count: each forgets it.
    follows: tuple = ()

    def shared_for(self, user) -> bool:
        return bool(self.shared_seconds) and (self.shared_when is None or bool(self.shared_when(user)))


_registry: dict[str, WorkQueue] = {}


def _cache_key(queue_key: str) -> str:
    return f"work-queue:{queue_key}"


def forget(queue_key: str) -> None:
    """Drop a shared count after a write that may change it (the next home page counts again)."""
    cache.delete(_cache_key(queue_key))


def _forget_now_and_on_commit(keys: list[str]) -> None:
    cache.delete_many([_cache_key(key) for key in keys])
    transaction.on_commit(lambda: cache.delete_many([_cache_key(key) for key in keys]))


def forget_following(model) -> None:
    """A bulk write to `model` (which sends no signal): forget every shared count that follows it."""
    keys = [queue.key for queue in _registry.values() if _follows(queue, model)]
    if keys:
        _forget_now_and_on_commit(keys)


def _follows(queue: WorkQueue, model) -> bool:
    return any(
        followed is model or (isinstance(followed, str) and followed == model._meta.label)
        for followed in queue.follows
    )


def _forget_on_write(sender, **kwargs) -> None:
    forget_following(sender)


def register(*queues: WorkQueue) -> None:
    for queue in queues:
        _registry[queue.key] = queue
        for model in queue.follows:
            uid = f"work-queue-follows-{model if isinstance(model, str) else model._meta.label}"
            post_save.connect(_forget_on_write, sender=model, dispatch_uid=f"{uid}-saved")
            post_delete.connect(_forget_on_write, sender=model, dispatch_uid=f"{uid}-deleted")


def _counts(user, queues: list[WorkQueue]) -> dict[str, int]:
    """Each queue's count: the shared ones read from the cache in one round trip (and counted, then kept,
    when missing), the others counted for this person."""
    shared = {queue.key for queue in queues if queue.shared_for(user)}
    kept = cache.get_many([_cache_key(key) for key in shared]) if shared else {}
    counts, missing = {}, {}
    for queue in queues:
        count = kept.get(_cache_key(queue.key)) if queue.key in shared else None
        if count is None:
            count = queue.count(user)
            if queue.key in shared:
                missing[_cache_key(queue.key)] = (count, queue.shared_seconds)
        counts[queue.key] = count
    for cache_key, (count, seconds) in missing.items():
        cache.set(cache_key, count, seconds)
    return counts


def queues_for(user) -> list[dict]:
    """The queues this person may open, in order, each with its count and address."""
    mine = [
        queue
        for queue in sorted(_registry.values(), key=lambda q: (q.order, q.key))
        if queue.policy.allows(user)
    ]
    counts = _counts(user, mine)
    rows = []
    for queue in mine:
        url = link(queue.url_name)
        rows.append(
            {
                "key": queue.key,
                "label": queue.label,
                "url": f"{url}?{queue.query}" if queue.query else url,
                "count": counts[queue.key],
            }
        )
    return rows
