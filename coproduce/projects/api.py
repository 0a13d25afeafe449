"""Projects through the API, with the page rules and the same services: anyone lists and reads published
projects (public fields); officers, the staff lead and the team read everything about their projects;
staff leads and officers send requests; officers triage and move stages; officers and the staff lead manage
the team."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.people.models import Person

from . import services
from .choices import PRINCIPLES, Stage, TeamRole
from .forms import RequestForm, StageForm, TriageForm
from .models import Project, TeamMember
from .rules import LEADS_AND_OFFICERS, OFFICERS, PUBLIC_PROJECTS, REQUESTERS, is_projects_officer

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
            "summary",
            "affects",
            "can_change",
            "cannot_change",
            "decision_deadline",
            "involvement_budget",
            "hoped_rung",
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


def full_access_ids(user, project_ids) -> set[int]:
    """Of these projects, those the caller may read in full (one query, however many projects)."""
    if is_projects_officer(user):
        return set(project_ids)
    if not user.is_authenticated:
        return set()
    return set(
        Project.objects.filter(pk__in=list(project_ids))
        .filter(Q(requested_by=user) | Q(team__person__user=user, team__left_at__isnull=True))
        .values_list("pk", flat=True)
    )


def visible_projects(user):
    projects = Project.objects.select_related("service_area", "organisation").order_by("title", "id")
    if is_projects_officer(user):
        return projects
    visible = Q(pk__in=Project.objects.published().values("pk"))
    if user.is_authenticated:
        visible |= Q(requested_by=user) | Q(
            pk__in=TeamMember.objects.current().filter(person__user=user).values("project")
        )
    return projects.filter(visible)


@extend_schema_view(
    list=extend_schema(
        summary="Projects",
        description="Published projects for anyone; officers see every project, others also their own "
        "requests and the projects they are on. Full details only for officers, the staff lead and the team.",
        responses=FullProjectSerializer(many=True),
        tags=["projects"],
    ),
    retrieve=extend_schema(summary="One project", responses=FullProjectSerializer, tags=["projects"]),
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


def _project(pk, user, permission) -> Project:
    project = Project.objects.filter(pk=pk).first()
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
        project = services.create_request(form.cleaned_data, by=request.user)
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
        try:
            services.apply_triage(project, form.cleaned_data, form.principles(), by=request.user)
        except services.ProjectError as error:
            raise ValidationError({"detail": str(error)}) from None
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
        form = StageForm(_body(request), moves=services.allowed_moves(project.stage))
        if not form.is_valid():
            raise _form_errors(form)
        try:
            project = services.move_stage(
                project,
                form.cleaned_data["to_stage"],
                expected=form.cleaned_data["expected"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.ProjectError as error:
            raise ValidationError({"detail": str(error)}) from None
        return Response(FullProjectSerializer(project).data)


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.display_name", read_only=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.current())
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
        return TeamMember.objects.current().filter(project=self.project()).select_related("person")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_team_member(
            self.project(), data["person"], data["role"], by=self.request.user
        )

    def perform_destroy(self, instance):
        services.remove_team_member(instance, by=self.request.user)
