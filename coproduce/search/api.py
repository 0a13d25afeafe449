"""Site search through the API: the same results, grouped by kind, that the search page shows the caller."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.access import PUBLIC

from . import selectors

HIT = inline_serializer(
    "SearchHit",
    {
        "kind": serializers.CharField(),
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "summary": serializers.CharField(),
        "url": serializers.CharField(),
    },
)
GROUP = inline_serializer(
    "SearchGroup",
    {
        "kind": serializers.CharField(),
        "label": serializers.CharField(),
        "total": serializers.IntegerField(
            help_text="How many were found, counted up to the newest 200 of the kind (see more_than_total)"
        ),
        "more_than_total": serializers.BooleanField(help_text="More than `total` were found"),
        "results": HIT.__class__(many=True),
    },
)


def _hit(hit) -> dict:
    return {"kind": hit.kind, "id": hit.object_id, "title": hit.title, "summary": hit.summary, "url": hit.url}


class SearchView(APIView):
    """Search everything the caller may open. Without `kind`: the best few of each kind. With `kind`: one
    kind, a page at a time."""

    access_policy = PUBLIC

    @extend_schema(
        tags=["search"],
        summary="Search",
        parameters=[
            OpenApiParameter("q", str, description="Words to look for"),
            OpenApiParameter("kind", str, description="One kind only, e.g. decision"),
            OpenApiParameter("page", int, description="With kind: the page of results"),
        ],
        responses=inline_serializer(
            "SearchResults", {"query": serializers.CharField(), "groups": GROUP.__class__(many=True)}
        ),
    )
    def get(self, request):
        query = selectors.cleaned(request.query_params.get("q", "")).strip()
        key = request.query_params.get("kind", "")
        if key:
            try:
                number = max(1, min(int(request.query_params.get("page", 1)), 500))
            except ValueError:
                number = 1
            page = selectors.search_kind(request.user, query, key, page=number)
            if page is None:
                return Response({"kind": ["No such kind of result."]}, status=400)
            groups = [page.group]
        else:
            groups = selectors.search_all(request.user, query)
        return Response(
            {
                "query": query,
                "groups": [
                    {
                        "kind": group.kind.key,
                        "label": group.kind.label,
                        "total": group.total,
                        "more_than_total": group.capped,
                        "results": [_hit(hit) for hit in group.hits],
                    }
                    for group in groups
                ],
            }
        )
