"""Meeting work queues for the back-office home (see coproduce.core.work)."""

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.core.work import SHARED_SECONDS, WorkQueue, forget, register

from . import selectors
from .rules import ORGANISERS, is_meetings_officer

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


ATTENDANCE = "meetings.attendance"


def forget_attendance_not_recorded(**kwargs) -> None:
    """Attendance or a meeting was saved: the officers' shared count is counted again (now and once the
    change commits, so no reader caches a figure from before it)."""
    forget(ATTENDANCE)
    transaction.on_commit(lambda: forget(ATTENDANCE))


def register_queues() -> None:
    register(
        WorkQueue(
            "meetings.soon",
            "Meetings in the next 14 days (check their support needs)",
            "meetings_manage:list",
            ORGANISERS,
            coming_up,
            order=30,
            # Officers see every meeting; a meeting leaves the fortnight by starting, which no write marks.
            shared_seconds=SHARED_SECONDS,
            shared_when=is_meetings_officer,
            follows=("meetings.Meeting",),
        ),
        WorkQueue(
            ATTENDANCE,
            "Past meetings with no attendance recorded (people are paid from it)",
            "meetings_manage:list",
            ORGANISERS,
            attendance_not_recorded,
            query="when=unrecorded",
            order=31,
            # Officers see every meeting: one count for them all, checking months of meetings for attendance.
            # A minute at most, since a meeting joins the queue by ending, which no write marks.
            shared_seconds=60,
            shared_when=is_meetings_officer,
        ),
    )
