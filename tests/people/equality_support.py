"""Helpers for the equality monitoring tests: people with profiles, consent and answers."""

from __future__ import annotations

import itertools

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.people import selectors as people_selectors
from coproduce.people import services
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import EqualityRecord, Person
from tests.factories import UserFactory

_numbers = itertools.count(1)

FULL_ANSWERS = {
    "age_band": "35-49",
    "sex": "Female",
    "gender_identity": "Gender identity the same as sex registered at birth",
    "ethnic_group": "White: Irish",
    "religion": "No religion",
    "sexual_orientation": "Bisexual",
    "disability": "Not disabled under the Equality Act",
    "unpaid_care": "Provides no unpaid care",
}


def person_with_account(*, consent=True, roles=(Role.MEMBER,), **fields) -> tuple:
    number = next(_numbers)
    user = UserFactory(roles=list(roles), full_name=f"Equality Member{number}")
    person = Person(user=user, full_name=user.full_name, email=user.email, **fields)
    person.save()
    if consent:
        give_consent(person, actor=user)
    return user, person


def give_consent(person, *, actor=None, given=True):
    services.record_consent(
        person, ConsentPurpose.KEEP_EQUALITY_DATA, given, method=ConsentMethod.ONLINE, actor=actor
    )


def people_with_answers(count: int, **answers) -> list[Person]:
    """`count` people without accounts, each with one EqualityRecord holding `answers` (bulk-made)."""
    start = next(_numbers)
    people = Person.objects.bulk_create(
        [Person(full_name=f"Bulk Person{start}-{index}") for index in range(count)]
    )
    EqualityRecord.objects.bulk_create([EqualityRecord(person=person, **answers) for person in people])
    return people


def audit_events(verb: str):
    return list(AuditEvent.objects.filter(verb=verb).order_by("id"))


def profile_for(topic_field: str, queryset=None):
    profiles = people_selectors.equality_profile(
        queryset if queryset is not None else Person.objects.current()
    )
    return next(profile for profile in profiles if profile.field == topic_field)
