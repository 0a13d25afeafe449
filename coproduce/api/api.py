"""The API instance's own endpoints: the schema, its documentation, and who the caller is."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.access import PUBLIC, SIGNED_IN, PolicyPermission

from .serializers import MeSerializer


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of every endpoint (YAML by default, JSON with `?format=json`)."""

    access_policy = PUBLIC
    permission_classes = [PolicyPermission]


class DocsView(SpectacularSwaggerView):
    """Interactive documentation (Swagger UI, served from this site: no third-party scripts)."""

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
