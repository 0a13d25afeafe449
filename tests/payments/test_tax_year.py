"""The UK tax year starts on 6 April: the start of the tax year a day falls in."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from coproduce.payments.selectors import tax_year_start


def test_the_tax_year_turns_on_6_april():
    assert tax_year_start(datetime.date(2026, 4, 5)) == datetime.date(2025, 4, 6)
    assert tax_year_start(datetime.date(2026, 4, 6)) == datetime.date(2026, 4, 6)
    assert tax_year_start(datetime.date(2026, 1, 1)) == datetime.date(2025, 4, 6)


@given(st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2999, 12, 31)))
def test_every_day_is_in_the_year_from_the_6_april_before_it(day):
    start = tax_year_start(day)
    assert (start.month, start.day) == (4, 6)
    assert start <= day < start.replace(year=start.year + 1)
