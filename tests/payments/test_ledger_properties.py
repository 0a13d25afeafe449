"""Whatever happens to claims (approvals, send-backs, corrections of approved and paid claims with any new
figures, re-approvals, payments, top-ups and repayments), every movement balances, the whole ledger
balances, the totals per person, project, cost centre and year come from the entries alone, and what each
claim still owes (or is owed back) is its corrected total less what was paid."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.accounts.models import Role
from coproduce.payments import ledger, services
from coproduce.payments.choices import PAID_ACCOUNT, ClaimStatus, Payout
from coproduce.payments.models import Claim, ExpenseLine, LedgerEntry
from tests.factories import UserFactory

from . import support

hours = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("8"), places=2)
expenses = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250"), places=2)
corrections = st.tuples(
    st.just("amend"),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("8"), places=2),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("250"), places=2),
    st.sampled_from(Payout.values),
)
steps = st.lists(
    st.one_of(st.sampled_from(["correct", "reapprove", "pay", "repay"]), corrections), max_size=5
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
    by_centre_and_year = ledger.costs(by=("cost_centre", "year"))
    assert sum((row["net"] for row in by_centre_and_year), Decimal("0.00")) == ledger.costs()
    _check_kept_totals(by_centre_and_year)
    assert sum((row["net"] for row in ledger.costs(by=("project",))), Decimal("0.00")) == ledger.costs()
    for claim in Claim.objects.with_money().filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]):
        assert claim.amount_due == claim.total - claim.amount_paid
        assert claim.amount_due >= 0 or claim.status == ClaimStatus.PAID


def _apply(action, claim, user, finance):
    if isinstance(action, tuple):
        _amend(claim, finance, *action[1:])
    elif action == "repay" and Claim.objects.with_money().get(pk=claim.pk).owed_back:
        services.record_repayment(claim, actor=finance)
    elif (
        action == "correct"
        and claim.status == ClaimStatus.APPROVED
        and claim.batch_id is None
        and not claim.paid_on
    ):
        services.reverse_approval(claim, "Test correction", actor=finance)
    elif action == "reapprove" and claim.status == ClaimStatus.QUERIED:
        support.approved(claim, user, finance)
    elif action == "pay" and claim.status == ClaimStatus.APPROVED:
        services.mark_batch_paid(
            services.create_batch(actor=finance), claim.approved_at.date(), actor=finance
        )


def _amend(claim, finance, hours, expenses_amount, payout):
    if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        return
    services.correct_claim(
        claim,
        reason="Test correction",
        hours=hours,
        expenses_amount=expenses_amount,
        payout=payout,
        charity_name="Wyvern Hospice" if payout == Payout.DONATION else "",
        actor=finance,
    )


def _check_kept_totals(by_centre_and_year):
    """The totals kept as each movement is posted say what summing the entries says, and so does making
    them again from the entries."""
    paid_entries = LedgerEntry.objects.filter(account__in=PAID_ACCOUNT.values()).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    paid = (paid_entries["c"] or Decimal("0.00")) - (paid_entries["d"] or Decimal("0.00"))
    for _ in range(2):
        cache.clear()  # the shared figures of an earlier example, rolled back, must not answer
        assert ledger.costs_by_cost_centre_and_year() == by_centre_and_year
        assert ledger.programme_money() == {
            "committed": ledger.costs(),
            "paid": paid.quantize(Decimal("0.01")),
        }
        ledger.rebuild_totals()
