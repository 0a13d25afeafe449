"""The demo's payments: the rate card under two Aprils, example benefit limits, choices and bank details
from each person's recognition answer, and a claim for every past attendance in every state, with batches
and a ledger that balances. Deterministic for a seed."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from coproduce.accounts.models import Role
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Attendance
from coproduce.payments import benefits, ledger, selectors
from coproduce.payments.choices import BANK_DETAILS_METHODS, ClaimStatus, Movement, PaymentMethod
from coproduce.payments.models import (
    ActivityRate,
    BankDetails,
    BenefitLimit,
    Claim,
    Correction,
    LedgerEntry,
    PaymentBatch,
    PaymentChoice,
)
from coproduce.people.choices import Recognition
from coproduce.people.models import Person
from demo.generators import payments as payments_generator
from demo.generators import training as training_generator
from demo.generators.context import ANCHOR, DemoContext
from tests.factories import UserFactory
from tests.payments import support

pytestmark = pytest.mark.django_db


def a_year_of_attendance(people=12, meetings=40):
    organiser = UserFactory(roles=[Role.OFFICER])
    members = [
        Person.objects.create(
            full_name=f"Demo Person {n}",
            recognition=["payment", "voucher", "volunteer"][n % 3],
            benefits_limit="yes" if n % 3 == 0 else "no",
        )
        for n in range(people)
    ]
    for number in range(meetings):
        day = ANCHOR.date() - datetime.timedelta(days=3 + number * 8)
        meeting = support.meeting(organiser, day=day, hours=2 + number % 3, title=f"Demo meeting {number}")
        for person in members[number % 3 :: 2]:
            Attendance.objects.create(
                meeting=meeting,
                person=person,
                status=AttendanceStatus.PRESENT,
                hours=Decimal(2 + number % 3),
                recorded_by=organiser,
            )
    return organiser


def generate(seed=1):
    ctx = DemoContext(seed=seed, scale=1, password_hash="")
    ctx.user_ids_by_role[Role.FINANCE_APPROVER] = [UserFactory(roles=[Role.FINANCE_APPROVER]).pk]
    payments_generator.generate(ctx)
    return ctx


def test_a_year_of_claims_in_every_state_with_a_balanced_ledger():
    a_year_of_attendance()
    generate()
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID} <= statuses
    assert PaymentBatch.objects.exists()
    sums = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert sums["d"] == sums["c"] > 0
    paid = Claim.objects.filter(status=ClaimStatus.PAID)
    assert all(claim.days_to_payment is not None and claim.batch_id for claim in paid)
    # Nobody was paid over their limit without a decision.
    for claim in Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]):
        check = benefits.check(claim)
        assert check is None or not check.over or claim.benefit_decision


def test_people_with_a_limit_have_claims_near_or_over_it():
    a_year_of_attendance()
    generate()
    limited = PaymentChoice.objects.exclude(benefit_limit_code="").values_list("person_id", flat=True)
    assert Claim.objects.filter(person_id__in=limited).exclude(benefit_decision="").exists()


def _claims_made_with(seed):
    with transaction.atomic():
        generate(seed)
        made = sorted(
            Claim.objects.values_list(
                "meeting__title", "person__full_name", "status", "time_amount", "expenses_amount", "payout"
            )
        )
        transaction.set_rollback(True)
    return made


def test_the_same_seed_makes_the_same_claims():
    a_year_of_attendance()
    first = _claims_made_with(3)
    assert first
    assert _claims_made_with(3) == first
    assert _claims_made_with(4) != first


def test_a_few_claims_were_corrected_through_the_ledger():
    a_year_of_attendance()
    ctx = generate()
    corrections = list(Correction.objects.select_related("claim"))
    assert ctx.counts["corrected claims"] == len(corrections) >= 2
    by_reason = {c.reason.split()[0]: Claim.objects.with_money().get(pk=c.claim_id) for c in corrections}
    assert by_reason["Mileage"].status == ClaimStatus.PAID and by_reason["Mileage"].owed_back > 0
    assert by_reason["The"].status == ClaimStatus.APPROVED and by_reason["The"].amount_due > 0
    assert LedgerEntry.objects.filter(movement=Movement.CORRECTION).exists()
    sums = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert sums["d"] == sums["c"]
    approved_or_paid = Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID])
    assert ledger.costs() == sum((c.total for c in approved_or_paid), Decimal("0.00"))


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_load_demo_makes_the_rate_card_limits_and_choices(self):
        # Two Aprils of the rate card, and the training programme's first year before them.
        assert ActivityRate.objects.count() == 16 + len(training_generator.FIRST_YEAR_RATES)
        assert {limit.note for limit in BenefitLimit.objects.all()} == {payments_generator.LIMIT_NOTE}
        with_recognition = Person.objects.exclude(recognition="").count()
        assert PaymentChoice.objects.count() == with_recognition > 0
        bank_people = PaymentChoice.objects.filter(method__in=BANK_DETAILS_METHODS)
        # All hold bank details but a few people owed money whom we cannot pay yet (the work queue shows
        # them).
        missing = set(
            bank_people.filter(person__bank_details__isnull=True).values_list("person_id", flat=True)
        )
        assert 0 < len(missing) <= payments_generator.OWED_WITHOUT_BANK_DETAILS
        # ... and a few who give theirs to a charity (as they said when joining) but skipped naming it.
        donors = PaymentChoice.objects.filter(method=PaymentMethod.DONATE)
        assert set(donors.values_list("person__recognition", flat=True)) <= {Recognition.DONATE}
        no_charity = set(donors.filter(charity_name="").values_list("person_id", flat=True))
        assert len(no_charity) <= payments_generator.OWED_WITHOUT_CHARITY
        assert missing | no_charity == set(selectors.people_we_cannot_pay().values_list("pk", flat=True))
        # Vouchers go by email: everyone who chose them gave an address.
        assert not PaymentChoice.objects.filter(method=PaymentMethod.VOUCHER, person__email="").exists()
        assert BankDetails.objects.count() == bank_people.count() - len(missing)
