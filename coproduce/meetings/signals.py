"""Hooks other apps subscribe to (payments turns attendance into claims).

``attendance_recorded`` is sent after the transaction that wrote the row commits, with ``attendance`` (the
saved Attendance), ``previous_status`` and ``previous_hours`` (None when the row is new) and ``actor``.
"""

from django.dispatch import Signal

attendance_recorded = Signal()
