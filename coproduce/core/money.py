"""How an amount of money reads on a page: pounds and pence with thousands separated, e.g. £1,500.50."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
MINUS = "\u2212"  # a real minus sign, read as "minus" by screen readers


def format_money(value) -> str:
    """£ and two decimal places, with thousands commas; "" for None or anything that is not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = MINUS if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
