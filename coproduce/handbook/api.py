"""The handbook through the API, with the page rules and the same services: anyone reads public pages and
resources (the back office staff-only ones too); editors write pages, read their versions and restore one."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from coproduce.core.errors import ConflictError, ServiceError

from . import selectors, services
from .choices import Visibility
from .models import Page, PageVersion, Resource, Section
from .rules import EDITORS, READERS, is_editor


class PageSerializer(serializers.ModelSerializer):
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all())
    section_title = serializers.CharField(source="section.title", read_only=True)
    url = serializers.SerializerMethodField()
    co_authors = serializers.SerializerMethodField()
    note = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=300)

    class Meta:
        model = Page
        fields = [
            "id",
            "slug",
            "section",
            "section_title",
            "title",
            "summary",
            "body",
            "easy_read",
            "visibility",
            "order",
            "version",
            "updated_at",
            "url",
            "co_authors",
            "note",
        ]
        read_only_fields = ["id", "slug", "updated_at", "url", "co_authors"]
        extra_kwargs = {
            "version": {
                "required": False,
                "help_text": "On a change: the version you started from (a later save makes it 409).",
            }
        }

    def get_url(self, page) -> str:
        return reverse("handbook:page", args=[page.slug])

    def get_co_authors(self, page) -> list[str]:
        """Names of the co-authors who agreed to be credited."""
        return [author.name for author in page.co_authors.all() if author.consents]


class VersionSerializer(serializers.ModelSerializer):
    saved_by = serializers.CharField(source="saved_by.full_name", default="", read_only=True)

    class Meta:
        model = PageVersion
        fields = [
            "number",
            "title",
            "summary",
            "body",
            "easy_read",
            "visibility",
            "section",
            "note",
            "restored_from",
            "saved_by",
            "saved_at",
        ]
        read_only_fields = fields


def _refused(error: ServiceError):
    if isinstance(error, ConflictError):
        from rest_framework.exceptions import APIException

        conflict = APIException(error.message)
        conflict.status_code = 409
        return conflict
    return ValidationError({error.field or "non_field_errors": [error.message]})


@extend_schema(tags=["handbook"])
class PageViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Handbook pages the caller may read; editors create and change them (each change a new version)."""

    access_policy = READERS
    serializer_class = PageSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Page.objects.none()
        staff = selectors.is_staff_reader(self.request.user)
        return (
            Page.objects.visible_to(staff)
            .select_related("section")
            .prefetch_related("co_authors")
            .order_by("section__order", "order", "title")
        )

    def _editor_only(self):
        if not is_editor(self.request.user):
            raise PermissionDenied("Only the handbook's editors may change pages.")

    def perform_create(self, serializer):
        self._editor_only()
        data = dict(serializer.validated_data)
        data.pop("version", None)
        note = data.pop("note", "")
        try:
            serializer.instance = services.create_page(
                actor=self.request.user, request=self.request, note=note, **data
            )
        except ServiceError as error:
            raise _refused(error) from None

    def perform_update(self, serializer):
        self._editor_only()
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        if expected is None:
            raise ValidationError({"version": ["Send the version you started from."]})
        note = data.pop("note", "")
        try:
            serializer.instance = services.edit_page(
                serializer.instance,
                actor=self.request.user,
                request=self.request,
                expected_version=expected,
                note=note,
                **data,
            )
        except ServiceError as error:
            raise _refused(error) from None


@extend_schema(tags=["handbook"])
class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every saved version of a page, newest first (editors only); restore one as a new version."""

    access_policy = EDITORS
    serializer_class = VersionSerializer
    lookup_field = "number"

    def page(self) -> Page:
        page = Page.objects.filter(pk=self.kwargs["page_pk"]).first()
        if page is None:
            raise NotFound("No such page.")
        return page

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PageVersion.objects.none()
        return selectors.versions_of(self.page())

    @extend_schema(
        request=None,
        responses=PageSerializer,
        summary="Restore this version as the current one (send ?version=<current version>)",
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, page_pk=None, number=None):
        page = self.page()
        version = self.get_object()
        try:
            expected = int(request.query_params.get("version") or request.data.get("version") or 0)
        except (TypeError, ValueError):
            expected = 0
        try:
            page = services.restore_version(
                page, version, actor=request.user, request=request, expected_version=expected
            )
        except ServiceError as error:
            raise _refused(error) from None
        return Response(PageSerializer(page).data)


class ResourceSerializer(serializers.ModelSerializer):
    formats = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = ["id", "slug", "title", "description", "visibility", "generated", "updated_at", "formats"]
        read_only_fields = fields

    def get_formats(self, resource) -> list[dict]:
        """Each format to download: {"format", "url"}."""
        rows = []
        if resource.generated:
            rows += [
                {"format": "html", "url": reverse("handbook:generated", args=[resource.slug])},
                {"format": "pdf", "url": reverse("handbook:generated_file", args=[resource.slug, "pdf"])},
                {
                    "format": "plain_text",
                    "url": reverse("handbook:generated_file", args=[resource.slug, "txt"]),
                },
            ]
        rows += [
            {
                "format": row.format,
                "url": reverse("handbook:resource_download", args=[resource.slug, row.format]),
            }
            for row in resource.files.all()
        ]
        return rows


@extend_schema(tags=["handbook"])
class ResourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The resource library: public resources for anyone, staff-only ones for the back office."""

    access_policy = READERS
    serializer_class = ResourceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resource.objects.none()
        resources = Resource.objects.prefetch_related("files").order_by("order", "title")
        if not selectors.is_staff_reader(self.request.user):
            resources = resources.filter(visibility=Visibility.PUBLIC)
        return resources
