"""Builders for the evaluation tests: the evaluation team, aims with outcomes and indicators, people with
consent and equality answers, and a small census baseline."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from pathlib import Path

from coproduce.accounts.models import Role
from coproduce.evaluation import services
from coproduce.people import census
from coproduce.people import services as people_services
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import EqualityRecord, Person
from coproduce.people.services import set_special_permissions
from tests.factories import UserFactory

_numbers = itertools.count(1)
HEADER = "area,topic,category,count,percent,universe,source_table,source_url\n"
ADULTS = "Usual residents aged 16 and over"


def evaluator(*, equality=False):
    user = UserFactory(roles=[Role.EVALUATOR], full_name=f"Eve Evaluator{next(_numbers)}")
    if equality:
        set_special_permissions(user, ["view_equality_answers"], actor=None)
    return user


def aim_with_indicator(actor, *, kind="manual", code="", **indicator_fields):
    aim = services.create_aim(
        actor=actor,
        title="Embed co-production as the way we work",
        agreed_by="The board",
        agreed_on=datetime.date(2025, 4, 1),
    )
    outcome = services.create_outcome(actor=actor, aim=aim, title="Services ask for co-production early")
    fields = dict(
        outcome=outcome,
        title="Projects at co-designing or above",
        kind=kind,
        computed_code=code,
        unit="percent",
    )
    fields.update(indicator_fields)
    indicator = services.create_indicator(actor=actor, **fields)
    return aim, outcome, indicator


def person(name=None, *, consents=(), withdrawn=()):
    created = Person.objects.create(full_name=name or f"Quoted Person{next(_numbers)}")
    for purpose in consents:
        people_services.record_consent(created, purpose, True, method=ConsentMethod.PAPER, actor=None)
    for purpose in withdrawn:
        people_services.record_consent(created, purpose, False, method=ConsentMethod.PHONE, actor=None)
    return created


def withdraw(person_, purpose=ConsentPurpose.QUOTES):
    people_services.record_consent(person_, purpose, False, method=ConsentMethod.PHONE, actor=None)


def people_answering(count: int, **answers) -> list[Person]:
    start = next(_numbers)
    made = Person.objects.bulk_create([Person(full_name=f"Group Person{start}-{i}") for i in range(count)])
    EqualityRecord.objects.bulk_create([EqualityRecord(person=p, **answers) for p in made])
    return made


def small_census(folder: Path) -> None:
    """Sex 16+ for Oxfordshire (50/50) and England, loaded as the baseline."""
    rows = [
        ("Oxfordshire", "sex", "Female", 300000, "50.00"),
        ("Oxfordshire", "sex", "Male", 300000, "50.00"),
        ("England", "sex", "Female", 23000000, "51.00"),
        ("England", "sex", "Male", 22000000, "49.00"),
    ]
    text = HEADER + "".join(
        f"{a},{t},{c},{n},{p},{ADULTS},RM163 (derived),https://example.test\n" for a, t, c, n, p in rows
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sex.csv").write_text(text)
    census.load_census(folder)


def ten(value) -> Decimal:
    return Decimal(value)


def peer_research_rate():
    """The rate card's peer research rate (£25 an hour), beside tests.payments.support.rate_card()."""
    from coproduce.payments.choices import Activity, RateUnit
    from coproduce.payments.models import ActivityRate
    from tests.payments.support import RATE_START

    ActivityRate.objects.create(
        activity=Activity.PEER_RESEARCH,
        unit=RateUnit.HOUR,
        amount=Decimal("25.00"),
        effective_from=RATE_START,
        created_by=UserFactory(roles=[Role.FINANCE_APPROVER]),
    )
