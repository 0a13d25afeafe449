"""Builders for the champions network's tests."""

import datetime
import itertools

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.network import services
from coproduce.network.choices import ActivityKind, ChampionKind
from coproduce.network.models import Area, Champion, Community, Organisation, OutreachPartner, Pledge
from tests.factories import UserFactory
from tests.meetings.factories import member_with_profile, person  # noqa: F401

_numbers = itertools.count(1)


def area(name=None):
    return Area.objects.get_or_create(name=name or f"Area {next(_numbers)}")[0]


def organisation(name=None, kind="council"):
    return Organisation.objects.get_or_create(name=name or f"Team {next(_numbers)}", defaults={"kind": kind})[
        0
    ]


def community(name=None, **fields):
    return Community.objects.get_or_create(name=name or f"Community {next(_numbers)}", defaults=fields)[0]


def pledge():
    return Pledge.objects.order_by("-version").first()


def officer():
    return UserFactory(roles=[Role.OFFICER])


def champion(person_=None, *, area_=None, organisation_=None, **fields) -> Champion:
    """An active champion (applied, pledge agreed, approved), with a sign-in unless `person_` has none."""
    if person_ is None:
        _, person_ = member_with_profile(Role.MEMBER)
    # Transactional tests (the browser's) empty the tables, taking the pledge the data migration published.
    Pledge.objects.get_or_create(version=1, defaults={"text": "I will listen and pass on what I hear."})
    found = services.apply(
        person_,
        actor=person_.user,
        agree_pledge=True,
        kind=fields.pop("kind", ChampionKind.RESIDENT),
        area=area_ or area(),
        organisation=organisation_,
    )
    return services.approve(found, actor=officer())


def activity(champion_, *, days_ago=3, reached=12, kind=ActivityKind.TALK, actor=None):
    return services.record_activity(
        champion_,
        actor=actor or champion_.person.user or officer(),
        kind=kind,
        happened_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        where="Wyvernbridge Library",
        with_whom="Carers' group",
        reached=reached,
    )


def partner(**fields):
    fields.setdefault("name", f"Partner {next(_numbers)}")
    fields.setdefault("kind", "charity")
    return OutreachPartner.objects.create(**fields)
