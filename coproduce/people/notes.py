"""The notes log on a person's record: general notes any officer reads and writes, and restricted
safeguarding notes only users with people.view_safeguarding_notes may read or write (each read audited)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coproduce.audit.services import record

from . import selectors
from .choices import NoteKind
from .models import Person, PersonNote
from .rules import may_view_safeguarding_notes


def may_handle(user, kind: str) -> bool:
    return kind == NoteKind.GENERAL or bool(may_view_safeguarding_notes(user))


def add_note(person: Person, *, kind: str, text: str, actor, request=None) -> PersonNote:
    """Write a dated note by `actor` on `person`'s record (never on an erased person's)."""
    if not may_handle(actor, kind):
        raise PermissionDenied("Only people with the safeguarding permission may write safeguarding notes.")
    if person.erased_at is not None:
        raise PermissionDenied("This person's details were erased.")
    with transaction.atomic():
        note = PersonNote.objects.create(person=person, kind=kind, text=text.strip(), written_by=actor)
        verb = "people.safeguarding_note_added" if kind == NoteKind.SAFEGUARDING else "people.note_added"
        record(verb, actor=actor, obj=note, changed_fields=["kind", "text"], request=request)
    return note


def notes_for_reader(person: Person, *, reader, request=None) -> tuple[list[PersonNote], int]:
    """The notes `reader` may see (newest first) and how many restricted ones are hidden from them.

    Reading safeguarding notes is a read of special-category data: it is audited once per reading.
    """
    allowed = bool(may_view_safeguarding_notes(reader))
    notes, hidden = selectors.notes_for(person, include_safeguarding=allowed)
    if allowed and any(note.kind == NoteKind.SAFEGUARDING for note in notes):
        record("people.safeguarding_viewed", actor=reader, obj=person, request=request)
    return notes, hidden
