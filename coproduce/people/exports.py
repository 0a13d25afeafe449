"""The directory's filtered list as a CSV file, streamed in batches so memory stays flat at any size.

Columns (headings match the importer's where both exist, so an export can be edited and imported elsewhere):
id, full name, preferred name, pronouns, email, phone, address, postcode, preferred contact, formats,
other language, access needs, access needs detail, support person name, support person relationship,
support person contact, support person may be contacted, lived experience, interests, available days,
available times, online, in person, travel miles, recognition, consent to contact, registered on,
last involved on.

Restricted columns are added only for exporters holding the permission, and each such export is audited
as a special-category export: equality answers (people.view_equality_answers) and safeguarding notes
(people.view_safeguarding_notes). Whether someone's benefits limit earnings is left out: only the payments
work needs it.

A cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so spreadsheet
programs show it as text instead of running it as a formula.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from . import choices
from .models import EqualityRecord, Interest, LivedExperienceArea, Person, PersonNote
from .rules import may_view_equality_answers, may_view_safeguarding_notes
from .selectors import DirectoryFilters

CHUNK_SIZE = 500

FORMAT_LABELS = dict(choices.Format.choices)
NEED_LABELS = dict(choices.AccessNeed.choices)
DAY_LABELS = dict(choices.Day.choices)
TIME_LABELS = dict(choices.TimeOfDay.choices)
CONTACT_LABELS = dict(choices.ContactMethod.choices)
RECOGNITION_LABELS = dict(choices.Recognition.choices)


def _labels(values, labels) -> str:
    return "; ".join(labels.get(value, value) for value in values or [])


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


COLUMNS = [
    ("id", lambda p: p.pk),
    ("full name", lambda p: p.full_name),
    ("preferred name", lambda p: p.preferred_name),
    ("pronouns", lambda p: p.pronouns),
    ("email", lambda p: p.email),
    ("phone", lambda p: p.phone),
    ("address", lambda p: p.address),
    ("postcode", lambda p: p.postcode),
    ("preferred contact", lambda p: CONTACT_LABELS.get(p.preferred_contact, "")),
    ("formats", lambda p: _labels(p.formats, FORMAT_LABELS)),
    ("other language", lambda p: p.other_language),
    ("access needs", lambda p: _labels(p.access_needs, NEED_LABELS)),
    ("access needs detail", lambda p: p.access_needs_detail),
    ("support person name", lambda p: p.support_person_name),
    ("support person relationship", lambda p: p.support_person_relationship),
    ("support person contact", lambda p: p.support_person_contact),
    ("support person may be contacted", lambda p: _yes_no(p.support_person_may_be_contacted)),
    ("lived experience", lambda p: "; ".join(area.name for area in p.lived_experience.all())),
    ("interests", lambda p: "; ".join(interest.name for interest in p.interests.all())),
    ("available days", lambda p: _labels(p.available_days, DAY_LABELS)),
    ("available times", lambda p: _labels(p.available_times, TIME_LABELS)),
    ("online", lambda p: _yes_no(p.online)),
    ("in person", lambda p: _yes_no(p.in_person)),
    ("travel miles", lambda p: p.travel_miles),
    ("recognition", lambda p: RECOGNITION_LABELS.get(p.recognition, "")),
    ("consent to contact", lambda p: _yes_no(p.consents_to_contact)),
    ("registered on", lambda p: p.registered_at.date().isoformat()),
    ("last involved on", lambda p: p.last_involved_at.isoformat() if p.last_involved_at else ""),
]

EQUALITY_FIELDS = [
    "age_band",
    "sex",
    "gender_identity",
    "ethnic_group",
    "religion",
    "sexual_orientation",
    "disability",
    "unpaid_care",
]


def _equality_value(person: Person, name: str) -> str:
    try:
        answers = person.equality_record
    except EqualityRecord.DoesNotExist:
        return ""
    return getattr(answers, f"get_{name}_display")()


def _safeguarding_text(person: Person) -> str:
    return " | ".join(f"{note.written_at:%Y-%m-%d}: {note.text}" for note in person.safeguarding_notes)


class ExportPlan:
    """Which columns this exporter gets, decided by their permissions."""

    def __init__(self, user):
        self.equality = bool(may_view_equality_answers(user))
        self.safeguarding = bool(may_view_safeguarding_notes(user))

    def columns(self) -> list[tuple[str, object]]:
        columns = list(COLUMNS)
        if self.equality:
            columns += [
                (f"equality: {EqualityRecord._meta.get_field(name).verbose_name}", _equality_field(name))
                for name in EQUALITY_FIELDS
            ]
        if self.safeguarding:
            columns.append(("safeguarding notes", _safeguarding_text))
        return columns

    def queryset(self, people: QuerySet[Person]) -> QuerySet[Person]:
        """The directory's people with every exported field loaded (the directory itself loads only a few),
        the lists each row shows prefetched per batch."""
        people = (
            people.defer(None)
            .prefetch_related(None)
            .prefetch_related(
                Prefetch("lived_experience", queryset=LivedExperienceArea.objects.only("id", "name")),
                Prefetch("interests", queryset=Interest.objects.only("id", "name")),
            )
        )
        if self.equality:
            people = people.select_related("equality_record")
        if self.safeguarding:
            people = people.prefetch_related(
                Prefetch(
                    "notes",
                    queryset=PersonNote.objects.filter(kind=choices.NoteKind.SAFEGUARDING).order_by(
                        "written_at", "id"
                    ),
                    to_attr="safeguarding_notes",
                )
            )
        return people


def _equality_field(name: str):
    return lambda person: _equality_value(person, name)


def rows(people: QuerySet[Person], plan: ExportPlan) -> Iterator[list[str]]:
    """The heading row, then one row per person, read CHUNK_SIZE at a time."""
    columns = plan.columns()
    yield [heading for heading, _ in columns]
    for person in plan.queryset(people).iterator(chunk_size=CHUNK_SIZE):
        yield [value(person) for _, value in columns]


def filters_used(filters: DirectoryFilters) -> list[str]:
    """The names of the directory filters that narrow this export (sorting is not a filter)."""
    default = DirectoryFilters()
    return [
        item.name
        for item in dataclasses.fields(DirectoryFilters)
        if item.name not in ("sort", "direction")
        and getattr(filters, item.name) != getattr(default, item.name)
    ]
