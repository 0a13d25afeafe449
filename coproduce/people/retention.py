"""Keeping personal data no longer than needed.

Someone is due for review when COPRODUCE_RETENTION_MONTHS have passed since they were last involved (or,
if they never were, since they were registered), and no officer has reviewed them since. An officer then
either confirms deletion (marked_for_erasure_at is set; `manage.py erase_marked_people`, run daily, erases
them with services.erase_person) or keeps them because they are still in touch: that writes a dated note
and sets retention_reviewed_at, which restarts the clock without pretending they were involved in anything.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from coproduce.audit.services import record

from . import choices
from .models import Person, PersonNote
from .services import erase_person


def retention_months() -> int:
    return settings.COPRODUCE_RETENTION_MONTHS


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(today: datetime.date | None = None) -> tuple[datetime.date, datetime.datetime]:
    """The date (and the moment it began, UK time) before which activity counts as too long ago."""
    day = months_before(today or timezone.localdate(), retention_months())
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return day, moment


def due_for_review(today: datetime.date | None = None) -> QuerySet[Person]:
    """Current people not involved (or registered, if never involved) since the cutoff, not reviewed since,
    and not already marked for erasure; longest-quiet first."""
    day, moment = cutoff(today)
    quiet = Q(last_involved_at__lt=day) | Q(last_involved_at__isnull=True, registered_at__lt=moment)
    not_reviewed = Q(retention_reviewed_at__isnull=True) | Q(retention_reviewed_at__lt=moment)
    return (
        Person.objects.current()
        .filter(quiet, not_reviewed, marked_for_erasure_at__isnull=True)
        .only("id", "full_name", "preferred_name", "email", "phone", "registered_at", "last_involved_at")
        .order_by(F("last_involved_at").asc(nulls_first=True), "registered_at", "id")
    )


def marked_for_erasure() -> QuerySet[Person]:
    return (
        Person.objects.current()
        .filter(marked_for_erasure_at__isnull=False)
        .only("id", "full_name", "preferred_name", "marked_for_erasure_at")
        .order_by("marked_for_erasure_at", "id")
    )


def _due(ids: Iterable[int]) -> list[Person]:
    return list(due_for_review().filter(pk__in=list(ids)).select_for_update(of=("self",)))


def confirm_deletion(ids: Iterable[int], *, actor, request=None) -> int:
    """Mark these people (those still due for review) for erasure at the next daily run. Audited per
    person as "people.marked_for_erasure". Returns how many were marked."""
    with transaction.atomic():
        people = _due(ids)
        now = timezone.now()
        Person.objects.filter(pk__in=[person.pk for person in people]).update(marked_for_erasure_at=now)
        for person in people:
            record(
                "people.marked_for_erasure",
                actor=actor,
                obj=person,
                changed_fields=["marked_for_erasure_at"],
                request=request,
            )
    return len(people)


KEPT_NOTE = "Retention review: kept on the network, still in touch."


def keep(ids: Iterable[int], *, actor, note: str = "", request=None) -> int:
    """Keep these people (those still due for review): a dated note on each record says why, and the
    review date restarts the retention clock. Audited per person as "people.retention_kept"."""
    text = f"{KEPT_NOTE} {note.strip()}".strip()
    with transaction.atomic():
        people = _due(ids)
        now = timezone.now()
        Person.objects.filter(pk__in=[person.pk for person in people]).update(retention_reviewed_at=now)
        PersonNote.objects.bulk_create(
            PersonNote(
                person=person, kind=choices.NoteKind.GENERAL, text=text, written_at=now, written_by=actor
            )
            for person in people
        )
        for person in people:
            record(
                "people.retention_kept",
                actor=actor,
                obj=person,
                changed_fields=["retention_reviewed_at", "notes"],
                request=request,
            )
    return len(people)


def cancel_deletion(person: Person, *, actor, request=None) -> bool:
    """Take a person off the erasure list before the daily run reaches them."""
    with transaction.atomic():
        changed = (
            Person.objects.current()
            .filter(pk=person.pk, marked_for_erasure_at__isnull=False)
            .update(marked_for_erasure_at=None)
        )
        if changed:
            record(
                "people.erasure_cancelled",
                actor=actor,
                obj=person,
                changed_fields=["marked_for_erasure_at"],
                request=request,
            )
    return bool(changed)


def erase_marked(*, actor=None) -> int:
    """Erase everyone confirmed for deletion, each in their own transaction (one failure does not undo the
    others). Returns how many were erased."""
    erased = 0
    for pk in list(marked_for_erasure().values_list("pk", flat=True)):
        # Re-read: an officer may have cancelled the deletion since the list was read.
        person = marked_for_erasure().filter(pk=pk).first()
        if person is not None:
            erase_person(person, actor=actor)
            erased += 1
    return erased
