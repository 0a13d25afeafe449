"""Two finance approvers pressing "Approve" at the same moment pay once: one succeeds, the other is told it
was already approved, and the ledger holds one approval. Likewise two correcting the same claim from the same
figures: one correction, one refusal. Runs on SQLite and PostgreSQL alike: every database
call happens on a thread with its own connection (see own_connection_per_thread)."""

import threading
from decimal import Decimal

from django.db import connection

from coproduce.accounts.models import Role
from coproduce.payments import ledger, services
from coproduce.payments.choices import ClaimStatus, Movement
from coproduce.payments.models import Claim, Correction, LedgerEntry
from tests.audit.conftest import own_connection_per_thread  # noqa: F401 - the fixture, shared
from tests.audit.test_record import in_own_thread
from tests.factories import UserFactory

from . import support


def _checked_claim_and_two_approvers():
    support.rate_card()
    user, person = support.member()
    claim = support.checked(support.attend(support.meeting(hours=2), person), user)
    return claim.pk, [UserFactory(roles=[Role.FINANCE_APPROVER]) for _ in range(2)]


def test_two_approvers_at_the_same_moment_approve_once(own_connection_per_thread):  # noqa: F811
    claim_id, approvers = in_own_thread(_checked_claim_and_two_approvers)
    start = threading.Barrier(2)
    outcomes = []

    def approve(approver):
        try:
            claim = Claim.objects.get(pk=claim_id)
            start.wait()
            services.approve_claim(claim, actor=approver)
            outcomes.append("approved")
        except services.PaymentError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(approver,)) for approver in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    status, transactions, owed = in_own_thread(
        lambda: (
            Claim.objects.get(pk=claim_id).status,
            LedgerEntry.objects.filter(claim_id=claim_id, movement=Movement.APPROVAL)
            .values("transaction")
            .distinct()
            .count(),
            sum(e.credit for e in LedgerEntry.objects.filter(claim_id=claim_id, movement=Movement.APPROVAL)),
        )
    )
    assert status == ClaimStatus.APPROVED
    assert transactions == 1
    assert owed == Decimal("40.00")


def _approved_claim_and_two_approvers():
    support.rate_card()
    user, person = support.member()
    first, second = (UserFactory(roles=[Role.FINANCE_APPROVER]) for _ in range(2))
    claim = support.approved(support.attend(support.meeting(hours=2), person), user, first)
    return claim.pk, [first, second]


def test_two_approvers_correcting_from_the_same_figures_correct_once(own_connection_per_thread):  # noqa: F811
    claim_id, approvers = in_own_thread(_approved_claim_and_two_approvers)
    start = threading.Barrier(2)
    outcomes = []

    def correct(approver, hours):
        try:
            claim = Claim.objects.get(pk=claim_id)
            start.wait()
            services.correct_claim(
                claim,
                reason=f"Stayed {hours} hours",
                hours=hours,
                expenses_amount=Decimal("0.00"),
                payout=claim.payout,
                actor=approver,
            )
            outcomes.append("corrected")
        except services.PaymentError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=correct, args=(approver, Decimal(hours)))
        for approver, hours in zip(approvers, ("1.00", "3.00"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["corrected", "refused"]
    corrections, reversals, owed = in_own_thread(
        lambda: (
            Correction.objects.filter(claim_id=claim_id).count(),
            LedgerEntry.objects.filter(claim_id=claim_id, movement=Movement.CORRECTION)
            .values("transaction")
            .distinct()
            .count(),
            ledger.owed(Claim.objects.get(pk=claim_id)),
        )
    )
    assert corrections == 1 and reversals == 1
    assert owed in (Decimal("20.00"), Decimal("60.00"))
