"""The benefits check: would a claim's time payment take the person over the earnings limit they told us
applies to them, in the week (or month) it counts in? Expenses never count; nor do vouchers or donations."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .choices import BenefitPeriod, ClaimStatus, Payout
from .models import BenefitLimit, Claim, PaymentChoice

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LimitCheck:
    limit: BenefitLimit
    starts: datetime.date
    ends: datetime.date
    earned_before: Decimal  # other claims counting in the same period
    this_claim: Decimal

    @property
    def total(self) -> Decimal:
        return self.earned_before + self.this_claim

    @property
    def over_by(self) -> Decimal:
        return max(ZERO, self.total - self.limit.amount)

    @property
    def over(self) -> bool:
        return self.over_by > 0

    @property
    def room_left(self) -> Decimal:
        return max(ZERO, self.limit.amount - self.earned_before)


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period == BenefitPeriod.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def same_period(limit: BenefitLimit, first: datetime.date, second: datetime.date) -> bool:
    return period_bounds(limit.period, first) == period_bounds(limit.period, second)


def limit_for(person, day: datetime.date) -> BenefitLimit | None:
    code = PaymentChoice.objects.filter(person=person).values_list("benefit_limit_code", flat=True).first()
    if not code:
        return None
    return BenefitLimit.objects.filter(code=code).in_force_on(day).first()


def earnings_in(person, starts, ends, *, exclude=None) -> Decimal:
    claims = Claim.objects.filter(
        person=person, earnings_date__range=(starts, ends), payout=Payout.BANK
    ).exclude(status__in=[ClaimStatus.WITHDRAWN, ClaimStatus.DRAFT])
    if exclude is not None:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(total=Sum("time_amount"))["total"] or ZERO


def check(claim: Claim) -> LimitCheck | None:
    """The limit check for a claim, or None when no limit applies to the person."""
    limit = limit_for(claim.person, claim.earnings_date)
    if limit is None:
        return None
    starts, ends = period_bounds(limit.period, claim.earnings_date)
    this_claim = claim.time_amount if claim.payout == Payout.BANK else ZERO
    return LimitCheck(limit, starts, ends, earnings_in(claim.person, starts, ends, exclude=claim), this_claim)


def warning_for(claim: Claim) -> LimitCheck | None:
    """The check to warn about: only before approval, and only when the claim goes over the limit."""
    if not claim.is_pending:
        return None
    result = check(claim)
    return result if result is not None and result.over else None
