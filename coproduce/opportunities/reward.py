"""What taking part is rewarded with, in one place: a rate from the programme's dated rate card (payments
ActivityRate), a stated amount in pounds per unit when no rate-card activity fits, or voluntary.

Everything that describes or validates the reward goes through this module.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from coproduce.core.money import format_money
from coproduce.payments.choices import Activity, RateUnit
from coproduce.payments.models import ActivityRate


class RewardUnit(models.TextChoices):
    RATE_CARD = "rate_card", "From the programme's rate card"
    PER_HOUR = "per_hour", "per hour"
    PER_SESSION = "per_session", "per session"
    PER_DAY = "per_day", "per day"
    IN_TOTAL = "in_total", "in total"
    VOLUNTARY = "voluntary", "Voluntary (no payment)"


MAX_AMOUNT = Decimal("99999999.99")


def rate_day(starts_on: datetime.date | None) -> datetime.date:
    """The rate that matters is the one in force when the role starts; without a start date, today's."""
    return starts_on or timezone.localdate()


def rate_in_force(activity: str, day: datetime.date) -> ActivityRate | None:
    return ActivityRate.objects.filter(activity=activity).in_force_on(day).first()


def describe_rate(activity: str, amount: Decimal | None, unit: str | None) -> str:
    """E.g. "£20.00 per hour (Meeting rate, from the programme's rate card)"; amount and unit are those of
    the rate in force, None when there is none (a rate can be missing for a date the advert was not checked
    against, e.g. a start date moved earlier than the activity's first rate)."""
    name = Activity(activity).label
    if amount is None:
        return f"{name} rate, from the programme's rate card (the team will confirm the amount)"
    return f"{format_money(amount)} {RateUnit(unit).label} ({name} rate, from the programme's rate card)"


def describe(amount: Decimal | None, unit: str) -> str:
    """Plain English for a stated reward, e.g. "£25.00 per hour" or "Voluntary (no payment)"."""
    if unit == RewardUnit.VOLUNTARY or amount is None:
        return RewardUnit.VOLUNTARY.label
    return f"{format_money(amount)} {RewardUnit(unit).label}"


def problem(amount: Decimal | None, unit: str) -> str | None:
    """Why this amount and unit do not make a reward, or None when they do."""
    if unit in (RewardUnit.VOLUNTARY, RewardUnit.RATE_CARD):
        return "Leave the amount empty unless you state an amount" if amount else None
    if amount is None:
        return "Enter the amount, or choose the rate card or voluntary"
    if amount <= 0:
        return "The amount must be more than £0"
    if amount > MAX_AMOUNT:
        return "The amount is too large"
    return None


def activity_problem(activity: str, unit: str, starts_on: datetime.date | None) -> str | None:
    """Why this rate-card activity does not fit the chosen reward, or None when it does."""
    if unit != RewardUnit.RATE_CARD:
        return "Choose an activity only when the payment is from the rate card" if activity else None
    if not activity:
        return "Choose the rate-card activity"
    day = rate_day(starts_on)
    if rate_in_force(activity, day) is None:
        return (
            f"The rate card has no {Activity(activity).label} rate in force on {day:%-d %B %Y}: "
            "choose another activity, or state an amount"
        )
    return None
