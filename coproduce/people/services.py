"""Writes for people: each verb runs in one transaction and records its audit event there.

Audit events name fields, never the values in them: a person's needs, experience and consent choices are
personal (some special-category) data.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from coproduce.accounts.models import User, UserSession
from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError

from . import choices, personal_data
from .choices import NoteKind
from .exports import EQUALITY_FIELDS, ExportPlan
from .models import (
    PERSONAL_DETAILS,
    Consent,
    EqualityRecord,
    Interest,
    LivedExperienceArea,
    PendingImport,
    Person,
    PersonNote,
)
from .selectors import (
    FIELDS,
    PROFILE_FIELDS,
    SPECIAL_PERMISSIONS,
    _due,
    has_equality_consent,
    latest_consents,
    marked_for_erasure,
    may_handle,
    person_data,
    special_permissions_of,
)

# Text and list fields blanked when a person is erased (the row itself stays as a tombstone so that
# payments, attendance and audit history keep pointing at something).
_BLANKED_TEXT = (
    *PERSONAL_DETAILS,
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

M2M_FIELDS = ("lived_experience", "interests")

# Sent inside the transaction that creates a profile (joining online, or registered by an officer), with
# `person`, `actor`, `request` and `attribution` (answers to questions other apps added; empty online).
person_joined = Signal()


class ConsentError(ServiceError, ValueError):
    """An unknown consent purpose or method."""


class AlreadyJoinedError(ConflictError):
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


def update_consents(
    person: Person, answers: dict[str, bool], *, method: str, actor, request=None
) -> list[str]:
    """Record a decision for each purpose whose answer differs from the current one. Returns the purposes
    changed (withdrawals take effect at once)."""
    changed = []
    with transaction.atomic():
        current = latest_consents(person)
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


def set_special_permissions(user: User, wanted, *, actor, request=None) -> tuple[list[str], list[str]]:
    """Give `user` exactly the restricted permissions in `wanted`. Audited as "accounts.permission_granted"
    and "accounts.permission_revoked", naming the permissions. Returns (granted, revoked) codenames."""
    wanted = set(wanted)
    unknown = wanted - set(SPECIAL_PERMISSIONS)
    if unknown:
        raise ValueError(f"Not a restricted permission: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        permissions = {
            permission.codename: permission
            for permission in Permission.objects.filter(
                content_type__app_label="people", codename__in=SPECIAL_PERMISSIONS
            )
        }
        held = set(special_permissions_of(user))
        granted = [codename for codename in SPECIAL_PERMISSIONS if codename in wanted - held]
        revoked = [codename for codename in SPECIAL_PERMISSIONS if codename in held - wanted]
        if granted:
            user.user_permissions.add(*(permissions[codename] for codename in granted))
            record(
                "accounts.permission_granted",
                actor=actor,
                obj=user,
                changed_fields=[f"people.{codename}" for codename in granted],
                request=request,
            )
        if revoked:
            user.user_permissions.remove(*(permissions[codename] for codename in revoked))
            record(
                "accounts.permission_revoked",
                actor=actor,
                obj=user,
                changed_fields=[f"people.{codename}" for codename in revoked],
                request=request,
            )
    # Django caches permissions on the user object; a fresh check must see the change.
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return granted, revoked


MANY_TO_MANY = ("lived_experience", "interests")


def _apply(person: Person, profile: dict) -> tuple[list[str], dict]:
    """Set plain fields on `person`; return the names of those that changed and the many-to-many values."""
    changed = []
    related = {}
    for name, value in profile.items():
        if name in MANY_TO_MANY:
            related[name] = value
        elif getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    return changed, related


def _set_related(person: Person, related: dict) -> list[str]:
    changed = []
    for name, values in related.items():
        manager = getattr(person, name)
        wanted = {item.pk for item in values}
        if {item.pk for item in manager.all()} != wanted:
            manager.set(values)
            changed.append(name)
    return changed


def register_person(
    *, profile: dict, consents: dict[str, bool], method: str, actor, request=None, attribution=None
) -> Person:
    """Create a Person without a sign-in from what an officer took down, with each consent decision
    recorded as taken by `method` (phone, paper, in person) by `actor`. `attribution` holds the answers to
    questions other apps added to the form (forms.register_attribution_field)."""
    with transaction.atomic():
        person = Person(registered_by=actor, registered_at=timezone.now())
        changed, related = _apply(person, profile)
        person.save()
        changed += _set_related(person, related)
        record(
            "people.registered_by_officer", actor=actor, obj=person, changed_fields=changed, request=request
        )
        for purpose, given in consents.items():
            record_consent(person, purpose, given, method=method, actor=actor, request=request)
        person_joined.send(
            sender=Person, person=person, actor=actor, request=request, attribution=attribution or {}
        )
    return person


# Keeping personal data no longer than needed.
#
# Someone is due for review when COPRODUCE_RETENTION_MONTHS have passed since they were last involved (or,
# if they never were, since they were registered), and no officer has reviewed them since. An officer then
# either confirms deletion (marked_for_erasure_at is set; `manage.py erase_marked_people`, run daily, erases
# them with services.erase_person) or keeps them because they are still in touch: that writes a dated note
# and sets retention_reviewed_at, which restarts the clock without pretending they were involved in anything.
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


def erase_marked(*, actor=None, request=None) -> int:
    """Erase everyone confirmed for deletion, each in their own transaction (one failure does not undo the
    others). Returns how many were erased."""
    erased = 0
    for pk in list(marked_for_erasure().values_list("pk", flat=True)):
        # Re-read: an officer may have cancelled the deletion since the list was read.
        person = marked_for_erasure().filter(pk=pk).first()
        if person is not None:
            erase_person(person, actor=actor, request=request)
            erased += 1
    return erased


class EqualityConsentRequired(ServiceError):
    """Answers can be kept only while the person consents to KEEP_EQUALITY_DATA."""


def save_equality_answers(person: Person, answers: dict[str, str], *, actor, request=None) -> EqualityRecord:
    """Create or change the person's equality record from `answers` (EqualityRecord field -> choice value).

    Refuses (EqualityConsentRequired) without KEEP_EQUALITY_DATA consent. Audited as
    "people.equality_answered" naming the fields that changed.
    """
    unknown = set(answers) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not equality fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if not has_equality_consent(person):
            raise EqualityConsentRequired("The person has not agreed that equality answers are kept.")
        equality_record = EqualityRecord.objects.select_for_update().filter(person=person).first()
        created = equality_record is None
        if created:
            equality_record = EqualityRecord(person=person)
        changed = []
        for field, value in answers.items():
            if created or getattr(equality_record, field) != value:
                setattr(equality_record, field, value)
                changed.append(field)
        if changed or created:
            equality_record.updated_at = timezone.now()
            equality_record.full_clean(exclude=["person"])
            equality_record.save()
            record(
                "people.equality_answered",
                actor=actor,
                obj=person,
                changed_fields=changed,
                request=request,
            )
    return equality_record


def forget_equality_answers(person: Person, *, actor, request=None) -> bool:
    """Delete the person's equality answers (asked by them, or because they withdrew consent).

    Audited as "people.equality_deleted". Returns whether there were answers to delete."""
    with transaction.atomic():
        equality_record = EqualityRecord.objects.filter(person=person).first()
        if equality_record is None:
            return False
        record(
            "people.equality_deleted",
            actor=actor,
            obj=person,
            changed_fields=FIELDS,
            request=request,
        )
        equality_record.delete()
    return True


def record_export(*, actor, filters_used: Iterable[str], plan: ExportPlan, request=None) -> None:
    """Audit an export naming the filters used (never their values); restricted columns are audited again
    as special-category exports."""
    with transaction.atomic():
        record(
            "people.exported",
            actor=actor,
            obj=("people.person", ""),
            changed_fields=filters_used,
            request=request,
        )
        if plan.equality:
            record(
                "people.equality_exported",
                actor=actor,
                obj=("people.equalityrecord", ""),
                changed_fields=EQUALITY_FIELDS,
                request=request,
            )
        if plan.safeguarding:
            record(
                "people.safeguarding_exported",
                actor=actor,
                obj=("people.personnote", ""),
                changed_fields=["safeguarding_notes"],
                request=request,
            )


def store_upload(*, actor, file_name: str, text: str, request=None) -> PendingImport:
    """Keep an uploaded file's text until the officer confirms or cancels it."""
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32), uploaded_by=actor, file_name=file_name[:255], content=text
    )
