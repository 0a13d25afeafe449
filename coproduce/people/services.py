"""Writes for people: each verb runs in one transaction and records its audit event there.

Audit events name fields, never the values in them: a person's needs, experience and consent choices are
personal (some special-category) data.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import UserSession
from coproduce.audit.services import record

from . import choices
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
    "people.consent_given" or "people.consent_withdrawn" naming the purpose (not a value).
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


def record_data_download(person: Person, *, actor, parts: list[str], request=None) -> None:
    """Audit that a copy of everything held about `person` was downloaded (naming the parts, not values)."""
    with transaction.atomic():
        record("people.data_downloaded", actor=actor, obj=person, changed_fields=parts, request=request)


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
                "user",
            ],
            request=request,
        )
    return person
