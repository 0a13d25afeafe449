"""Evaluation through the API, with the page rules: the team, evaluators and the board read aims, indicators,
evidence (consent respected), surveys' suppressed results and the seven shifts; the team and evaluators
record values, evidence, survey answers and shift ratings through the same services (audited once);
diversity aggregates need the equality permission; published reports are public."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.access import PUBLIC
from coproduce.core.errors import ServiceError

from . import choices, selectors, services
from .models import AnnualReport, DiversitySnapshot, Evidence, Indicator, IndicatorValue
from .rules import DIVERSITY, EDIT, VIEW


def _refusal(error: ServiceError):
    return ValidationError({error.field or "non_field_errors": [error.message]})


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["date", "value", "note"]


class IndicatorSerializer(serializers.ModelSerializer):
    values = ValueSerializer(source="reading_list", many=True, read_only=True)
    aim = serializers.CharField(source="outcome.aim.title", read_only=True)
    outcome_title = serializers.CharField(source="outcome.title", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "aim", "outcome_title", *services.INDICATOR_FIELDS, "values"]
        read_only_fields = fields


@extend_schema(tags=["evaluation"])
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every indicator with its aim, outcome and dated values."""

    access_policy = VIEW
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return [i for aim in selectors.aims_tree() for o in aim.outcome_list for i in o.indicator_list]

    def get_object(self):
        return selectors.indicator(self.kwargs["pk"])


class IndicatorValuesView(APIView):
    """Record (or correct) a hand-recorded indicator's value on a date."""

    access_policy = EDIT

    @extend_schema(tags=["evaluation"], request=ValueSerializer, responses=ValueSerializer)
    def post(self, request, pk):
        indicator = selectors.indicator(pk)
        serializer = ValueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            row = services.record_value(
                indicator, actor=request.user, request=request, **serializer.validated_data
            )
        except ServiceError as error:
            raise _refusal(error) from None
        return Response(ValueSerializer(row).data, status=201)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "title",
            "text",
            "attribution",
            "collected_on",
            "project",
            "aims",
            "outcomes",
            "indicators",
            "by_peer_researcher",
            "for_report",
        ]
        read_only_fields = ["id", "by_peer_researcher"]
        extra_kwargs = {
            "aims": {"required": False},
            "outcomes": {"required": False},
            "indicators": {"required": False},
        }


@extend_schema(tags=["evaluation"])
class EvidenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Evidence that may be shown (a quote or photo whose person withdrew consent is never listed). Adding
    evidence needs the team's or an evaluator's role; quotes of named people are added on the website, where
    their consent is checked."""

    access_policy = VIEW
    serializer_class = EvidenceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Evidence.objects.none()
        return selectors.evidence_list().prefetch_related("aims", "outcomes", "indicators")

    def perform_create(self, serializer):
        if not EDIT.allows(self.request.user):
            raise PermissionDenied("Only the co-production team and evaluators add evidence.")
        data = dict(serializer.validated_data)
        links = {name: data.pop(name, []) for name in ("aims", "outcomes", "indicators")}
        try:
            serializer.instance = services.add_evidence(
                actor=self.request.user, request=self.request, **links, **data
            )
        except ServiceError as error:
            raise _refusal(error) from None


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiversitySnapshot
        fields = ["group_key", "group_label", "project", "taken_on", "size", "answered", "score"]
        read_only_fields = fields


@extend_schema(tags=["evaluation"])
class DiversityViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The latest diversity snapshot of every group (sizes and answers under 10 are null)."""

    access_policy = DIVERSITY
    serializer_class = SnapshotSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DiversitySnapshot.objects.none()
        return selectors.diversity_overview()


class ShiftRatingSerializer(serializers.Serializer):
    rater = serializers.ChoiceField(choices=choices.Rater.choices)
    shift = serializers.ChoiceField(choices=choices.Shift.choices)
    score = serializers.IntegerField()
    evidence = serializers.CharField()
    next_steps = serializers.CharField()


class ShiftsView(APIView):
    """Every round's scores, shift by shift, from the board and the team."""

    access_policy = VIEW

    @extend_schema(tags=["evaluation"], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        data = selectors.shifts_over_time()
        return Response(
            {
                "rounds": [{"id": r.pk, "name": r.name, "held_on": r.held_on} for r in data["rounds"]],
                "shifts": [
                    {
                        "shift": row["shift"],
                        "label": row["label"],
                        "scores": [
                            {"round": c["round"].pk, "board": c["board"], "team": c["team"]}
                            for c in row["cells"]
                        ],
                    }
                    for row in data["rows"]
                ],
            }
        )


class RoundRatingView(APIView):
    access_policy = EDIT

    @extend_schema(tags=["evaluation"], request=ShiftRatingSerializer, responses=ShiftRatingSerializer)
    def post(self, request, pk):
        round_obj = selectors.assessment_round(pk)
        serializer = ShiftRatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.rate_shift(round_obj, actor=request.user, request=request, **serializer.validated_data)
        except ServiceError as error:
            raise _refusal(error) from None
        return Response(serializer.data, status=201)


class SurveyResultsView(APIView):
    """A survey's results, hidden under 10 responses."""

    access_policy = VIEW

    @extend_schema(tags=["evaluation"], responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        survey = selectors.survey(pk)
        results = selectors.survey_results(survey)
        return Response(
            {
                "id": survey.pk,
                "title": survey.title,
                "status": survey.status,
                "responses": results["responses"],
                "questions": [
                    {
                        "text": r.question.text,
                        "kind": r.question.kind,
                        "answered": r.answered,
                        "agree_percent": r.agree_percent,
                        "answers": [{"label": row["label"], "count": row["count"]} for row in r.rows],
                    }
                    for r in results["results"]
                ],
            }
        )


class PooledSurveyResultsView(APIView):
    """Every survey of each project, group (body) or training course together: the share agreeing with each
    default question, hidden under 10 answers."""

    access_policy = VIEW

    @extend_schema(tags=["evaluation"], responses=OpenApiTypes.OBJECT)
    def get(self, request, dimension):
        if dimension not in selectors.RESULTS_BY:
            raise ValidationError({"dimension": [f"Choose one of: {', '.join(selectors.RESULTS_BY)}."]})
        pooled = selectors.survey_results_by(dimension)
        questions = [text for text, _easy in choices.DEFAULT_QUESTIONS]
        return Response(
            {
                "by": pooled["label"],
                "results": [
                    {
                        "name": row["name"],
                        "answered": row["answered"],
                        "agree_percent": dict(zip(questions, row["agree"], strict=True)),
                    }
                    for row in pooled["rows"]
                ],
            }
        )


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualReport
        fields = [
            "year",
            "title",
            "introduction",
            "easy_read_summary",
            "board_challenges",
            "figures",
            "published_at",
        ]
        read_only_fields = fields


@extend_schema(tags=["evaluation"])
class ReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published annual reports with their frozen figures (public)."""

    access_policy = PUBLIC
    serializer_class = ReportSerializer
    authentication_classes = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AnnualReport.objects.none()
        return AnnualReport.objects.filter(published_at__isnull=False).order_by("-year")
