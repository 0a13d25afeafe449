"""Before a claim is approved that would take someone over the earnings limit they told us applies, the
approver and the person are warned and choose what to do; it is never paid over the limit silently.
Expenses, vouchers and donations never count."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from coproduce.payments import benefits, services
from coproduce.payments.choices import BenefitDecision, BenefitPeriod, ClaimStatus, Payout
from coproduce.payments.models import BenefitLimit, ExpenseLine

from . import support

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)


@pytest.fixture
def near_limit():
    """A member with a £50 weekly limit who already has £40 of claims in the week of MONDAY."""
    support.rate_card()
    support.weekly_limit("50.00")
    user, person = support.member(limit_code="permitted-work-lower")
    first = support.attend(support.meeting(day=MONDAY, hours=2), person)
    support.submitted(first, user)
    second = support.attend(
        support.meeting(day=MONDAY + datetime.timedelta(days=3), hours=1, title="Panel"), person
    )
    return user, person, second


def test_no_warning_without_a_limit():
    support.rate_card()
    _, person = support.member()
    claim = support.attend(support.meeting(hours=5), person)
    assert benefits.check(claim) is None and benefits.warning_for(claim) is None


def test_a_claim_over_the_weekly_limit_is_warned_about(near_limit):
    _, _, claim = near_limit
    warning = benefits.warning_for(claim)
    assert warning.earned_before == Decimal("40.00")
    assert warning.over_by == Decimal("10.00")
    assert (warning.starts, warning.ends) == (MONDAY, MONDAY + datetime.timedelta(days=6))


def test_the_next_week_does_not_count(near_limit):
    user, person, _ = near_limit
    later = support.attend(
        support.meeting(day=MONDAY + datetime.timedelta(days=7), hours=2, title="Next"), person
    )
    assert benefits.warning_for(later) is None


def test_expenses_never_count(near_limit):
    user, person, claim = near_limit
    services.add_expense(
        claim, line=ExpenseLine(kind="public_transport", amount=Decimal("30.00")), actor=user
    )
    claim.refresh_from_db()
    assert benefits.check(claim).this_claim == Decimal("20.00")


def test_approval_is_refused_until_a_choice_is_made(near_limit, finance_approver):
    user, _, claim = near_limit
    support.checked(claim, user)
    with pytest.raises(services.PaymentError, match="over their Permitted work lower limit"):
        services.approve_claim(claim, actor=finance_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED


def test_reduce_brings_the_claim_to_the_limit(near_limit, finance_approver):
    user, _, claim = near_limit
    support.checked(claim, user)
    # Finance chooses for the person only having asked them: how, and what they said, are required.
    with pytest.raises(services.PaymentError, match="how you asked") as refused:
        services.resolve_benefit_limit(claim, BenefitDecision.REDUCED, actor=finance_approver)
    assert refused.value.field == "asked_how"
    with pytest.raises(services.PaymentError, match="what the person told you"):
        services.resolve_benefit_limit(
            claim, BenefitDecision.REDUCED, asked_how="phone", actor=finance_approver
        )
    services.resolve_benefit_limit(
        claim,
        BenefitDecision.REDUCED,
        asked_how="phone",
        answer="Keep me under my limit, please",
        actor=finance_approver,
    )
    claim.refresh_from_db()
    assert claim.time_amount == Decimal("10.00") and claim.benefit_reduced_by == Decimal("10.00")
    assert (claim.benefit_asked_how, claim.benefit_answer) == ("phone", "Keep me under my limit, please")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.approve_claim(claim, actor=finance_approver)
    body = mail.outbox[-1].body
    assert "reduced by £10.00" in body and "to stay within your Permitted work lower limit" in body
    assert "You told us by phone: “Keep me under my limit, please”" in body


def test_defer_moves_it_to_a_later_week(near_limit):
    user, _, claim = near_limit
    with pytest.raises(services.PaymentError, match="within a year"):
        services.resolve_benefit_limit(
            claim, BenefitDecision.DEFERRED, defer_to=datetime.date(9999, 12, 31), actor=user
        )
    with pytest.raises(services.PaymentError, match="later"):
        services.resolve_benefit_limit(claim, BenefitDecision.DEFERRED, defer_to=MONDAY, actor=user)
    with pytest.raises(services.PaymentError, match="still be over"):
        services.resolve_benefit_limit(
            claim,
            BenefitDecision.DEFERRED,
            defer_to=claim.earnings_date + datetime.timedelta(days=1),
            actor=user,
        )
    services.resolve_benefit_limit(
        claim, BenefitDecision.DEFERRED, defer_to=MONDAY + datetime.timedelta(days=8), actor=user
    )
    claim.refresh_from_db()
    assert claim.earnings_date == MONDAY + datetime.timedelta(days=8)
    assert benefits.warning_for(claim) is None


@pytest.mark.parametrize(
    ("decision", "payout"),
    [(BenefitDecision.VOUCHER, Payout.VOUCHER), (BenefitDecision.DONATION, Payout.DONATION)],
)
def test_convert_to_a_voucher_or_donation(near_limit, decision, payout):
    user, _, claim = near_limit
    if decision == BenefitDecision.DONATION:
        with pytest.raises(services.PaymentError, match="charity"):
            services.resolve_benefit_limit(claim, decision, actor=user)
    services.resolve_benefit_limit(claim, decision, charity="Wyvern Hospice", actor=user)
    claim.refresh_from_db()
    assert claim.payout == payout
    assert benefits.warning_for(claim) is None


def test_paying_in_full_is_an_explicit_recorded_choice(near_limit, finance_approver):
    user, _, claim = near_limit
    support.checked(claim, user)
    services.resolve_benefit_limit(claim, BenefitDecision.PAY_IN_FULL, actor=user)
    services.approve_claim(claim, actor=finance_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.benefit_decision == BenefitDecision.PAY_IN_FULL


def test_no_warning_after_approval(near_limit, finance_approver):
    user, _, claim = near_limit
    support.checked(claim, user)
    services.resolve_benefit_limit(claim, BenefitDecision.PAY_IN_FULL, actor=user)
    services.approve_claim(claim, actor=finance_approver)
    claim.refresh_from_db()
    assert benefits.check(claim).over and benefits.warning_for(claim) is None
    with pytest.raises(services.PaymentError, match="before it is approved"):
        services.resolve_benefit_limit(claim, BenefitDecision.REDUCED, actor=finance_approver)


def test_a_monthly_limit_counts_the_calendar_month():
    support.rate_card()
    limit = support.weekly_limit("60.00", code="monthly")
    limit.period = BenefitPeriod.MONTH
    limit.save()
    user, person = support.member(limit_code="monthly")
    first = support.attend(support.meeting(day=datetime.date(2026, 10, 1), hours=2), person)
    support.submitted(first, user)
    same_month = support.attend(support.meeting(day=datetime.date(2026, 10, 30), hours=2, title="B"), person)
    next_month = support.attend(support.meeting(day=datetime.date(2026, 11, 2), hours=2, title="C"), person)
    assert benefits.warning_for(same_month).over_by == Decimal("20.00")
    assert benefits.warning_for(next_month) is None


def test_the_limit_in_force_on_the_date_is_used(near_limit):
    _, _, claim = near_limit
    older = BenefitLimit.objects.get()
    BenefitLimit.objects.create(
        code=older.code,
        name=older.name,
        amount=Decimal("100.00"),
        effective_from=MONDAY,
        created_by=older.created_by,
    )
    assert benefits.warning_for(claim) is None


def test_the_person_is_told_by_email_when_their_new_claim_would_go_over(near_limit):
    _, person, claim = near_limit
    first, second = mail.outbox
    assert second.to == [person.email] and "Please note" not in first.body
    assert "£10.00 over your Permitted work lower limit" in second.body
    assert "2 November to 8 November 2026" in second.body
    assert "reduce it, move it to a later period, or take it as a voucher or a donation" in second.body
    assert "https://www.citizensadvice.org.uk/benefits/" in second.body
