"""The benefits check: would a claim's time payment take the person over the earnings limit they told us
applies to them, in the week (or month) it counts in? Expenses never count; nor do vouchers or donations."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .choices import BenefitPeriod, ClaimStatus, Payout
from .models import PENNY, BenefitLimit, Claim, PaymentChoice

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


def period_bounds(period: str, day: datetime.date, first_day: int = 1) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the limit's period that `day` falls in. An assessment period runs from
    `first_day` of one month to the day before `first_day` of the next (clamped to short months)."""
    if period == BenefitPeriod.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if period == BenefitPeriod.ASSESSMENT:
        return _assessment_period(day, first_day)
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _on_day(year: int, month: int, wanted: int) -> datetime.date:
    return datetime.date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _assessment_period(day: datetime.date, first_day: int) -> tuple[datetime.date, datetime.date]:
    starts = _on_day(day.year, day.month, first_day)
    if starts > day:
        year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
        starts = _on_day(year, month, first_day)
    next_starts = _on_day(*_month_after(starts.year, starts.month), first_day)
    return starts, next_starts - datetime.timedelta(days=1)


def _choice(person) -> dict | None:
    return PaymentChoice.objects.filter(person=person).values("benefit_limit_code", "assessment_day").first()


def _limit(choice: dict | None, day: datetime.date) -> BenefitLimit | None:
    if not choice or not choice["benefit_limit_code"]:
        return None
    return BenefitLimit.objects.filter(code=choice["benefit_limit_code"]).in_force_on(day).first()


def limit_for(person, day: datetime.date) -> BenefitLimit | None:
    return _limit(_choice(person), day)


def earnings_in(person, starts, ends, *, exclude=None) -> Decimal:
    claims = Claim.objects.filter(
        person=person, earnings_date__range=(starts, ends), payout=Payout.BANK
    ).exclude(status__in=[ClaimStatus.WITHDRAWN, ClaimStatus.DRAFT])
    if exclude is not None:
        claims = claims.exclude(pk=exclude.pk)
    return (claims.aggregate(total=Sum("time_amount"))["total"] or ZERO).quantize(PENNY)


def check(claim: Claim) -> LimitCheck | None:
    """The limit check for a claim, or None when no limit applies to the person."""
    this_claim = claim.time_amount if claim.payout == Payout.BANK else ZERO
    return _check(claim.person, claim.earnings_date, this_claim, exclude=claim)


_NOT_READ = object()


def this_period(person, day: datetime.date, *, choice=_NOT_READ) -> LimitCheck | None:
    """What already counts towards the person's limit in the period `day` falls in (for their page).
    `choice`: their PaymentChoice (None when they have none) if the page has read it already."""
    if choice is _NOT_READ:
        return _check(person, day, ZERO)
    known = (
        None if choice is None else {f: getattr(choice, f) for f in ("benefit_limit_code", "assessment_day")}
    )
    return _check(person, day, ZERO, choice=known)


def _check(
    person, day: datetime.date, this_claim: Decimal, *, exclude=None, choice=_NOT_READ
) -> LimitCheck | None:
    choice = _choice(person) if choice is _NOT_READ else choice
    limit = _limit(choice, day)
    if limit is None:
        return None
    starts, ends = period_bounds(limit.period, day, choice["assessment_day"] or 1)
    return LimitCheck(limit, starts, ends, earnings_in(person, starts, ends, exclude=exclude), this_claim)


def warning_for(claim: Claim) -> LimitCheck | None:
    """The check to warn about: only before approval, and only when the claim goes over the limit."""
    if not claim.is_pending:
        return None
    result = check(claim)
    return result if result is not None and result.over else None
