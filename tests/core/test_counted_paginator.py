"""CountedPaginator shows a total counted elsewhere (possibly stale) but cuts every page from the rows."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.core.selectors import CountedPaginator


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy CI machine is not a bug
@given(
    rows=st.integers(min_value=0, max_value=60),
    stale_count=st.integers(min_value=0, max_value=80),
    number=st.integers(min_value=1, max_value=12),
)
def test_a_stale_total_never_shortens_or_empties_a_page(rows, stale_count, number):
    items = list(range(rows))
    page = CountedPaginator(items, 5, count=stale_count).get_page(number)
    start = (page.number - 1) * 5
    assert list(page) == items[start : start + 5]
    assert page.has_next() == (start + 5 < rows)
    assert page.has_previous() == (page.number > 1)
    if rows:
        assert len(page) > 0  # a page past the end falls back to one with rows
    assert page.paginator.count >= start + len(page)


def test_it_falls_back_to_the_first_page_for_nonsense():
    page = CountedPaginator(list(range(12)), 5, count=12).get_page("nonsense")
    assert page.number == 1 and list(page) == [0, 1, 2, 3, 4] and page.has_next()


def test_the_total_shown_is_the_one_given_when_the_rows_agree():
    paginator = CountedPaginator(list(range(12)), 5, count=12)
    page = paginator.get_page(3)
    assert list(page) == [10, 11] and not page.has_next()
    assert paginator.count == 12 and paginator.num_pages == 3
