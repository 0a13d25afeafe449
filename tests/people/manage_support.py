"""Helpers for the officers' people tests: people made straight in the database, in bulk when needed."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from coproduce.people.models import Interest, LivedExperienceArea, Person

_numbers = itertools.count(1)


def make_person(**fields) -> Person:
    number = next(_numbers)
    areas = fields.pop("lived_experience", [])
    interests = fields.pop("interests", [])
    values = {
        "full_name": f"Person Number{number}",
        "email": f"person{number}@example.test",
        "phone": f"07700 9{number:05d}",
        "postcode": "OX1 1AA",
        "preferred_contact": "email",
    }
    values.update(fields)
    person = Person(**values)
    person.save()
    if areas:
        person.lived_experience.set(areas)
    if interests:
        person.interests.set(interests)
    return person


def make_many(count: int, *, start: int = 0) -> list[Person]:
    """`count` people with lived experience and interests, made with bulk_create (fast at thousands)."""
    areas = list(LivedExperienceArea.objects.all()[:3])
    interests = list(Interest.objects.all()[:2])
    people = []
    for n in range(start, start + count):
        person = Person(
            full_name=f"Bulk Person{n:06d}",
            email=f"bulk{n}@example.test",
            phone=f"0770{n:07d}",
            postcode=f"OX{n % 9 + 1} {n % 10}AB",
            formats=["easy_read"] if n % 5 == 0 else [],
            access_needs=["step_free", "breaks"] if n % 3 == 0 else [],
            available_days=["mon", "wed"] if n % 2 else ["sat"],
            online=n % 2 == 0,
            in_person=True,
            consents_to_contact=n % 4 != 0,
            last_involved_at=None if n % 7 == 0 else timezone.localdate() - datetime.timedelta(days=n % 900),
        )
        # bulk_create skips save(): set the search columns the way save() does.
        person.name_search = person.full_name.lower()
        person.email_search = person.email
        person.phone_search = person.phone
        person.postcode_search = person.postcode.replace(" ", "")
        people.append(person)
    Person.objects.bulk_create(people, batch_size=2000)
    through_areas = Person.lived_experience.through
    through_interests = Person.interests.through
    through_areas.objects.bulk_create(
        [through_areas(person=p, livedexperiencearea=a) for p in people for a in areas[: 1 + p.pk % 3]],
        batch_size=2000,
    )
    through_interests.objects.bulk_create(
        [through_interests(person=p, interest=i) for p in people for i in interests[: p.pk % 2 + 1]],
        batch_size=2000,
    )
    return people
