"""The site search results page: results grouped by kind, only what the person may open."""

from django.http import Http404
from django.shortcuts import render

from coproduce.core.access import PUBLIC, access

from . import selectors


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 500))
    except (TypeError, ValueError):
        return 1


@access(PUBLIC)
def results(request):
    query = selectors.cleaned(request.GET.get("q", "")).strip()
    key = request.GET.get("kind", "")
    context = {
        "q": query,
        "searched": bool(selectors.words_of(query)),
        "kinds": selectors.kinds_for(request.user),
    }
    if key:
        page = selectors.search_kind(request.user, query, key, page=_page_number(request.GET.get("page")))
        if page is None:
            raise Http404("No such kind of result")
        from urllib.parse import urlencode

        context.update({"page": page, "kind": page.group.kind, "query": urlencode({"q": query, "kind": key})})
    else:
        context["groups"] = selectors.search_all(request.user, query, kinds=context["kinds"])
    return render(request, "search/public/results.html", context)
