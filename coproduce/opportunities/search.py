"""Opportunities in site search (coproduce.core.search): anyone finds advertised ones (not drafts); those
who manage an opportunity find its draft too; officers find all."""

from coproduce.core import search
from coproduce.core.links import link
from coproduce.core.prepared import Prepared, Slot
from coproduce.projects.rules import LEADS
from coproduce.projects.selectors import projects_held_by

from .choices import Status
from .models import Opportunity
from .rules import is_opportunity_officer


def _document(opportunity: Opportunity) -> search.Document:
    return search.Document(
        title=opportunity.title,
        text=f"{opportunity.description}\n{opportunity.time_commitment}\n{opportunity.location}",
        summary=opportunity.description[:200],
        key="draft" if opportunity.status == Status.DRAFT else "",
    )


def _advertised():
    return Opportunity.objects.advertised().values("pk")


def _advertised_or_led():
    # Querysets combined with | are one WHERE (an OR): the advertised rule is not read as a subquery of
    # the table it filters, which PostgreSQL worked out by scanning it twice.
    led = projects_held_by(Slot("user"), LEADS).values("pk")
    return (Opportunity.objects.advertised() | Opportunity.objects.filter(project__in=led)).values("pk")


_ADVERTISED, _ADVERTISED_OR_LED = Prepared(_advertised), Prepared(_advertised_or_led)


def _visible(user):
    if is_opportunity_officer(user):
        return search.EVERYTHING
    if user.is_authenticated:
        return _ADVERTISED_OR_LED().bind(user=user.pk)
    return _ADVERTISED().bind()


def _url(user, hit) -> str:
    if is_opportunity_officer(user) or hit.key == "draft":
        return link("opportunities_manage:detail", args=[hit.object_id])
    return link("opportunities:detail", args=[hit.object_id])


search.register(
    search.Kind(
        key="opportunity",
        label="Opportunities",
        model=Opportunity,
        document=_document,
        rows=lambda: Opportunity.objects.all(),
        visible=_visible,
        url=_url,
        order=20,
    )
)
