"""Writes for people: each verb runs in one transaction and records its audit event there.

Audit events name fields, never the values in them: a person's needs, experience and consent choices are
personal (some special-category) data.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import UserSession
from coproduce.audit.services import record

from . import choices, personal_data
from .equality import forget_equality_answers
from .models import Consent, EqualityRecord, Person, PersonNote

# Text and list fields blanked when a person is erased (the row itself stays as a tombstone so that
# payments, attendance and audit history keep pointing at something).
_BLANKED_TEXT = (
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "preferred_contact",
    "other_language",
    "access_needs_detail",
    "support_person_name",
    "support_person_relationship",
    "support_person_contact",
    "recognition",
    "benefits_limit",
)
_BLANKED_LISTS = ("formats", "access_needs", "available_days", "available_times")
_BLANKED_FLAGS = ("support_person_may_be_contacted", "online", "in_person", "consents_to_contact")

# Plain profile fields a member (or the journey) may set; many-to-many fields are handled apart.
PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "preferred_contact",
    "formats",
    "other_language",
    "access_needs",
    "access_needs_detail",
    "support_person_name",
    "support_person_relationship",
    "support_person_contact",
    "support_person_may_be_contacted",
    "available_days",
    "available_times",
    "online",
    "in_person",
    "travel_miles",
    "recognition",
    "benefits_limit",
)
M2M_FIELDS = ("lived_experience", "interests")


class ConsentError(ValueError):
    """An unknown consent purpose or method."""


class AlreadyJoinedError(Exception):
    """The account already has a profile (a second join would create a duplicate)."""


def _acting_user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- Consent ----------------------------------------------------------------------------------------------


def record_consent(person: Person, purpose: str, given: bool, *, method: str, actor, request=None) -> Consent:
    """Append one consent decision for `purpose` and keep `Person.consents_to_contact` in step.

    Takes effect at once: the latest row per purpose is the current choice. Audited as
    "people.consent_given" or "people.consent_withdrawn" naming the purpose (not a value). Withdrawing
    KEEP_EQUALITY_DATA deletes the person's equality answers in the same transaction.
    """
    if purpose not in choices.ConsentPurpose.values:
        raise ConsentError(f"Unknown consent purpose {purpose!r}")
    if method not in choices.ConsentMethod.values:
        raise ConsentError(f"Unknown consent method {method!r}")
    given = bool(given)
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            purpose=purpose,
            given=given,
            method=method,
            recorded_at=timezone.now(),
            recorded_by=_acting_user(actor),
        )
        if purpose == choices.ConsentPurpose.CONTACT and person.consents_to_contact != given:
            person.consents_to_contact = given
            Person.objects.filter(pk=person.pk).update(consents_to_contact=given)
        record(
            "people.consent_given" if given else "people.consent_withdrawn",
            actor=actor,
            obj=person,
            changed_fields=[f"consent.{purpose}"],
            request=request,
        )
        if purpose == choices.ConsentPurpose.KEEP_EQUALITY_DATA and not given:
            forget_equality_answers(person, actor=actor, request=request)
    return consent


def current_consents(person: Person) -> dict[str, Consent]:
    """The latest decision per purpose (purposes never decided are absent)."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(person=person).order_by("-recorded_at", "-id"):
        latest.setdefault(consent.purpose, consent)
    return latest


def update_consents(
    person: Person, answers: dict[str, bool], *, method: str, actor, request=None
) -> list[str]:
    """Record a decision for each purpose whose answer differs from the current one. Returns the purposes
    changed (withdrawals take effect at once)."""
    changed = []
    with transaction.atomic():
        current = current_consents(person)
        for purpose, given in answers.items():
            previous = current.get(purpose)
            if previous is None or previous.given != bool(given):
                record_consent(person, purpose, given, method=method, actor=actor, request=request)
                changed.append(purpose)
    return changed


# --- Joining and editing ----------------------------------------------------------------------------------


def create_person_from_journey(
    user,
    answers: dict,
    consents: dict[str, bool],
    *,
    request=None,
    method: str = choices.ConsentMethod.ONLINE,
) -> Person:
    """Create the signed-in user's profile and their consent decisions in one transaction.

    `answers` holds PROFILE_FIELDS and the ids of "lived_experience" and "interests"; the email defaults to
    the account's. Audited as "people.joined" (field names only).
    """
    from .models import Interest, LivedExperienceArea

    with transaction.atomic():
        if Person.objects.filter(user=user).exists():
            raise AlreadyJoinedError("This account already has a profile.")
        values = {name: answers[name] for name in PROFILE_FIELDS if name in answers}
        values.setdefault("email", user.email)
        if not values.get("full_name"):
            values["full_name"] = user.full_name
        person = Person(user=user, registered_by=_acting_user(user), **values)
        person.save()
        areas = LivedExperienceArea.objects.filter(pk__in=answers.get("lived_experience") or [], active=True)
        interests = Interest.objects.filter(pk__in=answers.get("interests") or [], active=True)
        person.lived_experience.set(areas)
        person.interests.set(interests)
        filled = [name for name in values if values[name] not in ("", None, [], False)]
        filled += [name for name in M2M_FIELDS if answers.get(name)]
        record("people.joined", actor=user, obj=person, changed_fields=filled, request=request)
        for purpose, given in consents.items():
            record_consent(person, purpose, given, method=method, actor=user, request=request)
        from .registration import person_joined

        person_joined.send(sender=Person, person=person, actor=user, request=request, attribution={})
    return person


def update_profile(person: Person, values: dict, *, actor, request=None) -> list[str]:
    """Change profile fields (and "lived_experience"/"interests" given as querysets or ids). Audits the
    names of the fields that really changed as "people.profile_changed". Returns those names."""
    changed: list[str] = []
    with transaction.atomic():
        for name in PROFILE_FIELDS:
            if name in values and getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed.append(name)
        if changed:
            person.save()
        for name in M2M_FIELDS:
            if name not in values:
                continue
            wanted = {getattr(item, "pk", item) for item in values[name]}
            manager = getattr(person, name)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(manager.model.objects.filter(pk__in=wanted))
                changed.append(name)
        if changed:
            record("people.profile_changed", actor=actor, obj=person, changed_fields=changed, request=request)
    return changed


# --- Data rights ------------------------------------------------------------------------------------------


EXPORT_README = """This is a copy of the information {programme} holds about you, made on {made}.

Each part comes twice: as JSON (for computers) and as CSV (opens in a spreadsheet).
- profile: your name, contact details, formats, access needs, support person, lived experience, interests,
  availability and how you want to be recognised
- consents: every choice you (or staff on your behalf) made about how we use your information, with dates
- equality: your equality monitoring answers, if you gave any
- notes: notes staff wrote on your record
- project_teams: the project teams you are or were on, with your role and dates
- expressions_of_interest and invitations: the opportunities you applied for or were invited to
- meeting_registrations, meeting_attendance and meeting_actions: meetings you replied to (with the
  adjustments you asked for), meetings you attended and the actions you own
- payment_choice, bank_details, claims, expense_lines and claim_corrections: how you want to be paid, your
  bank details (only the last 4 digits: see the note in that file), your claims with their expenses, and
  any corrections made to them (with the reason)

Not included: safeguarding notes. If any are held, ask us for them and a safeguarding officer will review
and release them to you. A part with nothing in it for you is not included.
"""


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: "; ".join(map(str, value)) if isinstance(value, list) else value
                    for key, value in row.items()
                }
            )
    return buffer.getvalue().encode("utf-8-sig")


def person_data(person: Person) -> dict[str, list[dict]]:
    """Everything held about `person` that a subject access request covers, except safeguarding notes
    (an officer reviews and releases those by hand)."""
    profile = {name: _json_value(getattr(person, name)) for name in PROFILE_FIELDS}
    profile["lived_experience"] = [area.name for area in person.lived_experience.all()]
    profile["interests"] = [interest.name for interest in person.interests.all()]
    profile["account_email"] = person.user.email if person.user_id else ""
    profile["registered_at"] = _json_value(person.registered_at)
    profile["last_involved_at"] = _json_value(person.last_involved_at)
    consents = [
        {
            "purpose": consent.purpose,
            "purpose_description": consent.get_purpose_display(),
            "given": consent.given,
            "method": consent.get_method_display(),
            "recorded_at": _json_value(consent.recorded_at),
            "recorded_by": "you" if consent.recorded_by_id == person.user_id else "a member of staff",
        }
        for consent in Consent.objects.filter(person=person).order_by("recorded_at", "id")
    ]
    data = {"profile": [profile], "consents": consents}
    record_ = EqualityRecord.objects.filter(person=person).first()
    if record_ is not None:
        data["equality"] = [
            {
                field.name: _json_value(getattr(record_, field.name))
                for field in EqualityRecord._meta.concrete_fields
                if field.name not in ("id", "person")
            }
        ]
    notes = (
        PersonNote.objects.filter(person=person)
        .exclude(kind=choices.NoteKind.SAFEGUARDING)
        .select_related("written_by")
        .order_by("written_at", "id")
    )
    data["notes"] = [
        {
            "written_at": _json_value(note.written_at),
            "kind": note.get_kind_display(),
            "written_by": note.written_by.display_name,
            "text": note.text,
        }
        for note in notes
    ]
    data.update(personal_data.downloaded_parts(person))
    return data


def export_person_data(person: Person, *, actor, request=None) -> bytes:
    """A ZIP of everything held about `person` (JSON and CSV of each part), audited as
    "people.data_downloaded" naming the parts included."""
    data = person_data(person)
    buffer = io.BytesIO()
    made = timezone.localtime()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        readme = EXPORT_README.format(
            programme=settings.COPRODUCE["PROGRAMME_NAME"], made=f"{made:%d %B %Y %H:%M}"
        )
        archive.writestr("README.txt", readme)
        for part, rows in data.items():
            archive.writestr(f"{part}.json", json.dumps(rows, indent=2, ensure_ascii=False))
            archive.writestr(f"{part}.csv", _csv_bytes(rows))
    with transaction.atomic():
        record("people.data_downloaded", actor=actor, obj=person, changed_fields=list(data), request=request)
    return buffer.getvalue()


def _end_all_sessions(user) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).update(ended_at=timezone.now())
    for row in rows:
        store(row.session_key).delete()


def _anonymise_user(user) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.preferred_name = ""
    user.email_confirmed_at = None
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["email", "full_name", "preferred_name", "email_confirmed_at", "is_active", "password"]
    )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _end_all_sessions(user)


def erase_person(person: Person, *, actor, request=None) -> Person:
    """Erase a person: blank their personal data but keep the row (a tombstone, so payments and history stay
    consistent), delete their equality answers and the text of notes about them, and deactivate and
    anonymise their sign-in so it can never be used again (every session ended). Audited as "people.erased".

    Erasing an already erased person does nothing more.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            return person
        for name in _BLANKED_TEXT:
            setattr(person, name, "")
        for name in _BLANKED_LISTS:
            setattr(person, name, [])
        for name in _BLANKED_FLAGS:
            setattr(person, name, False)
        person.travel_miles = None
        person.marked_for_erasure_at = None
        person.erased_at = timezone.now()
        person.save()
        person.lived_experience.clear()
        person.interests.clear()
        EqualityRecord.objects.filter(person=person).delete()
        PersonNote.objects.filter(person=person).update(text="")
        erased_elsewhere = personal_data.erase_everywhere(person)
        if person.user_id is not None:
            _anonymise_user(person.user)
        record(
            "people.erased",
            actor=actor,
            obj=person,
            changed_fields=[
                *_BLANKED_TEXT,
                *_BLANKED_LISTS,
                *_BLANKED_FLAGS,
                "travel_miles",
                *M2M_FIELDS,
                "equality_record",
                "notes.text",
                *erased_elsewhere,
                "user",
            ],
            request=request,
        )
    return person
