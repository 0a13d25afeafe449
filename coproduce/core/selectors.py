from django.core.cache import cache
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
