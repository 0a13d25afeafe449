"""Officers registering someone on their behalf (people who do not use the internet). Audited with the
names of the fields set, never their values. (Later edits go through services.update_profile.)"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from coproduce.audit.services import record

from .models import Person
from .services import record_consent

MANY_TO_MANY = ("lived_experience", "interests")

# Sent inside the transaction that creates a profile (joining online, or registered by an officer), with
# `person`, `actor`, `request` and `attribution` (the extra answers below; empty when joining online).
person_joined = Signal()

# Extra questions other apps add to the register-on-behalf form (the champions network asks which champion
# brought the person): name -> a function making the form field. Registered from an AppConfig.ready().
_attribution_fields: dict[str, Callable] = {}


def register_attribution_field(name: str, make_field: Callable) -> None:
    _attribution_fields[name] = make_field


def attribution_fields() -> dict:
    return {name: make() for name, make in _attribution_fields.items()}


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
    recorded as taken by `method` (phone, paper, in person) by `actor`."""
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
