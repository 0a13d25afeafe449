"""{% load handbook %}: the "Help with this step" link and handbook text with its jargon explained."""

from django import template
from django.urls import reverse

from coproduce.core.markdown import mark_terms, render_markdown

register = template.Library()


@register.inclusion_tag("handbook/public/_help_link.html", takes_context=True)
def help_with_step(context, step: str):
    """{% help_with_step "triage" %}: a link to the handbook page editors chose for this step, if there is
    one the person may read (one small indexed query)."""
    from coproduce.handbook.selectors import help_for

    request = context.get("request")
    link = help_for(step, request.user) if request is not None else None
    if link is None:
        return {"link": None}
    return {"link": link, "url": reverse("handbook:page", args=[link["slug"]])}


@register.simple_tag
def handbook_text(text, terms):
    """{% handbook_text page.body terms as marked %}: (html, found terms) with jargon-buster terms marked."""
    return mark_terms(str(render_markdown(text)), terms)


@register.simple_tag
def programme_jargon(own_terms=()):
    """{% programme_jargon terms as programme_terms %}: the programme-wide jargon buster's (term, meaning)
    pairs that a project's own list (`own_terms`) does not explain itself."""
    from coproduce.handbook.selectors import terms_beside

    return terms_beside(own_terms)
