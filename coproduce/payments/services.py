"""Writes for payments. Each verb runs in one transaction, records its audit event there (field names only,
never values) and, when money moves, writes balanced ledger entries in the same transaction."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coproduce.accounts.rules import UNCONFIRMED_EMAIL, has_confirmed_email
from coproduce.audit.services import record
from coproduce.core.errors import ServiceError
from coproduce.core.money import format_money
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Attendance, Meeting

from . import benefits, emails, ledger, selectors
from .choices import (
    PENDING_STATUSES,
    AskedHow,
    BenefitDecision,
    ClaimStatus,
    Movement,
    PaymentMethod,
    Payout,
)
from .models import (
    ACCOUNT_NAME_MESSAGE,
    ACCOUNT_NUMBER_MESSAGE,
    PENNY,
    SORT_CODE_MESSAGE,
    ActivityRate,
    BankDetails,
    BenefitLimit,
    Claim,
    ClearBankDetails,
    Correction,
    ExpenseLine,
    ExpenseRate,
    PaymentBatch,
    PaymentChoice,
    normal_account_number,
    normal_sort_code,
)
from .selectors import (
    LONDON,
    choice_of,
    cost_centre_for,
    declines_payment,
    meeting_date,
    rate_in_force,
    time_amount,
)

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# A payment can be moved to count in a later period up to this many days after the meeting.
DEFER_DAYS_MAX = 366
# A correction is refused above these: a mistake typed into a correction must not become a payment.
CORRECTION_HOURS_MAX = Decimal("24")
CORRECTION_EXPENSES_MAX = Decimal("5000.00")
REASON_MAX = 300  # the ledger's and the correction's reason columns


class PaymentError(ServiceError, ValueError):
    """A change the payment rules do not allow (shown to the user as a message)."""


def _apply_time(claim: Claim, activity: str, hours: Decimal, choice: PaymentChoice | None) -> None:
    if declines_payment(choice) or not activity:  # declined, or paid for expenses only (a learner)
        claim.activity, claim.rate, claim.hours, claim.time_amount = "", None, ZERO, ZERO
        return
    rate = rate_in_force(activity, meeting_date(claim.meeting))
    claim.activity, claim.rate, claim.hours = activity, rate, hours
    claim.time_amount = time_amount(rate, hours, choice)


def _new_claim(person, meeting: Meeting, choice: PaymentChoice | None) -> Claim:
    return Claim(
        person=person,
        meeting=meeting,
        payout=choice.payout if choice else Payout.BANK,
        charity_name=choice.charity_name if choice else "",
        earnings_date=meeting_date(meeting),
        cost_centre=cost_centre_for(meeting),
    )


# --- Claims from attendance -----------------------------------------------------------------------------
#
# The claim is written in the attendance's own transaction (meetings.signals.attendance_saved), each person's
# in a savepoint: a failure in one person's claim rolls back that claim alone, is audited and logged, and the
# attendance it belongs to shows on the "attendance with no claim" work queue until reconcile_claims (the
# command or the queue's button) makes it. See docs/decisions/0009-claims-from-attendance.md.


def claim_for_attendance(sender, *, attendance: Attendance, changed: bool, actor, request=None, **kwargs):
    """Receiver of meetings.signals.attendance_saved, run inside the transaction that records attendance.

    Changed marks: the claim follows them (sync_claim_with_attendance). Marks saved again unchanged: a
    missing claim is made (ensure_claim), so saving the page again repairs a gap. Returns None, or a plain
    message when this person's claim could not be made (their attendance is saved all the same)."""
    try:
        with transaction.atomic():
            if changed:
                sync_claim_with_attendance(attendance, actor=actor, request=request)
            else:
                ensure_claim(attendance, actor=actor, request=request)
    except Exception:
        logger.exception(
            "Claim for attendance %s (person %s, meeting %s) failed; it waits for reconcile_claims.",
            attendance.pk,
            attendance.person_id,
            attendance.meeting_id,
        )
        record(
            "payments.claim_failed", actor=actor, obj=attendance, changed_fields=["claim"], request=request
        )
        return (
            f"{attendance.person.display_name}'s attendance is saved, but their payment claim could not be "
            "made. It is listed under “Attendance with no claim” for the payments team to make."
        )
    return None


def sync_claim_with_attendance(attendance: Attendance, *, actor, request=None) -> Claim | None:
    """Present: a draft time claim (or, while still draft or queried, its hours updated). Absent or
    apologies: an unapproved claim is withdrawn. After approval nothing is changed: the claim is marked for
    finance to correct through the ledger."""
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update()
            .filter(person_id=attendance.person_id, meeting_id=attendance.meeting_id)
            .first()
        )
        present = attendance.status == AttendanceStatus.PRESENT
        if claim is None:
            return _create_from_attendance(attendance, actor=actor, request=request) if present else None
        if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            claim.attendance_changed_at = timezone.now()
            claim.save(update_fields=["attendance_changed_at"])
            _audit("payments.claim_attendance_changed", claim, ["attendance"], actor, request)
            return claim
        if not present:
            return _withdraw(claim, actor=actor) if claim.status != ClaimStatus.WITHDRAWN else claim
        if claim.status == ClaimStatus.WITHDRAWN:
            claim.status = ClaimStatus.DRAFT
        elif claim.status not in (ClaimStatus.DRAFT, ClaimStatus.QUERIED):
            # Submitted or checked: the hours follow attendance and the claim goes back to the person.
            claim.status = ClaimStatus.QUERIED
            claim.query_message = "The attendance record changed, so the hours were updated. Please check."
        pay = selectors.pay_at(attendance)
        activity = claim.activity or pay.activity
        hours = pay.hours if pay.hours is not None and activity == pay.activity else attendance.hours
        _apply_time(claim, activity, hours, choice_of(claim.person))
        claim.save()
        _audit("payments.claim_time_updated", claim, ["hours", "status"], actor, request)
        return claim


def ensure_claim(attendance: Attendance, *, actor, request=None) -> Claim | None:
    """Make the claim agree with attendance that did not change: a missing claim for someone present is
    made (a withdrawn one restored), an open claim of someone not present is withdrawn; a claim that
    already agrees is left exactly as it is (no write, no audit event). Idempotent."""
    claim = Claim.objects.filter(person_id=attendance.person_id, meeting_id=attendance.meeting_id).first()
    if attendance.status == AttendanceStatus.PRESENT:
        agrees = claim is not None and not (
            claim.status == ClaimStatus.WITHDRAWN and not claim.corrections_made
        )
    else:
        agrees = claim is None or claim.status not in PENDING_STATUSES
    if agrees:
        return claim
    return sync_claim_with_attendance(attendance, actor=actor, request=request)


def _create_from_attendance(attendance: Attendance, *, actor, request=None) -> Claim | None:
    choice = choice_of(attendance.person)
    if declines_payment(choice):
        return None  # Volunteers start an expenses-only claim themselves if they have expenses.
    claim = _new_claim(attendance.person, attendance.meeting, choice)
    pay = selectors.pay_at(attendance)
    _apply_time(claim, pay.activity, attendance.hours if pay.hours is None else pay.hours, choice)
    claim.save()
    _audit("payments.claim_created", claim, ["hours", "time_amount"], actor, request)
    emails.claim_ready_to_check(claim)
    return claim


@dataclass
class Reconciled:
    """What reconcile_claims did: the claims it made and the attendance it still could not make one for."""

    made: list[Claim] = field(default_factory=list)
    failed: list[Attendance] = field(default_factory=list)
    nothing_to_do: int = 0


def reconcile_claims(*, actor=None, request=None, limit: int | None = None) -> Reconciled:
    """Make the claim of every attendance that should have one and has none (selectors.
    attendance_without_claim): each in its own transaction, so one failure stops nobody else's. Running it
    again does nothing more (idempotent); what still fails is reported and stays on the work queue."""
    rows = selectors.attendance_without_claim()
    done = Reconciled()
    for attendance in list(rows[:limit] if limit else rows):
        try:
            with transaction.atomic():
                claim = ensure_claim(attendance, actor=actor, request=request)
                if claim is not None:
                    _audit("payments.claim_reconciled", claim, ["attendance"], actor, request)
        except Exception:
            logger.exception("reconcile_claims: the claim for attendance %s failed again.", attendance.pk)
            done.failed.append(attendance)
            continue
        if claim is None:
            done.nothing_to_do += 1
        else:
            done.made.append(claim)
    return done


def _audit(verb: str, obj, fields: list[str], actor, request) -> None:
    record(verb, actor=actor, obj=obj, changed_fields=fields, request=request)


def _withdraw(claim: Claim, *, actor) -> Claim:
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status"])
    record("payments.claim_withdrawn", actor=actor, obj=claim, changed_fields=["status"])
    return claim


def start_claim(
    person, meeting: Meeting, *, actor, expenses_only=False, on_behalf=False, request=None
) -> Claim:
    """A claim started by hand (for expenses, or for someone who volunteers their time), by the person or
    by an officer on their behalf (recorded as such). Refused for a meeting the person was not recorded as
    present at, and when they already have a claim for it."""
    attended = meetings_selectors.present_attendance(person, meeting)
    who = "they were" if on_behalf else "you were"
    if attended is None:
        raise PaymentError(f"A claim can only be made for a meeting {who} recorded as attending.")
    if Claim.objects.filter(person=person, meeting=meeting).exists():
        raise PaymentError("There is already a claim for this meeting. Add expenses to that claim instead.")
    choice = choice_of(person)
    claim = _new_claim(person, meeting, choice)
    if not expenses_only:
        pay = selectors.pay_at(attended)
        _apply_time(claim, pay.activity, attended.hours if pay.hours is None else pay.hours, choice)
    claim.started_on_behalf_by = actor if on_behalf else None
    changed = ["hours", "started_on_behalf_by"] if on_behalf else ["hours"]
    try:
        with transaction.atomic():
            claim.save()
            record("payments.claim_created", actor=actor, obj=claim, changed_fields=changed, request=request)
    except IntegrityError:
        raise PaymentError("There is already a claim for this meeting.") from None
    return claim


def change_time(claim: Claim, *, activity: str, hours: Decimal, actor, request=None) -> Claim:
    """An officer sets the activity (e.g. a half day) and hours of a claim still being prepared."""
    with transaction.atomic():
        claim = _locked(claim)
        if not claim.is_editable:
            raise PaymentError("Only a claim that has not been sent, or was queried, can be changed.")
        _apply_time(claim, activity, hours, choice_of(claim.person))
        claim.save()
        record(
            "payments.claim_time_changed",
            actor=actor,
            obj=claim,
            changed_fields=["activity", "hours"],
            request=request,
        )
    return claim


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("meeting", "person").get(pk=claim.pk)


def _refresh_expenses_amount(claim: Claim) -> None:
    claim.expenses_amount = sum((line.amount for line in claim.expenses.all()), ZERO)
    claim.save(update_fields=["expenses_amount"])


def add_expense(claim: Claim, *, line: ExpenseLine, actor, request=None) -> ExpenseLine:
    with transaction.atomic():
        claim = _locked(claim)
        if not claim.is_editable:
            raise PaymentError(
                "Expenses can only be added to a claim that has not been sent, or was queried."
            )
        line.claim, line.added_by = claim, actor
        line.save()
        _refresh_expenses_amount(claim)
        record("payments.expense_added", actor=actor, obj=claim, changed_fields=["expenses"], request=request)
    return line


def remove_expense(line: ExpenseLine, *, actor, request=None) -> None:
    with transaction.atomic():
        claim = _locked(line.claim)
        if not claim.is_editable:
            raise PaymentError("Expenses can only be removed from a claim that has not been sent.")
        line.receipt.delete(save=False)
        line.delete()
        _refresh_expenses_amount(claim)
        record(
            "payments.expense_removed", actor=actor, obj=claim, changed_fields=["expenses"], request=request
        )


def _move(claim: Claim, from_statuses, to_status: str, **fields) -> bool:
    """Change the status only if it is still one of `from_statuses` (a conditional UPDATE): of two people
    acting at the same moment, exactly one succeeds."""
    updated = Claim.objects.filter(pk=claim.pk, status__in=from_statuses).update(status=to_status, **fields)
    ledger.forget_summaries()
    return updated == 1


def submit_claim(claim: Claim, *, actor, request=None) -> None:
    with transaction.atomic():
        claim = _locked(claim)
        if claim.total <= 0:
            raise PaymentError("There is nothing to claim yet: add an expense first.")
        if (
            claim.person.user_id is not None
            and claim.person.user_id == actor.pk
            and not has_confirmed_email(actor)
        ):
            raise PaymentError(UNCONFIRMED_EMAIL)
        if not _move(
            claim,
            (ClaimStatus.DRAFT, ClaimStatus.QUERIED),
            ClaimStatus.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=actor,
            query_message="",
        ):
            raise PaymentError("This claim has already been sent.")
        record("payments.claim_submitted", actor=actor, obj=claim, changed_fields=["status"], request=request)
        emails.claim_awaits_organiser(claim)


def check_claim(claim: Claim, *, actor, request=None) -> None:
    """The organiser confirms the claim matches what happened."""
    with transaction.atomic():
        if not _move(
            claim, (ClaimStatus.SUBMITTED,), ClaimStatus.CHECKED, checked_at=timezone.now(), checked_by=actor
        ):
            raise PaymentError("This claim is not waiting for the organiser any more.")
        record("payments.claim_checked", actor=actor, obj=claim, changed_fields=["status"], request=request)


def query_claim(claim: Claim, message: str, *, actor, request=None) -> None:
    message = message.strip()
    if not message:
        raise PaymentError("Enter what needs to change.")
    with transaction.atomic():
        if not _move(
            claim, (ClaimStatus.SUBMITTED, ClaimStatus.CHECKED), ClaimStatus.QUERIED, query_message=message
        ):
            raise PaymentError("This claim cannot be queried now.")
        record(
            "payments.claim_queried",
            actor=actor,
            obj=claim,
            changed_fields=["status", "query_message"],
            request=request,
        )
        emails.claim_queried(claim, message)


def approve_claim(claim: Claim, *, actor, request=None) -> None:
    """Finance approves a checked claim: once only (a conditional UPDATE), with its ledger entries in the
    same transaction. Refused while the claim would take the person over their benefit limit unless a
    choice was made about it."""
    with transaction.atomic():
        current = _locked(claim)
        check = benefits.check(current)
        claimant = current.person.user
        if claimant is not None and not has_confirmed_email(claimant):
            raise PaymentError(
                f"{current.person} has not confirmed their email address yet: approve this once they have."
            )
        if check is not None and check.over and current.benefit_decision != BenefitDecision.PAY_IN_FULL:
            raise PaymentError(
                f"This claim would take {current.person} {format_money(check.over_by)} over their "
                f"{check.limit.name}. "
                "Reduce it, move it to another period, convert it, or record that they chose to be paid in "
                "full."
            )
        if not _move(
            current,
            (ClaimStatus.CHECKED,),
            ClaimStatus.APPROVED,
            approved_at=timezone.now(),
            approved_by=actor,
        ):
            raise PaymentError("This claim has already been approved, or is not ready for approval.")
        ledger.post_approval(current, actor=actor)
        record(
            "payments.claim_approved", actor=actor, obj=current, changed_fields=["status"], request=request
        )
        emails.claim_approved(current)


def reverse_approval(claim: Claim, reason: str, *, actor, request=None) -> None:
    """Correct a mistake in an approved claim not yet in a batch and never paid: reverse its approval in the
    ledger with a reason and send it back as queried (with the hours now recorded if attendance changed)."""
    reason = reason.strip()
    if not reason:
        raise PaymentError("Enter the reason for the correction.")
    with transaction.atomic():
        current = _locked(claim)
        if current.status != ClaimStatus.APPROVED or current.batch_id is not None or current.paid_on:
            raise PaymentError(
                "Only an approved claim that is not in a payment batch and was never paid can be sent back."
            )
        approval = ledger.unreversed_approval(current)
        ledger.post_reversal(current, approval, reason=reason, actor=actor)
        current.status, current.query_message = ClaimStatus.QUERIED, reason
        if current.attendance_changed_at is not None:
            _resync_hours(current)
        current.attendance_changed_at = None
        current.save()
        record(
            "payments.claim_corrected",
            actor=actor,
            obj=current,
            changed_fields=["status", "ledger"],
            request=request,
        )


def correct_claim(
    claim: Claim,
    *,
    reason: str,
    hours: Decimal,
    expenses_amount: Decimal,
    payout: str,
    charity_name: str = "",
    seen: int | None = None,
    actor,
    request=None,
) -> Correction:
    """Put right an approved or paid claim without editing anything that was posted: reverse in the ledger
    what was approved (and, when a paid claim's payout changes, what was paid), post the corrected amount,
    and record the correction. What is then owed on the claim decides what happens next: still to pay goes
    in the next batch; overpaid stays paid with the amount owed back.

    `seen` is how many corrections the approver saw (by default, those of `claim` as loaded): if someone
    corrected it since, this one is refused."""
    reason = reason.strip()
    _check_correction(reason, hours, expenses_amount, payout, charity_name)
    with transaction.atomic():
        current = _locked(claim)
        _check_correctable(current, hours)
        if not Claim.objects.filter(
            pk=current.pk,
            status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID),
            corrections_made=claim.corrections_made if seen is None else seen,
        ).update(corrections_made=F("corrections_made") + 1):
            raise PaymentError(
                "Someone corrected this claim a moment ago. Check its new figures before correcting it again."
            )
        current.corrections_made += 1
        correction = _correction_before(current, reason, actor)
        _reverse_posted(current, payout_changed=payout != current.payout, reason=reason, actor=actor)
        _apply_correction(current, hours, expenses_amount, payout, charity_name)
        if current.total > 0:
            ledger.post_approval(current, actor=actor, movement=Movement.CORRECTED, reason=reason)
        correction.balance_after = ledger.owed(current)
        _settle_status(current, correction.balance_after)
        current.attendance_changed_at = None
        current.save()
        correction.hours_after, correction.payout_after = current.hours, current.payout
        correction.time_after, correction.expenses_after = current.time_amount, current.expenses_amount
        correction.save()
        record(
            "payments.claim_corrected",
            actor=actor,
            obj=current,
            changed_fields=["hours", "time_amount", "expenses_amount", "payout", "ledger"],
            request=request,
        )
        emails.claim_corrected(current, correction)
    return correction


def _check_correction(reason, hours, expenses_amount, payout, charity_name) -> None:
    if not reason:
        raise PaymentError("Enter the reason for the correction.")
    if len(reason) > REASON_MAX:
        raise PaymentError(f"The reason must be {REASON_MAX} characters or fewer.")
    if hours is None or not ZERO <= hours <= CORRECTION_HOURS_MAX:
        raise PaymentError(f"The hours must be between 0 and {CORRECTION_HOURS_MAX}.")
    if expenses_amount is None or not ZERO <= expenses_amount <= CORRECTION_EXPENSES_MAX:
        raise PaymentError(f"The expenses must be between £0 and {format_money(CORRECTION_EXPENSES_MAX)}.")
    if expenses_amount.quantize(PENNY) != expenses_amount or hours.quantize(PENNY) != hours:
        raise PaymentError("Amounts and hours can have at most two decimal places.")
    if payout not in Payout.values:
        raise PaymentError("Choose how the claim is paid.")
    if payout == Payout.DONATION and not charity_name.strip():
        raise PaymentError("Enter the name of the charity.")


def _check_correctable(claim: Claim, hours: Decimal) -> None:
    if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        raise PaymentError(
            "Only an approved or paid claim can be corrected. A claim still being prepared is changed "
            "directly, or sent back with a question."
        )
    batch = claim.batch
    if claim.status == ClaimStatus.APPROVED and batch is not None and batch.exported_at and not batch.paid_on:
        raise PaymentError(
            f"This claim is in batch {batch.reference}, which has been sent to the finance system. Mark "
            "that batch as paid first, then correct the claim."
        )
    if not claim.activity and hours != claim.hours:
        raise PaymentError("This claim has no payment for time, so its hours cannot be corrected.")


def _correction_before(claim: Claim, reason: str, actor) -> Correction:
    return Correction(
        claim=claim,
        reason=reason,
        hours_before=claim.hours,
        time_before=claim.time_amount,
        expenses_before=claim.expenses_amount,
        payout_before=claim.payout,
        created_by=actor,
    )


def _reverse_posted(claim: Claim, *, payout_changed: bool, reason: str, actor) -> None:
    # Money paid the wrong way is taken as recovered only when the payout itself is corrected (with anything
    # already paid back); otherwise what was paid stands and the difference is owed one way or the other.
    if claim.paid_on is not None and payout_changed:
        for paid in ledger.unreversed(claim, (Movement.PAYMENT, Movement.REPAID)):
            ledger.post_reversal(claim, paid, reason=reason, actor=actor)
    approval = ledger.unreversed_approval(claim)
    if approval is not None:
        ledger.post_reversal(claim, approval, reason=reason, actor=actor)


def _apply_correction(claim: Claim, hours, expenses_amount, payout, charity_name) -> None:
    counted_before = claim.time_amount if claim.payout == Payout.BANK else ZERO
    if hours != claim.hours:
        claim.hours = hours
        claim.time_amount = time_amount(claim.rate, hours, choice_of(claim.person))
    claim.expenses_amount = expenses_amount
    claim.payout = payout
    claim.charity_name = charity_name.strip() if payout == Payout.DONATION else ""
    counted_after = claim.time_amount if claim.payout == Payout.BANK else ZERO
    check = benefits.check(claim) if counted_after > counted_before else None
    if check is not None and check.over and claim.benefit_decision != BenefitDecision.PAY_IN_FULL:
        raise PaymentError(
            f"The corrected claim would take {claim.person} {format_money(check.over_by)} over their "
            f"{check.limit.name}. "
            "Correct it to a voucher or donation, or record first that they chose to be paid in full."
        )


def _settle_status(claim: Claim, owed: Decimal) -> None:
    if owed > 0:
        # Still to pay (all of it, or the part an earlier payment missed): the next batch pays it.
        claim.status, claim.batch = ClaimStatus.APPROVED, None
    elif claim.paid_on is not None:
        claim.status = ClaimStatus.PAID  # paid in full, or overpaid (owed back, shown on the claim)
    else:
        claim.status, claim.batch = ClaimStatus.WITHDRAWN, None  # corrected to nothing before any payment


def record_repayment(claim: Claim, *, actor, request=None) -> Decimal:
    """An overpaid person paid back what a correction found they owed."""
    with transaction.atomic():
        current = _locked(claim)
        owed_back = -ledger.owed(current)
        if owed_back <= 0:
            raise PaymentError("Nothing is owed back on this claim.")
        ledger.post_repayment(current, owed_back, actor=actor, reason="Overpayment paid back")
        record(
            "payments.repayment_recorded",
            actor=actor,
            obj=current,
            changed_fields=["ledger"],
            request=request,
        )
    return owed_back


def _resync_hours(claim: Claim) -> None:
    attendance = meetings_selectors.attendance_of(claim.person_id, claim.meeting_id)
    present = attendance is not None and attendance.status == AttendanceStatus.PRESENT
    if claim.activity:
        _apply_time(claim, claim.activity, attendance.hours if present else ZERO, choice_of(claim.person))


# --- Benefit limits ---------------------------------------------------------------------------------------


def resolve_benefit_limit(
    claim: Claim,
    decision: str,
    *,
    actor,
    defer_to=None,
    charity="",
    asked_how="",
    answer="",
    request=None,
):
    """Act on a benefits warning before approval: reduce the time payment to what fits, move it to another
    period, take it as a voucher or donation, or record that the person chose to be paid in full. The person
    decides: when anyone else records the choice for them, how the person was asked and their answer are
    required and kept (the approval message repeats them)."""
    answer = " ".join((answer or "").split())
    with transaction.atomic():
        claim = _locked(claim)
        if not claim.is_pending:
            raise PaymentError("A claim can only be changed for the benefit limit before it is approved.")
        check = benefits.check(claim)
        if check is None or not check.over:
            raise PaymentError("This claim does not take the person over their limit.")
        for_them = claim.person.user_id is None or claim.person.user_id != getattr(actor, "pk", None)
        if for_them and asked_how not in AskedHow.values:
            raise PaymentError("Choose how you asked the person", field="asked_how")
        if for_them and not answer:
            raise PaymentError("Enter what the person told you they want", field="answer")
        if len(answer) > REASON_MAX:
            raise PaymentError(f"The answer must be {REASON_MAX} characters or fewer", field="answer")
        changed = ["benefit_decision"]
        if decision == BenefitDecision.REDUCED:
            claim.benefit_reduced_by = min(claim.time_amount, check.over_by)
            claim.time_amount -= claim.benefit_reduced_by
            changed += ["time_amount", "benefit_reduced_by"]
        elif decision == BenefitDecision.DEFERRED:
            _defer(claim, defer_to)
            changed.append("earnings_date")
        elif decision in (BenefitDecision.VOUCHER, BenefitDecision.DONATION):
            if decision == BenefitDecision.DONATION and not charity.strip():
                raise PaymentError("Enter the name of the charity.")
            claim.payout = Payout.VOUCHER if decision == BenefitDecision.VOUCHER else Payout.DONATION
            claim.charity_name = charity.strip()
            changed.append("payout")
        elif decision != BenefitDecision.PAY_IN_FULL:
            raise PaymentError("Choose what to do about the limit.")
        claim.benefit_decision = decision
        claim.benefit_asked_how, claim.benefit_answer = (asked_how, answer) if for_them else ("", "")
        if for_them:
            changed += ["benefit_asked_how", "benefit_answer"]
        claim.save()
        record(
            "payments.benefit_limit_resolved", actor=actor, obj=claim, changed_fields=changed, request=request
        )
    return claim


def _defer(claim: Claim, day) -> None:
    if day is None or day <= claim.earnings_date:
        raise PaymentError("Choose a later date for the payment to count in.")
    if day > claim.earnings_date + datetime.timedelta(days=DEFER_DAYS_MAX):
        raise PaymentError("Choose a date within a year of the meeting.")
    original = claim.earnings_date
    claim.earnings_date = day
    check = benefits.check(claim)
    if check is not None and (check.over or check.starts <= original <= check.ends):
        raise PaymentError("The payment would still be over the limit then: choose a later period.")


# --- Payment choice and bank details ----------------------------------------------------------------------


def save_payment_choice(person, *, actor, request=None, **fields) -> PaymentChoice:
    with transaction.atomic():
        choice = PaymentChoice.objects.filter(person=person).first() or PaymentChoice(person=person)
        changed = [name for name, value in fields.items() if getattr(choice, name) != value]
        for name, value in fields.items():
            setattr(choice, name, value)
        choice.updated_at, choice.updated_by = timezone.now(), actor
        choice.save()
        if not choice.keeps_bank_details:
            _forget_bank_details(person, actor=actor, request=request)
        record("payments.choice_changed", actor=actor, obj=choice, changed_fields=changed, request=request)
        if choice.method == PaymentMethod.DONATE and choice.charity_name:
            _name_waiting_donations(person, choice.charity_name, actor=actor, request=request)
    return choice


def _name_waiting_donations(person, charity_name: str, *, actor, request=None) -> None:
    # A donation claimed before the person named a charity (they skipped it when joining) waits out of
    # batches (selectors.CANNOT_PAY); naming the charity now is what lets it be paid.
    waiting = Claim.objects.filter(
        person=person, payout=Payout.DONATION, charity_name="", status__in=selectors.OWED_STATUSES
    )
    for claim in waiting.select_for_update():
        claim.charity_name = charity_name
        claim.save(update_fields=["charity_name"])
        _audit("payments.claim_charity_named", claim, ["charity_name"], actor, request)


# What a person chose when joining (people.choices.Recognition) as their payment choice.
METHOD_FROM_JOINING = {
    "payment": PaymentMethod.BANK,
    "voucher": PaymentMethod.VOUCHER,
    "donate": PaymentMethod.DONATE,
    "volunteer": PaymentMethod.DECLINE,
}


def choice_from_joining(sender, *, person, actor, request=None, **kwargs) -> PaymentChoice | None:
    """Receiver of people.services.person_joined, in the joining transaction: what the person said about
    payment when joining becomes their payment choice, so the payments page does not ask again. Which
    benefit limits their earnings (if they said one does) is asked on the next page, with the bank details,
    the email for vouchers or the charity for a donation."""
    method = METHOD_FROM_JOINING.get(person.recognition)
    if method is None or actor is None or PaymentChoice.objects.filter(person=person).exists():
        return None
    return save_payment_choice(
        person,
        actor=actor,
        request=request,
        method=method,
        charity_name="",
        reduce_to=None,
        benefit_limit_code="",
        assessment_day=None,
    )


def _forget_bank_details(person, *, actor, request=None) -> None:
    # Bank details are held only for people whose money (time or expenses) goes by bank transfer.
    deleted, _ = BankDetails.objects.filter(person=person).delete()
    if deleted:
        record(
            "payments.bank_details_removed",
            actor=actor,
            obj=person,
            changed_fields=["bank_details"],
            request=request,
        )


def save_bank_details(person, *, actor, request=None, **fields) -> BankDetails:
    choice = choice_of(person)
    if choice is None or not choice.keeps_bank_details:
        raise PaymentError(
            "Bank details are only kept for people who are paid by bank transfer or volunteer and claim "
            "expenses."
        )
    clear = _checked_bank_details(**fields)
    with transaction.atomic():
        details = BankDetails.objects.filter(person=person).first() or BankDetails(person=person)
        details.set_clear(**clear)
        details.updated_at, details.updated_by = timezone.now(), actor
        details.save()
        record(
            "payments.bank_details_changed",
            actor=actor,
            obj=details,
            changed_fields=sorted(fields),
            request=request,
        )
    return details


def _checked_bank_details(*, account_name: str, sort_code: str, account_number: str) -> dict:
    # The form checks these too; here so that every path (API, imports, the demo) stores them normalised.
    name = " ".join((account_name or "").split())
    if not name:
        raise PaymentError(ACCOUNT_NAME_MESSAGE, field="account_name")
    sort = normal_sort_code(sort_code)
    if sort is None:
        raise PaymentError(SORT_CODE_MESSAGE, field="sort_code")
    number = normal_account_number(account_number)
    if number is None:
        raise PaymentError(ACCOUNT_NUMBER_MESSAGE, field="account_number")
    return {"account_name": name, "sort_code": sort, "account_number": number}


def view_bank_details(details: BankDetails, *, actor, request=None) -> ClearBankDetails:
    """A finance approver reads the full details: decrypted here, audited every time."""
    record("payments.bank_details_viewed", actor=actor, obj=details, changed_fields=[], request=request)
    return details.reveal()


# --- Rate card ---------------------------------------------------------------------------------------------


def add_activity_rate(*, actor, request=None, **fields) -> ActivityRate:
    return _add_dated(ActivityRate(created_by=actor, **fields), "payments.rate_added", actor, request)


def add_expense_rate(*, actor, request=None, **fields) -> ExpenseRate:
    return _add_dated(ExpenseRate(created_by=actor, **fields), "payments.expense_rate_added", actor, request)


def add_benefit_limit(*, actor, request=None, **fields) -> BenefitLimit:
    return _add_dated(
        BenefitLimit(created_by=actor, **fields), "payments.benefit_limit_added", actor, request
    )


def _add_dated(row, verb: str, actor, request):
    try:
        with transaction.atomic():
            row.save()
            record(verb, actor=actor, obj=row, changed_fields=["amount", "effective_from"], request=request)
    except IntegrityError:
        raise PaymentError("There is already a figure starting on that date.") from None
    return row


# --- Batches ------------------------------------------------------------------------------------------------


def create_batch(*, actor, request=None, claim_ids=None) -> PaymentBatch:
    """Gather the approved claims not yet in a batch that finance chose (`claim_ids`; every one when None).
    A claim we cannot pay yet (no bank details, or no charity) never goes in: it waits, flagged, until the
    person tells us, so no batch file carries a line no bank could pay."""
    with transaction.atomic():
        waiting = Claim.objects.filter(status=ClaimStatus.APPROVED, batch__isnull=True)
        if claim_ids is not None:
            waiting = waiting.filter(pk__in=claim_ids)
        # Locked on their own first: PostgreSQL cannot lock through the outer join to bank details.
        locked = list(waiting.select_for_update().values_list("pk", flat=True))
        payable = Claim.objects.filter(pk__in=locked).exclude(selectors.CANNOT_PAY)
        ids = list(payable.values_list("pk", flat=True))
        if not ids:
            held = bool(locked)
            raise PaymentError(
                "The claims chosen are waiting for bank details (or an email for a voucher, or a charity) "
                "before they can be paid."
                if held
                else "There are no approved claims waiting to be paid."
                if claim_ids is None
                else "Choose at least one approved claim to put in the batch.",
                field="claims",
            )
        now = timezone.now()
        count = PaymentBatch.objects.filter(created_at__year=now.year).count() + 1
        batch = PaymentBatch.objects.create(reference=f"PB-{now:%Y}-{count:04d}", created_by=actor)
        Claim.objects.filter(pk__in=ids).update(batch=batch)
        ledger.forget_summaries()
        record("payments.batch_created", actor=actor, obj=batch, changed_fields=["claims"], request=request)
    return batch


def take_out_of_batch(batch: PaymentBatch, claim: Claim, *, actor, request=None) -> None:
    """Take an approved claim out of a batch not yet paid (for example one waiting for bank details): it
    waits for a later batch."""
    with transaction.atomic():
        if not Claim.objects.filter(
            pk=claim.pk, batch=batch, status=ClaimStatus.APPROVED, batch__paid_on__isnull=True
        ).update(batch=None):
            raise PaymentError("Only an unpaid claim of a batch not yet marked paid can be taken out.")
        ledger.forget_summaries()
        record(
            "payments.batch_claim_removed", actor=actor, obj=batch, changed_fields=["claims"], request=request
        )


def record_export(batch: PaymentBatch, file_kind: str, *, actor, request=None) -> None:
    with transaction.atomic():
        PaymentBatch.objects.filter(pk=batch.pk, exported_at__isnull=True).update(exported_at=timezone.now())
        record(
            f"payments.batch_exported_{file_kind}", actor=actor, obj=batch, changed_fields=[], request=request
        )


def record_ledger_export(*, actor, request=None) -> None:
    """The whole ledger was downloaded: audited, like every export."""
    with transaction.atomic():
        record("payments.ledger_exported", actor=actor, obj=None, changed_fields=[], request=request)


def mark_batch_paid(batch: PaymentBatch, paid_on: datetime.date, *, actor, request=None) -> int:
    """Mark every claim of the batch paid on `paid_on`, storing each claim's days from submission to
    payment, and write the payment entries. Once only."""
    if paid_on > timezone.localdate():
        raise PaymentError("The date paid cannot be in the future.", field="paid_on")
    with transaction.atomic():
        unpayable = [claim.reference for claim in selectors.unpayable_claims_in(batch)]
        if unpayable:
            raise PaymentError(
                f"This batch cannot be marked paid: {', '.join(unpayable)} cannot be paid (no bank details "
                "or no charity). Take them out of the batch, or add the details, first.",
                field="paid_on",
            )
        if not PaymentBatch.objects.filter(pk=batch.pk, paid_on__isnull=True).update(
            paid_on=paid_on, paid_by=actor
        ):
            raise PaymentError("This batch has already been marked as paid.")
        claims = list(
            Claim.objects.select_for_update()
            .select_related("meeting", "person")
            .filter(batch=batch, status=ClaimStatus.APPROVED)
        )
        due = {}
        for claim in Claim.objects.filter(batch=batch).with_money().only("pk"):
            due[claim.pk] = claim.amount_due
        for claim in claims:
            _pay(claim, due[claim.pk], paid_on, batch=batch, actor=actor)
        Claim.objects.bulk_update(claims, ["status", "paid_on", "days_to_payment"])
        ledger.forget_summaries()
        record("payments.batch_paid", actor=actor, obj=batch, changed_fields=["paid_on"], request=request)
    return len(claims)


def _pay(claim: Claim, amount: Decimal, paid_on: datetime.date, *, batch, actor) -> None:
    if amount > 0 and not selectors.can_pay(claim):
        # Checked for the whole batch above; here so that no other path can record a payment never made.
        raise PaymentError(f"{claim.reference} cannot be paid: there are no bank details or no charity.")
    claim.status, claim.paid_on = ClaimStatus.PAID, paid_on
    if claim.days_to_payment is None:
        # Measured to the first payment: a later top-up after a correction does not restart the clock.
        submitted = (claim.submitted_at or claim.created_at).astimezone(LONDON).date()
        claim.days_to_payment = max(0, (paid_on - submitted).days)
    if amount > 0:
        ledger.post_payment(claim, amount, actor=actor, batch=batch)
        emails.claim_paid(claim, amount)
