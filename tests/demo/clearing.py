"""Emptying what the payments demo made, so a test can load the demo again: payments point at people and
accounts (protected), and the ledger refuses DELETE except under the test-only maintenance switch."""

from coproduce.audit.db import audit_maintenance
from coproduce.payments.models import (
    ActivityRate,
    BankDetails,
    BenefitLimit,
    Claim,
    CostCentre,
    ExpenseLine,
    ExpenseRate,
    LedgerEntry,
    PaymentBatch,
    PaymentChoice,
)


def clear_payments() -> None:
    with audit_maintenance():
        LedgerEntry.objects.all().delete()
    for model in (
        ExpenseLine,
        Claim,
        PaymentBatch,
        PaymentChoice,
        BankDetails,
        CostCentre,
        ActivityRate,
        ExpenseRate,
        BenefitLimit,
    ):
        model.objects.all().delete()
