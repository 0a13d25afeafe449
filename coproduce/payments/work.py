"""Payment work queues for the back-office home (see coproduce.core.work)."""

from django.db import transaction

from coproduce.core.access import Policy
from coproduce.core.work import SHARED_SECONDS, WorkQueue, forget, register

from .choices import ClaimStatus
from .models import Claim
from .rules import FINANCE, PAYMENTS_OFFICE, is_organiser_role, is_payments_office
from .selectors import attendance_without_claim, claims_for_reviewer, people_we_cannot_pay

# Finance approvers see every claim but do not check them, so the organisers' queue is not theirs.
CHECKERS = Policy("meeting organisers and co-production officers", is_organiser_role, back_office=True)


def waiting_for_check(user) -> int:
    return claims_for_reviewer(user, ClaimStatus.SUBMITTED).count()


def waiting_for_finance(user) -> int:
    return claims_for_reviewer(user, ClaimStatus.CHECKED).count()


def approved_not_batched(user) -> int:
    return Claim.objects.filter(status=ClaimStatus.APPROVED, batch__isnull=True).count()


def attendance_with_no_claim(user) -> int:
    return attendance_without_claim().count()


UNCLAIMED = "payments.unclaimed"
CANNOT_PAY = "payments.cannot_pay"


def forget_unclaimed(**kwargs) -> None:
    """Attendance, a claim, a payment choice, bank details or a person's email changed: count the attendance
    with no claim and the people we cannot pay again (now, and once the change commits, so no reader caches
    a figure from before it)."""
    for key in (UNCLAIMED, CANNOT_PAY):
        forget(key)
    transaction.on_commit(lambda: [forget(key) for key in (UNCLAIMED, CANNOT_PAY)])


def owed_but_cannot_pay(user) -> int:
    return people_we_cannot_pay().count()


def register_queues() -> None:
    register(
        WorkQueue(
            "payments.check",
            "Claims waiting for the meeting organiser's check",
            "payments_manage:claims",
            CHECKERS,
            waiting_for_check,
            query=f"status={ClaimStatus.SUBMITTED}",
            order=40,
            # The payments office sees every claim; an organiser counts their meetings' own.
            shared_seconds=SHARED_SECONDS,
            shared_when=is_payments_office,
            follows=("payments.Claim",),
        ),
        WorkQueue(
            "payments.approve",
            "Claims waiting for finance approval",
            "payments_manage:claims",
            FINANCE,
            waiting_for_finance,
            query=f"status={ClaimStatus.CHECKED}",
            order=41,
            # The payments office sees every claim; an organiser counts their meetings' own.
            shared_seconds=SHARED_SECONDS,
            shared_when=is_payments_office,
            follows=("payments.Claim",),
        ),
        WorkQueue(
            "payments.batch",
            "Approved claims not yet in a payment batch",
            "payments_manage:batches",
            FINANCE,
            approved_not_batched,
            order=42,
            shared_seconds=SHARED_SECONDS,
            follows=("payments.Claim",),
        ),
        WorkQueue(
            UNCLAIMED,
            "Attendance with no claim (people not yet paid for taking part)",
            "payments_manage:unclaimed",
            PAYMENTS_OFFICE,
            attendance_with_no_claim,
            order=43,
            # Normally empty, and only found by reading every attendance record of every year: counted
            # once for everyone, by a task worker after changes where there is one.
            shared_seconds=SHARED_SECONDS,
            counted_by_worker=True,
        ),
        WorkQueue(
            CANNOT_PAY,
            "People owed money whom we cannot pay yet (no bank details or no charity)",
            "payments_manage:cannot_pay",
            PAYMENTS_OFFICE,
            owed_but_cannot_pay,
            order=44,
            # The same for everyone, and found by reading every claim owed: counted once for everyone, by a
            # task worker after changes where there is one.
            shared_seconds=SHARED_SECONDS,
            counted_by_worker=True,
        ),
    )
