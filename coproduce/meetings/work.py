"""Meeting work queues for the back-office home (see coproduce.core.work)."""

import datetime

from django.utils import timezone

from coproduce.core.work import WorkQueue, register

from . import selectors
from .rules import ORGANISERS

SOON = datetime.timedelta(days=14)


def coming_up(user) -> int:
    now = timezone.now()
    return (
        selectors.meetings_organisable_by(user)
        .filter(starts_at__gte=now, starts_at__lt=now + SOON, cancelled_at__isnull=True)
        .count()
    )


def attendance_not_recorded(user) -> int:
    return selectors.attendance_to_record(user).count()


def register_queues() -> None:
    register(
        WorkQueue(
            "meetings.soon",
            "Meetings in the next 14 days (check their support needs)",
            "meetings_manage:list",
            ORGANISERS,
            coming_up,
            order=30,
        ),
        WorkQueue(
            "meetings.attendance",
            "Past meetings with no attendance recorded (people are paid from it)",
            "meetings_manage:list",
            ORGANISERS,
            attendance_not_recorded,
            query="when=unrecorded",
            order=31,
        ),
    )
