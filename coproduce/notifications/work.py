"""Message work queues for the back-office home (see coproduce.core.work): people we could not reach,
calls to make, and letters to print."""

from coproduce.core.work import SHARED_SECONDS, WorkQueue, register

from . import selectors
from .rules import OFFICERS


def not_reached(user) -> int:
    return selectors.not_reached().count()


def calls_to_make(user) -> int:
    return selectors.calls_to_make().count()


def letters_to_print(user) -> int:
    return selectors.letters_waiting_count()


def register_queues() -> None:
    register(
        WorkQueue(
            "notifications.not_reached",
            "Messages that did not reach someone (no address, failed or returned)",
            "notifications_manage:not_reached",
            OFFICERS,
            not_reached,
            order=12,
            shared_seconds=SHARED_SECONDS,
            follows=("notifications.Message",),
        ),
        WorkQueue(
            "notifications.calls",
            "Messages to pass on by phone",
            "notifications_manage:calls",
            OFFICERS,
            calls_to_make,
            order=13,
            shared_seconds=SHARED_SECONDS,
            follows=("notifications.Message",),
        ),
        WorkQueue(
            "notifications.letters",
            "Letters waiting to be printed and posted",
            "notifications_manage:letters",
            OFFICERS,
            letters_to_print,
            order=14,
            shared_seconds=SHARED_SECONDS,
            follows=("notifications.Message",),
        ),
    )
