"""Projects through the API, with the page rules and the same services: anyone lists and reads published
projects (public fields); officers, the staff lead and the team read everything about their projects;
staff leads and officers send requests; officers triage and move stages; officers and the staff lead manage
the team."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.audit.services import record_denied_access
from coproduce.people import selectors as people_selectors

from . import selectors, services
from .choices import PRINCIPLES, PublicSection, RatingMoment, Rung, Stage, TeamRole
from .forms import RequestForm, StageForm, TriageForm
from .models import REQUEST_FIELDS, JargonTerm, LadderRating, Output, Project, TeamMember, Update
from .rules import (
    LEADS_AND_OFFICERS,
    OFFICERS,
    PUBLIC_PROJECTS,
    REQUESTERS,
    TEAM_PAGES,
)
from .selectors import full_access_ids, visible_projects

PUBLIC_FIELDS = ["id", "slug", "title", "service_area", "organisation", "stage", "is_published"]


class PublicProjectSerializer(serializers.ModelSerializer):
    service_area = serializers.SlugRelatedField(slug_field="name", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Project
        fields = PUBLIC_FIELDS
        read_only_fields = fields


class FullProjectSerializer(PublicProjectSerializer):
    class Meta(PublicProjectSerializer.Meta):
        fields = [
            *PUBLIC_FIELDS,
            *(name for name in REQUEST_FIELDS if name not in PUBLIC_FIELDS),
            "requested_at",
            "triage_state",
            "triage_message",
            "principles_check",
            "below_co_production_reason",
            "stage_changed_at",
            "stopped_reason",
            "target_rung",
            "achieved_rung",
            "public_sections",
        ]
        read_only_fields = fields


# What a project is sent as: its 7 public fields, or every field to officers, the staff lead and the team.
PROJECT_SHAPES = PolymorphicProxySerializer(
    component_name="ProjectPublicOrFull",
    serializers=[FullProjectSerializer, PublicProjectSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    list=extend_schema(
        summary="Projects",
        description="Published projects for anyone; officers see every project, others also their own "
        "requests and the projects they are on. Full details only for officers, the staff lead and the team; "
        "anyone else gets the 7 public fields (PublicProject).",
        responses=PolymorphicProxySerializer(
            component_name="ProjectPublicOrFull",
            serializers=[FullProjectSerializer, PublicProjectSerializer],
            resource_type_field_name=None,
            many=True,
        ),
        tags=["projects"],
    ),
    retrieve=extend_schema(
        summary="One project",
        description="Every field for officers, the staff lead and the team; the 7 public fields "
        "(PublicProject) for anyone else.",
        responses=PROJECT_SHAPES,
        tags=["projects"],
    ),
)
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    access_policy = PUBLIC_PROJECTS
    serializer_class = FullProjectSerializer

    def get_queryset(self):
        return visible_projects(self.request.user)

    def _serialize(self, projects, *, many):
        rows = list(projects) if many else [projects]
        full = full_access_ids(self.request.user, [p.pk for p in rows])
        data = [(FullProjectSerializer if p.pk in full else PublicProjectSerializer)(p).data for p in rows]
        return data if many else data[0]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        if page is not None:
            return self.get_paginated_response(self._serialize(page, many=True))
        return Response(self._serialize(self.get_queryset(), many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._serialize(self.get_object(), many=False))


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationError({"detail": "Send a JSON object."})
    return request.data


def _form_errors(form) -> ValidationError:
    return ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})


def _refuse(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    record_denied_access(request)
    raise PermissionDenied()


def _project(pk, user, permission) -> Project:
    project = selectors.project_by_id(pk)
    if project is None or not user.has_perm(permission, project):
        raise NotFound("No such project.")
    return project


class ProjectRequestView(APIView):
    access_policy = REQUESTERS

    @extend_schema(
        summary="Ask for co-production support",
        description="The same fields and checks as the request form. Dates as YYYY-MM-DD, the budget in "
        "pounds as a decimal string, service_area and organisation by id.",
        request=inline_serializer(
            "ProjectRequest",
            {
                "title": serializers.CharField(),
                "summary": serializers.CharField(),
                "affects": serializers.CharField(),
                "can_change": serializers.CharField(),
                "cannot_change": serializers.CharField(required=False),
                "decision_deadline": serializers.DateField(required=False),
                "involvement_budget": serializers.DecimalField(
                    max_digits=10, decimal_places=2, required=False
                ),
                "hoped_rung": serializers.IntegerField(),
                "service_area": serializers.IntegerField(),
                "organisation": serializers.IntegerField(),
            },
        ),
        responses={201: FullProjectSerializer},
        tags=["projects"],
    )
    def post(self, request):
        body = _body(request)
        data = {key: value for key, value in body.items() if key != "decision_deadline"}
        deadline = str(body.get("decision_deadline") or "")
        if deadline:
            year, _, rest = deadline.partition("-")
            month, _, day = rest.partition("-")
            data.update(decision_deadline_day=day, decision_deadline_month=month, decision_deadline_year=year)
        form = RequestForm(data)
        if not form.is_valid():
            raise _form_errors(form)
        project = services.create_request(form.cleaned_data, actor=request.user, request=request)
        return Response(FullProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class TriageView(APIView):
    access_policy = OFFICERS

    @extend_schema(
        summary="Triage a request",
        description="decision is accept, more_information or decline. Declining and asking need a message; "
        "accepting needs target_rung, justification and a note for each principle "
        f"({', '.join(key for key, _, _ in PRINCIPLES)}), and below_co_production_reason when the target "
        "is below co-designing.",
        request=inline_serializer(
            "ProjectTriage",
            {
                "decision": serializers.ChoiceField(choices=[c for c, _ in TriageForm.DECISIONS]),
                "message": serializers.CharField(required=False),
                "target_rung": serializers.IntegerField(required=False),
                "justification": serializers.CharField(required=False),
                "below_co_production_reason": serializers.CharField(required=False),
                "principles": serializers.DictField(child=serializers.CharField(), required=False),
            },
        ),
        responses=FullProjectSerializer,
        tags=["projects"],
    )
    def post(self, request, pk):
        project = _project(pk, request.user, "projects.triage")
        body = _body(request)
        data = {key: value for key, value in body.items() if key != "principles"}
        principles = body.get("principles") or {}
        if not isinstance(principles, dict):
            raise ValidationError({"principles": ["Send a note for each principle, by name."]})
        for key, value in principles.items():
            data[f"principle_{key}"] = value
        form = TriageForm(data)
        if not form.is_valid():
            raise _form_errors(form)
        services.apply_triage(
            project, form.cleaned_data, form.principles(), actor=request.user, request=request
        )
        project.refresh_from_db()
        return Response(FullProjectSerializer(project).data)


class StageView(APIView):
    access_policy = OFFICERS

    @extend_schema(
        summary="Move a project to another stage",
        description="One step forward; one step back or stopped with a reason. expected is the stage you "
        "saw: if someone has moved the project since, the move is refused.",
        request=inline_serializer(
            "ProjectStageMove",
            {
                "to_stage": serializers.ChoiceField(choices=Stage.choices),
                "expected": serializers.ChoiceField(choices=Stage.choices),
                "reason": serializers.CharField(required=False),
            },
        ),
        responses=FullProjectSerializer,
        tags=["projects"],
    )
    def post(self, request, pk):
        project = _project(pk, request.user, "projects.move_stage")
        form = StageForm(_body(request), moves=selectors.allowed_moves(project.stage))
        if not form.is_valid():
            raise _form_errors(form)
        project = services.move_stage(project, **form.move(), actor=request.user, request=request)
        return Response(FullProjectSerializer(project).data)


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.display_name", read_only=True)
    person = serializers.PrimaryKeyRelatedField(queryset=people_selectors.current_people())
    role = serializers.ChoiceField(choices=TeamRole.choices)

    class Meta:
        model = TeamMember
        fields = ["id", "person", "name", "role", "joined_at"]
        read_only_fields = ["id", "name", "joined_at"]


@extend_schema_view(
    list=extend_schema(summary="A project's current team", tags=["projects"]),
    create=extend_schema(summary="Add a person to the team (or change their role)", tags=["projects"]),
    destroy=extend_schema(
        summary="Take a person off the team",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Team member id")],
        tags=["projects"],
    ),
)
class TeamMemberViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    access_policy = LEADS_AND_OFFICERS
    serializer_class = TeamMemberSerializer
    pagination_class = None

    def project(self) -> Project:
        return _project(self.kwargs["project_pk"], self.request.user, "projects.manage_project")

    def get_queryset(self):
        return selectors.team_of(self.project())

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_team_member(
            self.project(), data["person"], data["role"], actor=self.request.user, request=self.request
        )

    def perform_destroy(self, instance):
        services.remove_team_member(instance, actor=self.request.user, request=self.request)


# --- Ladder ratings -----------------------------------------------------------------------------------------


class LadderRatingSerializer(serializers.ModelSerializer):
    moment = serializers.ChoiceField(
        choices=RatingMoment.choices, help_text="review or close when rating (target is set at acceptance)"
    )
    rung = serializers.ChoiceField(choices=Rung.choices)
    justification = serializers.CharField(
        max_length=5000, help_text="The evidence for the rung (the justification, for the target rating)"
    )
    rated_by = serializers.CharField(source="rated_by.display_name", read_only=True)

    class Meta:
        model = LadderRating
        fields = ["id", "moment", "rung", "justification", "rated_by", "rated_at"]
        read_only_fields = ["id", "rated_by", "rated_at"]


class _ProjectChildViewSet(viewsets.GenericViewSet):
    """A list under one project (/api/projects/<project_pk>/...). Reading needs `read_permission` on the
    project, writing `write_permission`; any other project is "not found", as on the pages."""

    access_policy = TEAM_PAGES
    pagination_class = None
    read_permission = "projects.view_project"
    write_permission = "projects.view_project"

    def project(self) -> Project:
        if not hasattr(self, "_cached_project"):
            writing = self.request.method not in SAFE_METHODS
            self._cached_project = _project(
                self.kwargs["project_pk"],
                self.request.user,
                self.write_permission if writing else self.read_permission,
            )
        return self._cached_project


@extend_schema_view(
    list=extend_schema(
        summary="A project's ladder ratings",
        description="The target at acceptance and the ratings at review and at close, oldest first. "
        "Officers, the staff lead and the team.",
        tags=["projects"],
    ),
    create=extend_schema(
        summary="Rate a project at review or at close",
        description="Officers and the staff lead, once the project is at the reviewing stage or closed. "
        "The evidence goes in justification.",
        tags=["projects"],
    ),
)
class LadderRatingViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, _ProjectChildViewSet):
    serializer_class = LadderRatingSerializer
    write_permission = "projects.manage_project"

    def get_queryset(self):
        return self.project().ladder_ratings.select_related("rated_by")

    def create(self, request, *args, **kwargs):
        if not LEADS_AND_OFFICERS.allows(request.user):
            _refuse(request)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.rate_project(
            self.project(),
            moment=data["moment"],
            rung=data["rung"],
            evidence=data["justification"],
            actor=self.request.user,
            request=self.request,
        )


# --- Publishing choices -------------------------------------------------------------------------------------


class PublishingSerializer(serializers.Serializer):
    is_published = serializers.BooleanField()
    public_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=PublicSection.choices),
        allow_empty=True,
        help_text="The parts the public page shows; the name and stage always show once published",
    )


class PublishingView(APIView):
    access_policy = LEADS_AND_OFFICERS

    def _project(self, request, pk) -> Project:
        return _project(pk, request.user, "projects.manage_project")

    @extend_schema(summary="What the public page shows", responses=PublishingSerializer, tags=["projects"])
    def get(self, request, pk):
        return Response(PublishingSerializer(self._project(request, pk)).data)

    @extend_schema(
        summary="Choose what the public page shows",
        description="Officers and the staff lead, as on the publishing page.",
        request=PublishingSerializer,
        responses=PublishingSerializer,
        tags=["projects"],
    )
    def put(self, request, pk):
        project = self._project(request, pk)
        serializer = PublishingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.set_publishing(
            project,
            is_published=serializer.validated_data["is_published"],
            sections=serializer.validated_data["public_sections"],
            actor=request.user,
            request=request,
        )
        return Response(PublishingSerializer(project).data)


# --- Outputs and "you said, we did" updates -----------------------------------------------------------------


class OutputSerializer(serializers.ModelSerializer):
    link = serializers.URLField(required=False, allow_blank=True, default="")

    class Meta:
        model = Output
        fields = ["id", "kind", "title", "description", "date", "link"]
        read_only_fields = ["id"]
        extra_kwargs = {"description": {"max_length": 5000}}


class UpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Update
        fields = ["id", "you_said", "we_did", "date"]
        read_only_fields = ["id"]
        extra_kwargs = {"you_said": {"max_length": 5000}, "we_did": {"max_length": 5000}}


class _PublishedItemsViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    _ProjectChildViewSet,
):
    """Outputs or updates: the team reads them; anyone reads them once the project is published with that
    section chosen (as on the public page); those who may add them change and delete them (audited)."""

    access_policy = PUBLIC_PROJECTS
    write_permission = "projects.edit_outputs"
    section: str  # the PublicSection that shows these on the public page
    save_item: Callable  # services.save_output or save_update
    delete_item: Callable

    def project(self) -> Project:
        if self.request.method in SAFE_METHODS and not hasattr(self, "_cached_project"):
            published = selectors.published_project_by_id(self.kwargs["project_pk"])
            if published is not None and published.shows_publicly(self.section):
                self._cached_project = published
        return super().project()

    def model(self):
        return self.serializer_class.Meta.model

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model().objects.none()
        return selectors.items_of(self.model(), self.project())

    def perform_create(self, serializer):
        item = self.model()(project=self.project())
        serializer.instance = self.save_item(
            item, dict(serializer.validated_data), actor=self.request.user, request=self.request
        )

    def perform_update(self, serializer):
        fresh = selectors.fresh(self.model(), serializer.instance.pk)
        serializer.instance = self.save_item(
            fresh, dict(serializer.validated_data), actor=self.request.user, request=self.request
        )

    def perform_destroy(self, instance):
        self.delete_item(instance, actor=self.request.user, request=self.request)


ITEM_PARAMETER = [OpenApiParameter("id", int, OpenApiParameter.PATH)]


def _item_schema(noun: str, plural: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"A project's {plural}",
            description="The team, officers and the staff lead; anyone when the project is published with "
            "this section chosen.",
            tags=["projects"],
        ),
        retrieve=extend_schema(summary=f"One {noun}", parameters=ITEM_PARAMETER, tags=["projects"]),
        create=extend_schema(summary=f"Add {noun}", tags=["projects"]),
        update=extend_schema(summary=f"Change {noun}", parameters=ITEM_PARAMETER, tags=["projects"]),
        partial_update=extend_schema(
            summary=f"Change part of {noun}", parameters=ITEM_PARAMETER, tags=["projects"]
        ),
        destroy=extend_schema(summary=f"Delete {noun}", parameters=ITEM_PARAMETER, tags=["projects"]),
    )


@_item_schema("an output", "outputs")
class OutputViewSet(_PublishedItemsViewSet):
    serializer_class = OutputSerializer
    section = PublicSection.OUTPUTS
    save_item = staticmethod(services.save_output)
    delete_item = staticmethod(services.delete_output)


@_item_schema("a “you said, we did” update", "“you said, we did” updates")
class UpdateViewSet(_PublishedItemsViewSet):
    serializer_class = UpdateSerializer
    section = PublicSection.UPDATES
    save_item = staticmethod(services.save_update)
    delete_item = staticmethod(services.delete_update)


# --- Group agreement and jargon buster ----------------------------------------------------------------------


class AgreementSerializer(serializers.Serializer):
    statements = serializers.ListField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        allow_empty=True,
        help_text="The whole agreement, one short statement each, in order; it replaces what was there",
    )

    def validate_statements(self, statements):
        return [" ".join(text.split()) for text in statements if text.strip()]


class AgreementView(APIView):
    access_policy = TEAM_PAGES

    @extend_schema(summary="A project's group agreement", responses=AgreementSerializer, tags=["projects"])
    def get(self, request, pk):
        project = _project(pk, request.user, "projects.view_project")
        return Response({"statements": list(project.agreement.values_list("text", flat=True))})

    @extend_schema(
        summary="Replace the group agreement",
        description="Anyone on the team, officers and the staff lead.",
        request=AgreementSerializer,
        responses=AgreementSerializer,
        tags=["projects"],
    )
    def put(self, request, pk):
        project = _project(pk, request.user, "projects.edit_agreement")
        serializer = AgreementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_agreement(
            project, serializer.validated_data["statements"], actor=request.user, request=request
        )
        return Response({"statements": list(project.agreement.values_list("text", flat=True))})


class JargonSerializer(serializers.ModelSerializer):
    class Meta:
        model = JargonTerm
        fields = ["id", "term", "meaning"]
        read_only_fields = ["id"]
        extra_kwargs = {"meaning": {"max_length": 5000}}
        validators = []  # the service says when a term is already there, in plain English

    def validate_term(self, term):
        return " ".join(term.split())


@extend_schema_view(
    list=extend_schema(summary="A project's jargon buster", tags=["projects"]),
    create=extend_schema(summary="Explain a word", tags=["projects"]),
    destroy=extend_schema(summary="Remove a word", parameters=ITEM_PARAMETER, tags=["projects"]),
)
class JargonViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, _ProjectChildViewSet
):
    """Anyone on the team, officers and the staff lead read and change it."""

    serializer_class = JargonSerializer
    write_permission = "projects.edit_agreement"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JargonTerm.objects.none()
        return selectors.items_of(JargonTerm, self.project())

    def perform_create(self, serializer):
        serializer.instance = services.add_jargon(
            self.project(),
            term=serializer.validated_data["term"],
            meaning=serializer.validated_data["meaning"],
            actor=self.request.user,
            request=self.request,
        )

    def perform_destroy(self, instance):
        services.remove_jargon(instance, actor=self.request.user, request=self.request)
