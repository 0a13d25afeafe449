"""Opportunities in site search (coproduce.core.search): anyone finds advertised ones (not drafts); those
who manage an opportunity find its draft too; officers find all."""

from coproduce.core import search
from coproduce.core.links import link

from .choices import Status
from .models import Opportunity
from .rules import is_opportunity_officer, projects_led_by


def _document(opportunity: Opportunity) -> search.Document:
    return search.Document(
        title=opportunity.title,
        text=f"{opportunity.description}\n{opportunity.time_commitment}\n{opportunity.location}",
        summary=opportunity.description[:200],
        key="draft" if opportunity.status == Status.DRAFT else "",
    )


def _visible(user):
    if is_opportunity_officer(user):
        return search.EVERYTHING
    # Querysets combined with | are one WHERE (an OR): the advertised rule is not read as a subquery of
    # the table it filters, which PostgreSQL worked out by scanning it twice.
    mine = Opportunity.objects.advertised()
    if user.is_authenticated:
        mine |= Opportunity.objects.filter(project__in=projects_led_by(user).values("pk"))
    return mine.values("pk")


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
