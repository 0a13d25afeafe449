"""The public opportunity pages: anyone may browse and read them, no sign-in needed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from coproduce.core.access import PUBLIC, access
from coproduce.people.rules import has_profile

from . import selectors
from .forms import PublicFilterForm

PAGE_SIZE = 20


@access(PUBLIC)
def opportunity_list(request):
    form = PublicFilterForm(request.GET or None)
    paginator = Paginator(selectors.public_list(form.filters()), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/public/list.html",
        {"filter_form": form, "page": page, "query": query.urlencode(), "filtered": bool(form.filters())},
    )


@access(PUBLIC)
def detail(request, pk):
    opportunity = get_object_or_404(selectors.for_detail().advertised(), pk=pk)
    own = None
    if has_profile(request.user):
        own = selectors.own_live_interest(opportunity, request.user.person)
    return render(
        request,
        "opportunities/public/detail.html",
        {
            "opportunity": opportunity,
            "accepting": opportunity.is_accepting(),
            "own": own,
            "has_profile": has_profile(request.user),
        },
    )
