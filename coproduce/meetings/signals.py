"""Hooks other apps subscribe to (payments turns attendance into claims).

``attendance_saved`` is sent INSIDE the transaction that records attendance, every time a mark is saved (new,
changed, or saved again unchanged), with ``attendance`` (the saved Attendance), ``changed`` (False when the
same marks were saved again), ``previous_status`` and ``previous_hours`` (None when the row is new), ``actor``
and ``request``. What a receiver writes commits or rolls back with the attendance, so the two can never come
apart. A receiver that raises refuses the whole recording; one that must not block it (payments) does its
work in a savepoint, records its own failure and returns a plain-English problem (a str), which
``services.record_attendance`` hands back on ``attendance.problems`` for the page to show.

``attendance_recorded`` is sent after the transaction commits, only when the row is new or changed, with
``attendance``, ``previous_status``, ``previous_hours`` and ``actor``: for notifications, never for data that
must stay in step with attendance (a process killed between the two commits would lose it).
"""

from django.dispatch import Signal

attendance_saved = Signal()
attendance_recorded = Signal()
