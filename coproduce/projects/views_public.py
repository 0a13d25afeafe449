"""The public project pages (no sign-in): published projects, filtered by service area and stage, and a
project's page showing only the sections its team chose to publish."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from coproduce.core.access import access

from . import selectors
from .choices import PublicSection
from .forms import PublicFilterForm
from .models import Project
from .rules import PUBLIC_PROJECTS

PAGE_SIZE = 20


@access(PUBLIC_PROJECTS)
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    area, stage = form.values()
    page = Paginator(selectors.published(area, stage), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.public_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/public/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(area or stage)},
    )


def opportunities_url() -> str | None:
    """The open opportunities list, once the opportunities app provides it."""
    try:
        return reverse("opportunities:list")
    except NoReverseMatch:
        return None


def open_opportunities(project: Project) -> list:
    """The project's own opportunities people can still apply for (``Opportunity.project`` has
    related_name "opportunities"), soonest closing first."""
    return list(project.opportunities.accepting().order_by("closes_on", "id"))


@access(PUBLIC_PROJECTS)
def public_detail(request, slug):
    project = selectors.published_project(slug)
    if project is None:
        raise Http404("No such project")
    shows = {value: project.shows_publicly(value) for value in PublicSection.values}
    return render(
        request,
        "projects/public/detail.html",
        {
            "project": project,
            "shows": shows,
            "team": selectors.public_team(project) if shows[PublicSection.TEAM] else None,
            "updates": project.updates.all() if shows[PublicSection.UPDATES] else None,
            "outputs": project.outputs.all() if shows[PublicSection.OUTPUTS] else None,
            "opportunities_url": opportunities_url(),
            "open_opportunities": open_opportunities(project) if shows[PublicSection.GET_INVOLVED] else [],
        },
    )
