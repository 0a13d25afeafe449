"""What is waiting for someone: each app registers its work queues, and the back-office home lists the ones a
person may act on, with how many items wait in each and a link to the page where they are dealt with.

A queue's count must use the same query as the page it links to, so the figure and the list never disagree.
Each count is a filtered, indexed count whose cost grows with the queue, not with the tables behind it. A
safety-net queue that can only be found by scanning a large table (one that is normally empty, such as
attendance with no claim) is counted once and shared through the cache for everyone (`shared_seconds`), or
for everyone who sees the whole queue (`shared_when`, e.g. officers); the app that owns it calls `forget(key)`
on every write that can change it, so the figure is never stale for long.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from .access import Policy
from .links import link


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

    def count_for(self, user) -> int:
        if not self.shared_seconds or (self.shared_when is not None and not self.shared_when(user)):
            return self.count(user)
        cache_key = _cache_key(self.key)
        count = cache.get(cache_key)
        if count is None:
            count = self.count(user)
            cache.set(cache_key, count, self.shared_seconds)
        return count


_registry: dict[str, WorkQueue] = {}


def _cache_key(queue_key: str) -> str:
    return f"work-queue:{queue_key}"


def forget(queue_key: str) -> None:
    """Drop a shared count after a write that may change it (the next home page counts again)."""
    cache.delete(_cache_key(queue_key))


def register(*queues: WorkQueue) -> None:
    for queue in queues:
        _registry[queue.key] = queue


def queues_for(user) -> list[dict]:
    """The queues this person may open, in order, each with its count and address."""
    rows = []
    for queue in sorted(_registry.values(), key=lambda q: (q.order, q.key)):
        if not queue.policy.allows(user):
            continue
        url = link(queue.url_name)
        rows.append(
            {
                "key": queue.key,
                "label": queue.label,
                "url": f"{url}?{queue.query}" if queue.query else url,
                "count": queue.count_for(user),
            }
        )
    return rows
