"""The cast and scenery of the payments tests: a member who took part in a meeting, the rate card, a benefit
limit, and helpers that walk a claim through its workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.test import TestCase
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings.choices import AttendanceStatus, BodyKind
from coproduce.meetings.models import Body, Meeting
from coproduce.meetings.services import record_attendance
from coproduce.payments import services
from coproduce.payments.choices import Activity, ExpenseRateKind, PaymentMethod, RateUnit
from coproduce.payments.models import ActivityRate, BenefitLimit, Claim, ExpenseRate
from tests.factories import UserFactory
from tests.people.member_factories import joined_member

LONDON = ZoneInfo("Europe/London")
RATE_START = datetime.date(2020, 4, 1)


def body():
    found = Body.objects.filter(kind=BodyKind.BOARD).first()
    return found or Body.objects.create(name="Test board", slug="test-board", kind=BodyKind.BOARD, code="TB")


def meeting(organiser=None, *, day=None, hours=2, title="Carers' forum"):
    day = day or (timezone.localdate() - datetime.timedelta(days=3))
    starts = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=LONDON)
    organiser = organiser or UserFactory(roles=[Role.OFFICER])
    return Meeting.objects.create(
        body=body(),
        title=title,
        purpose="Talk about respite care",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        organiser=organiser,
        created_by=organiser,
    )


def rate_card(actor=None, *, meeting_rate="20.00"):
    actor = actor or UserFactory(roles=[Role.FINANCE_APPROVER])
    ActivityRate.objects.create(
        activity=Activity.MEETING,
        unit=RateUnit.HOUR,
        amount=Decimal(meeting_rate),
        effective_from=RATE_START,
        created_by=actor,
    )
    ActivityRate.objects.create(
        activity=Activity.HALF_DAY,
        unit=RateUnit.SESSION,
        amount=Decimal("75.00"),
        effective_from=RATE_START,
        created_by=actor,
    )
    for kind, amount in (
        (ExpenseRateKind.CAR, "0.45"),
        (ExpenseRateKind.BICYCLE, "0.20"),
        (ExpenseRateKind.PASSENGER, "0.05"),
    ):
        ExpenseRate.objects.create(
            kind=kind, amount=Decimal(amount), effective_from=RATE_START, created_by=actor
        )


def weekly_limit(amount="50.00", *, code="permitted-work-lower", actor=None):
    return BenefitLimit.objects.create(
        code=code,
        name="Permitted work lower limit",
        amount=Decimal(amount),
        effective_from=RATE_START,
        created_by=actor or UserFactory(roles=[Role.FINANCE_APPROVER]),
    )


def member(method=PaymentMethod.BANK, *, limit_code="", bank_details=True, **answers):
    """A joined member with a payment choice and, when paid by bank transfer, bank details (unless
    `bank_details=False`: someone we cannot pay yet)."""
    user, person = joined_member(**answers)
    if method:
        choice = services.save_payment_choice(
            person,
            actor=user,
            method=method,
            charity_name="Wyvern Hospice" if method == "donate" else "",
            reduce_to=Decimal("15.00") if method == "reduce" else None,
            benefit_limit_code=limit_code,
        )
        if bank_details and choice.keeps_bank_details:
            add_bank_details(person, user)
    return user, person


def add_bank_details(person, actor):
    return services.save_bank_details(
        person, actor=actor, account_name="J Joiner", sort_code="30-94-30", account_number="00733445"
    )


def attend(the_meeting, person, *, status=AttendanceStatus.PRESENT, hours=None, actor=None) -> Claim | None:
    """Record attendance and run the on-commit signal, as the meetings app does after its transaction."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        record_attendance(
            the_meeting, person, status=status, hours=hours, actor=actor or the_meeting.organiser
        )
    return Claim.objects.filter(person=person, meeting=the_meeting).first()


def submitted(claim, actor):
    services.submit_claim(claim, actor=actor)
    claim.refresh_from_db()
    return claim


def checked(claim, person_user):
    services.submit_claim(claim, actor=person_user)
    services.check_claim(claim, actor=claim.meeting.organiser)
    claim.refresh_from_db()
    return claim


def approved(claim, person_user, finance):
    checked(claim, person_user)
    services.approve_claim(claim, actor=finance)
    claim.refresh_from_db()
    return claim
