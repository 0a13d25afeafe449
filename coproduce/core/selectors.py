from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count

from coproduce.accounts.models import Role, RoleGrant

SUMMARY_SECONDS = 300


def back_office_summary() -> dict:
    """Figures for the back-office home. Counting over every account on each page view would grow with the
    programme, so the figures are computed at most every few minutes and shared through the cache."""
    summary = cache.get("core:back_office_summary")
    if summary is None:
        counts = dict(RoleGrant.objects.values_list("role").annotate(n=Count("id")).values_list("role", "n"))
        rows = [{"label": label, "count": counts.get(value, 0)} for value, label in Role.choices]
        summary = {"roles": rows}
        cache.set("core:back_office_summary", summary, SUMMARY_SECONDS)
    return summary


class CountedPaginator(Paginator):
    """A paginator given its total (counted elsewhere: e.g. shared through the cache, so possibly a minute
    old). The total is only shown ("Page 2 of 40", "(1,990)"); each page is cut by reading one row more
    than a page, so a stale total can neither shorten nor empty a page, and no COUNT runs per request."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # replaces Paginator's cached COUNT(*)

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not a whole number") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        # What was seen is the least there is: the total shown never contradicts the rows.
        self.count = max(self.count, bottom + len(rows) - (len(rows) > self.per_page))
        self.__dict__.pop("num_pages", None)
        return CountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            try:
                return self.page(max(1, self.num_pages))
            except EmptyPage:
                return self.page(1)


class CountedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more
