"""What is waiting for someone: each app registers its work queues, and the back-office home lists the ones a
person may act on, with how many items wait in each and a link to the page where they are dealt with.

A queue's count must use the same query as the page it links to, so the figure and the list never disagree.
Each count is a filtered, indexed count whose cost grows with the queue, not with the tables behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from .access import Policy


@dataclass(frozen=True)
class WorkQueue:
    key: str
    label: str  # says what waits, e.g. "Claims waiting for finance approval"
    url_name: str
    policy: Policy
    count: Callable  # (user) -> int
    query: str = ""  # appended to the page's address, e.g. "status=checked"
    order: int = 50


_registry: dict[str, WorkQueue] = {}


def register(*queues: WorkQueue) -> None:
    for queue in queues:
        _registry[queue.key] = queue


def queues_for(user) -> list[dict]:
    """The queues this person may open, in order, each with its count and address."""
    rows = []
    for queue in sorted(_registry.values(), key=lambda q: (q.order, q.key)):
        if not queue.policy.allows(user):
            continue
        url = reverse(queue.url_name)
        rows.append(
            {
                "key": queue.key,
                "label": queue.label,
                "url": f"{url}?{queue.query}" if queue.query else url,
                "count": queue.count(user),
            }
        )
    return rows
