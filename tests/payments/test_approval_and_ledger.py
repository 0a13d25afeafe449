"""Approval happens once, writes balanced ledger entries in the same transaction, and a mistake is put
right by a reversing entry, never by editing: the database refuses UPDATE and DELETE on the ledger."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from coproduce.payments import ledger, services
from coproduce.payments.choices import ClaimStatus, LedgerAccount, Movement
from coproduce.payments.models import ExpenseLine, LedgerEntry

from . import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_and_user():
    support.rate_card()
    user, person = support.member()
    return support.attend(support.meeting(hours=2), person), user


def test_the_workflow_goes_from_draft_to_approved_with_balanced_entries(claim_and_user, finance_approver):
    claim, user = claim_and_user
    services.add_expense(claim, line=ExpenseLine(kind="public_transport", amount=Decimal("4.60")), actor=user)
    claim = support.approved(claim, user, finance_approver)
    assert claim.status == ClaimStatus.APPROVED
    entries = list(LedgerEntry.objects.filter(claim=claim))
    assert {(e.account, e.debit, e.credit) for e in entries} == {
        (LedgerAccount.TIME_COSTS, Decimal("40.00"), Decimal("0.00")),
        (LedgerAccount.EXPENSE_COSTS, Decimal("4.60"), Decimal("0.00")),
        (LedgerAccount.OWED, Decimal("0.00"), Decimal("44.60")),
    }
    assert ledger.costs() == Decimal("44.60")


def test_finance_cannot_approve_before_the_organiser_checks(claim_and_user, finance_approver):
    claim, user = claim_and_user
    support.submitted(claim, user)
    with pytest.raises(services.PaymentError, match="not ready"):
        services.approve_claim(claim, actor=finance_approver)
    assert not LedgerEntry.objects.exists()


def test_a_claim_is_approved_once_only(claim_and_user, finance_approver):
    claim, user = claim_and_user
    claim = support.approved(claim, user, finance_approver)
    with pytest.raises(services.PaymentError, match="already been approved"):
        services.approve_claim(claim, actor=finance_approver)
    # One approval: a time-costs debit and an owed credit (no expenses line for a claim without expenses).
    assert LedgerEntry.objects.filter(movement=Movement.APPROVAL).count() == 2


def test_a_queried_claim_goes_back_to_the_person_with_the_message(claim_and_user):
    claim, user = claim_and_user
    support.submitted(claim, user)
    with pytest.raises(services.PaymentError, match="Enter what needs to change"):
        services.query_claim(claim, "   ", actor=claim.meeting.organiser)
    services.query_claim(claim, "Were you there all afternoon?", actor=claim.meeting.organiser)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUERIED
    assert claim.query_message == "Were you there all afternoon?"
    support.submitted(claim, user)
    assert claim.status == ClaimStatus.SUBMITTED and claim.query_message == ""


def test_an_empty_claim_cannot_be_sent():
    support.rate_card()
    user, person = support.member("decline")
    the_meeting = support.meeting()
    support.attend(the_meeting, person)
    claim = services.start_claim(person, the_meeting, actor=user)
    with pytest.raises(services.PaymentError, match="nothing to claim"):
        services.submit_claim(claim, actor=user)


def test_a_correction_reverses_the_approval_with_a_reason(claim_and_user, finance_approver):
    claim, user = claim_and_user
    claim = support.approved(claim, user, finance_approver)
    with pytest.raises(services.PaymentError, match="reason"):
        services.reverse_approval(claim, "", actor=finance_approver)
    services.reverse_approval(claim, "Hours were wrong", actor=finance_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUERIED
    corrections = LedgerEntry.objects.filter(movement=Movement.CORRECTION)
    assert corrections.count() == 2 and {e.reason for e in corrections} == {"Hours were wrong"}
    assert ledger.costs() == Decimal("0.00")
    # Approved again after the fix: the ledger holds the whole history and the net cost once.
    support.approved(claim, user, finance_approver)
    assert ledger.costs() == Decimal("40.00")
    assert LedgerEntry.objects.count() == 6


def test_attendance_changed_after_approval_is_applied_by_the_correction(claim_and_user, finance_approver):
    claim, user = claim_and_user
    claim = support.approved(claim, user, finance_approver)
    support.attend(claim.meeting, claim.person, hours=Decimal("1.00"))
    services.reverse_approval(claim, "Left early", actor=finance_approver)
    claim.refresh_from_db()
    assert claim.hours == Decimal("1.00") and claim.time_amount == Decimal("20.00")
    assert claim.attendance_changed_at is None


def test_the_database_refuses_to_change_or_delete_ledger_entries(claim_and_user, finance_approver):
    claim, user = claim_and_user
    support.approved(claim, user, finance_approver)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.update(debit=Decimal("1.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.count() == 2


def test_an_unbalanced_movement_is_never_written(claim_and_user):
    claim, user = claim_and_user
    with pytest.raises(ledger.UnbalancedMovement):
        ledger.post(
            claim, Movement.CORRECTION, [ledger.Line(LedgerAccount.OWED, debit=Decimal("1.00"))], actor=user
        )
    with pytest.raises(ledger.UnbalancedMovement):
        ledger.post(
            claim,
            Movement.CORRECTION,
            [
                ledger.Line(LedgerAccount.OWED, debit=Decimal("1.005")),
                ledger.Line(LedgerAccount.TIME_COSTS, credit=Decimal("1.005")),
            ],
            actor=user,
        )
    assert not LedgerEntry.objects.exists()
