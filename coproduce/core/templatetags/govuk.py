"""Template components used across the site (loaded as a builtin, no {% load %} needed)."""

from django import template

from coproduce.core.money import format_money

register = template.Library()


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(form):
    return {"form": form}


@register.inclusion_tag("govuk/back_link.html")
def back_link(url, text="Back"):
    return {"url": url, "text": text}


@register.filter
def money(value):
    """{{ claim.total|money }} → £1,500.50 (see coproduce.core.money)."""
    return format_money(value)
