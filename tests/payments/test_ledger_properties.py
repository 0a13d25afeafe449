"""Whatever happens to claims (approvals, corrections, re-approvals, payments), every movement balances,
the whole ledger balances, and the totals per person come from the entries alone."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.accounts.models import Role
from coproduce.payments import ledger, services
from coproduce.payments.choices import ClaimStatus
from coproduce.payments.models import Claim, ExpenseLine, LedgerEntry
from tests.factories import UserFactory

from . import support

hours = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("8"), places=2)
expenses = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250"), places=2)
steps = st.lists(st.sampled_from(["correct", "reapprove", "pay"]), max_size=4)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=st.lists(st.tuples(hours, st.lists(expenses, max_size=2), steps), min_size=1, max_size=3))
def test_the_ledger_always_balances(plans):
    # Examples share the test's database transaction: each runs in a savepoint that is rolled back.
    with transaction.atomic():
        _run_and_check(plans)
        transaction.set_rollback(True)


def _run_and_check(plans):
    support.rate_card()
    finance = UserFactory(roles=[Role.FINANCE_APPROVER])
    for number, (claim_hours, amounts, actions) in enumerate(plans):
        user, person = support.member(account_name=f"Person {number}")
        claim = support.attend(support.meeting(hours=8, title=f"Meeting {number}"), person, hours=claim_hours)
        for amount in amounts:
            services.add_expense(claim, line=ExpenseLine(kind="care", amount=amount), actor=user)
        claim = support.approved(claim, user, finance)
        for action in actions:
            _apply(action, claim, user, finance)
            claim.refresh_from_db()

    for transaction_id in LedgerEntry.objects.values_list("transaction", flat=True).distinct():
        sums = LedgerEntry.objects.filter(transaction=transaction_id).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        assert sums["d"] == sums["c"]
    totals = LedgerEntry.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"]
    for person_total in ledger.costs(by=("person",)):
        claims = Claim.objects.filter(
            person_id=person_total["person"], status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]
        )
        assert person_total["net"] == sum((c.total for c in claims), Decimal("0.00"))
    assert ledger.costs() == sum(
        (c.total for c in Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID])),
        Decimal("0.00"),
    )


def _apply(action, claim, user, finance):
    if action == "correct" and claim.status == ClaimStatus.APPROVED and claim.batch_id is None:
        services.reverse_approval(claim, "Test correction", actor=finance)
    elif action == "reapprove" and claim.status == ClaimStatus.QUERIED:
        support.approved(claim, user, finance)
    elif action == "pay" and claim.status == ClaimStatus.APPROVED:
        services.mark_batch_paid(
            services.create_batch(actor=finance), claim.approved_at.date(), actor=finance
        )
