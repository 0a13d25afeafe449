"""The API instance's own endpoints: the schema, its documentation, and who the caller is."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.access import PUBLIC, SIGNED_IN, PolicyPermission

from .serializers import MeSerializer


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of every endpoint (YAML by default, JSON with `?format=json`)."""

    access_policy = PUBLIC
    permission_classes = [PolicyPermission]


@method_decorator(csp_replace({"style-src": [SELF, UNSAFE_INLINE]}), name="dispatch")
class DocsView(SpectacularSwaggerView):
    """Interactive console (Swagger UI, served from this site: no third-party scripts). Its own policy allows
    inline styles, which Swagger UI's React components set on elements (a nonce would disable that, so this
    page's styles have none); scripts stay nonce-only."""

    access_policy = PUBLIC
    permission_classes = [PolicyPermission]
    url_name = "api:schema"


class MeView(APIView):
    access_policy = SIGNED_IN

    @extend_schema(
        summary="Who you are",
        description="The account the token belongs to: its roles and whether it has two-factor set up.",
        responses=MeSerializer,
        tags=["account"],
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """An address under /api/ that no endpoint has: a JSON 404 whatever the method."""

    access_policy = PUBLIC
    authentication_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound("No endpoint has this address. The endpoints are listed at /api/docs/.")
