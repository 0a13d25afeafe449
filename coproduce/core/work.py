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

A shared count that can only be found by reading a large table (attendance with no claim: every attendance
record of every year) is `counted_by_worker` where the task queue can defer work (the database queue of
production): a change queues one recount, RECOUNT_AFTER later for every change meanwhile, and the app servers
read the worker's figure (SharedCount) instead of counting on a page view. With the immediate queue
(development, tests) it is counted by the next reader like any shared count.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_tasks import default_task_backend

from .access import Policy
from .links import link

# How long a shared count may be kept: the bound on how late a change shows that no write marks (time
# passing), or that a write made on another app server shows there without a shared cache (REDIS_URL).
SHARED_SECONDS = 60
# A worker recounts this long after the first change, so a burst of changes costs one count.
RECOUNT_AFTER = datetime.timedelta(seconds=30)


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
    # With shared_seconds (and no shared_when): a task worker recounts after changes (see the top).
    counted_by_worker: bool = False

    def shared_for(self, user) -> bool:
        return bool(self.shared_seconds) and (self.shared_when is None or bool(self.shared_when(user)))


_registry: dict[str, WorkQueue] = {}


def _cache_key(queue_key: str) -> str:
    return f"work-queue:{queue_key}"


def by_worker(queue: WorkQueue) -> bool:
    return queue.counted_by_worker and default_task_backend.supports_defer


def forget(queue_key: str) -> None:
    """Drop a shared count after a write that may change it (the next home page counts again), or, for a
    count a worker makes, queue its recount."""
    queue = _registry.get(queue_key)
    if queue is not None and by_worker(queue):
        _queue_recount(queue_key)
        return
    cache.delete(_cache_key(queue_key))


def _forget_now_and_on_commit(keys: list[str]) -> None:
    worked = [key for key in keys if key in _registry and by_worker(_registry[key])]
    for key in worked:
        _queue_recount(key)
    keys = [key for key in keys if key not in worked]
    if keys:
        cache.delete_many([_cache_key(key) for key in keys])
        transaction.on_commit(lambda: cache.delete_many([_cache_key(key) for key in keys]))


def _queue_recount(queue_key: str) -> None:
    """One recount, RECOUNT_AFTER after the first change committed since the last one was queued (a change
    rolled back queues nothing, and holds back no other)."""
    from .tasks import recount_work_queue

    def queue_once() -> None:
        if cache.add(f"work-queue-recount:{queue_key}", True, timeout=RECOUNT_AFTER.total_seconds()):
            run_after = timezone.now() + RECOUNT_AFTER
            recount_work_queue.using(run_after=run_after).enqueue(queue_key)

    transaction.on_commit(queue_once)


def recount(queue_key: str) -> int:
    """Count a worker-made queue now and keep the figure for the app servers (the task's work)."""
    queue = _registry[queue_key]
    count = queue.count(None)
    recount_stored(queue_key, count)
    cache.set(_cache_key(queue_key), count, queue.shared_seconds)
    return count


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
    worked = [queue.key for queue in queues if by_worker(queue) and _cache_key(queue.key) not in kept]
    if worked:
        kept.update(_worker_counts(worked))
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
        queue_key = cache_key.removeprefix(_cache_key(""))
        if queue_key in worked:  # the first count of all: kept for the other app servers
            recount_stored(queue_key, count)
    return counts


def _worker_counts(keys: list[str]) -> dict[str, int]:
    """The figures workers made for these queues (one query), as cache keys, also kept in this cache."""
    from .models import SharedCount

    found = {
        _cache_key(key): count
        for key, count in SharedCount.objects.filter(key__in=keys).values_list("key", "count")
    }
    for cache_key, count in found.items():
        cache.set(cache_key, count, _registry[cache_key.removeprefix(_cache_key(""))].shared_seconds)
    return found


def recount_stored(queue_key: str, count: int) -> None:
    """Keep a worker-made queue's figure for every app server."""
    from .models import SharedCount

    SharedCount.objects.update_or_create(
        key=queue_key, defaults={"count": count, "counted_at": timezone.now()}
    )


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
