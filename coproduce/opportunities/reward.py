"""What taking part is rewarded with, in one place: a stated amount in pounds per unit, or voluntary.

The payments work will replace this with a link to the dated rate card; everything that describes or
validates the reward goes through this module so that change stays small.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class RewardUnit(models.TextChoices):
    PER_HOUR = "per_hour", "per hour"
    PER_SESSION = "per_session", "per session"
    PER_DAY = "per_day", "per day"
    IN_TOTAL = "in_total", "in total"
    VOLUNTARY = "voluntary", "Voluntary (no payment)"


MAX_AMOUNT = Decimal("99999999.99")


def describe(amount: Decimal | None, unit: str) -> str:
    """Plain English for a page or an email, e.g. "£25.00 per hour" or "Voluntary (no payment)"."""
    if unit == RewardUnit.VOLUNTARY or amount is None:
        return RewardUnit.VOLUNTARY.label
    return f"£{amount:,.2f} {RewardUnit(unit).label}"


def problem(amount: Decimal | None, unit: str) -> str | None:
    """Why this amount and unit do not make a reward, or None when they do."""
    if unit == RewardUnit.VOLUNTARY:
        return "Leave the amount empty for a voluntary role" if amount else None
    if amount is None:
        return "Enter the amount, or choose voluntary"
    if amount <= 0:
        return "The amount must be more than £0"
    if amount > MAX_AMOUNT:
        return "The amount is too large"
    return None
