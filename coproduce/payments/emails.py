"""What the payments app tells people, through coproduce.notifications: each person by the way they chose
to be contacted (email, text message or letter), queued when the change that caused it commits; the
organiser by email. Their payments page shows everything too."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.selectors import site_url
from coproduce.core.money import format_money
from coproduce.notifications.services import notify, notify_by_email

from . import benefits, selectors
from .choices import BenefitDecision, Payout
from .models import Claim, Correction

LONDON = ZoneInfo("Europe/London")
PAID_AS = {
    Payout.BANK: "by bank transfer",
    Payout.VOUCHER: "as a voucher",
    Payout.DONATION: "as a donation",
}


def _tell_person(claim: Claim, template: str, event: str, subject: str, body: str, **context) -> None:
    link = site_url(reverse("payments:claim", args=[claim.pk]))
    notify(
        claim.person,
        template,
        {
            "subject": subject,
            "body": f"{body}\n\nYou can see your claim here:\n{link}\n\nThank you for taking part.",
            "claim": claim,
            "meeting_name": _meeting(claim),
            **context,
        },
        f"payments.{template}:{claim.pk}:{event}",
        link=link,
    )


def _now() -> str:
    # For events that can happen more than once to one claim (a second question, a second send).
    return timezone.now().isoformat()


def _meeting(claim: Claim) -> str:
    return f"“{claim.meeting.title}” on {claim.meeting.starts_at.astimezone(LONDON):%-d %B %Y}"


def claim_ready_to_check(claim: Claim) -> None:
    warning = _limit_warning(claim)
    _tell_person(
        claim,
        "claim_ready_to_check",
        "ready",
        f"Please check your claim for {claim.meeting.title}",
        f"Thank you for coming to {_meeting(claim)}. We have started a claim for your time: "
        f"{claim.hours} hours, {format_money(claim.time_amount)}.\n\n"
        "Please check it is right, add any travel, care or other costs you had (with receipts if you "
        "have them), and send it to us. If anything looks wrong, just tell us."
        + warning
        + _details_prompt(claim),
        amount=format_money(claim.time_amount),
        limit_warning=bool(warning),
    )


def _details_prompt(claim: Claim) -> str:
    # The same prompt as the home and payments pages (selectors.missing_payment_details), at the moment a
    # claim makes it matter.
    missing = selectors.missing_payment_details(claim.person)
    if missing.bank_details and claim.payout == Payout.BANK:
        return (
            "\n\nPlease add your bank details so that we can pay you. We cannot pay this claim until you "
            f"do: {site_url(reverse('payments:bank'))}\nIf you would rather tell us by phone or post, just "
            "get in touch."
        )
    if missing.voucher_email and claim.payout == Payout.VOUCHER:
        return (
            "\n\nWe send vouchers by email and we have no email address for you, so we cannot send this one "
            f"until you add it: {site_url(reverse('people:me_change_contact'))}"
        )
    if missing.charity and claim.payout == Payout.DONATION:
        return (
            "\n\nPlease tell us which charity to donate to, so that we can pay it: "
            f"{site_url(reverse('payments:choice'))}"
        )
    return ""


def _limit_warning(claim: Claim) -> str:
    # People who do not look at the website must hear before approval, not after, that a claim would take
    # them over the earnings limit they told us about.
    warning = benefits.warning_for(claim)
    if warning is None:
        return ""
    return (
        f"\n\nPlease note: this claim would take you {format_money(warning.over_by)} over your "
        f"{warning.limit.name} "
        f"for {warning.starts:%-d %B} to {warning.ends:%-d %B %Y}. Before it is approved you can reduce it, "
        "move it to a later period, or take it as a voucher or a donation: choose on the claim's page or "
        "tell us. Nothing is paid over your limit unless you choose it. For independent advice about "
        f"benefits: {settings.COPRODUCE['BENEFITS_ADVICE_URL']}"
    )


def benefit_change_text(claim: Claim) -> str:
    """What was changed for the person's benefit limit, and why, in words for them (the approval message; the
    claim page says the same)."""
    decision = claim.benefit_decision
    if not decision:
        return ""
    check = benefits.check(claim)
    limit = check.limit.name if check else "benefit earnings limit"
    if decision == BenefitDecision.REDUCED:
        full = claim.time_amount + claim.benefit_reduced_by
        what = (
            f"The payment for your time was reduced by {format_money(claim.benefit_reduced_by)}, from "
            f"{format_money(full)} ({claim.hours} hours at the rate) to {format_money(claim.time_amount)}, "
            f"to stay within your {limit}."
        )
    elif decision == BenefitDecision.DEFERRED:
        what = (
            f"The payment counts in the period of {claim.earnings_date:%-d %B %Y} instead, to stay within "
            f"your {limit}."
        )
    elif decision in (BenefitDecision.VOUCHER, BenefitDecision.DONATION):
        what = f"It is paid {PAID_AS[claim.payout]} instead of by bank transfer, to stay within your {limit}."
    else:
        what = f"It is paid in full, as you chose, although it takes you over your {limit}."
    if claim.benefit_asked_how:
        how = claim.get_benefit_asked_how_display().lower()
        what += f" You told us {how}: “{claim.benefit_answer}”."
    return f"\n\n{what} If this is not what you want, tell us before it is paid."


def claim_queried(claim: Claim, message: str) -> None:
    _tell_person(
        claim,
        "claim_queried",
        _now(),
        "A question about your claim",
        f"We have a question about your claim {claim.reference} for {_meeting(claim)}:\n\n{message}\n\n"
        "Please change the claim and send it again. If you would like help, just get in touch.",
    )


def claim_approved(claim: Claim) -> None:
    _tell_person(
        claim,
        "claim_approved",
        "approved",
        f"Your claim {claim.reference} is approved",
        f"Good news: your claim for {_meeting(claim)} has been approved, for "
        f"{format_money(claim.total)}. It will be "
        "paid in our next payment run, and we will tell you when it has been paid."
        + benefit_change_text(claim)
        + _details_prompt(claim),
    )


def claim_paid(claim: Claim, amount) -> None:
    how = PAID_AS[claim.payout]
    if claim.payout == Payout.DONATION and claim.charity_name:
        how = f"as a donation to {claim.charity_name}"
    _tell_person(
        claim,
        "claim_paid",
        f"{claim.paid_on}:{amount}",
        f"Your claim {claim.reference} has been paid",
        f"Your claim for {_meeting(claim)} has been paid: {format_money(amount)}, {how}, on "
        f"{claim.paid_on:%-d %B %Y}.\n\n"
        "A bank transfer can take up to three working days to reach your account.",
    )


def claim_corrected(claim: Claim, correction: Correction) -> None:
    balance = correction.balance_after
    if balance < 0:
        next_step = (
            f"This means we paid you {format_money(-balance)} too much. Please do not worry: someone "
            f"from the team will "
            "contact you to agree what to do, and nothing will be taken without talking to you first."
        )
    elif balance > 0 and claim.paid_on:
        next_step = (
            f"This means we still owe you {format_money(balance)}. We will pay it in our next payment run."
        )
    else:
        next_step = "We will pay the corrected amount in our next payment run."
    _tell_person(
        claim,
        "claim_corrected",
        str(correction.pk),
        f"We corrected your claim {claim.reference}",
        f"We made a mistake on your claim for {_meeting(claim)} and have corrected it.\n\n"
        f"Why: {correction.reason}\nBefore: {format_money(correction.total_before)}\nNow: "
        f"{format_money(correction.total_after)}\n\n"
        f"{next_step} We are sorry for the mistake.",
    )


def claim_awaits_organiser(claim: Claim) -> None:
    organiser = claim.meeting.organiser
    if organiser is None or not organiser.is_active:
        return
    link = site_url(reverse("payments_manage:claim", args=[claim.pk]))
    body = (
        f"{claim.person.full_name} has sent their claim {claim.reference} for {_meeting(claim)}, "
        f"{format_money(claim.total)} in all.\n\nAs the meeting's organiser, please confirm it matches "
        f"what happened, or send it back with a question:\n{link}"
    )
    notify_by_email(
        organiser.email,
        "claim_awaits_organiser",
        {"subject": f"A claim for {claim.meeting.title} is waiting for you", "body": body},
        f"payments.claim_awaits_organiser:{claim.pk}:{_now()}",
        user=organiser,
    )
