from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.core.money import format_money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1500.5"), "£1,500.50"),
        (Decimal("20"), "£20.00"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("-5"), "\u2212£5.00"),
        ("1234567.891", "£1,234,567.89"),
        (None, ""),
        ("not money", ""),
    ],
)
def test_amounts_read_as_pounds_and_pence(value, shown):
    assert format_money(value) == shown


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_the_shown_amount_is_the_exact_amount(amount):
    shown = format_money(amount)
    digits = shown.replace("£", "").replace(",", "").replace("\u2212", "-")
    assert Decimal(digits) == amount
