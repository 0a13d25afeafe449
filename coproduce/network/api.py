"""The champions network through the API, with the page rules: officers read the register and act on it,
record activity on a champion's behalf, answer recommendations and keep outreach partners; a champion reads
and records their own activity. Writes go through services, so each is audited once."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as viewset_action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.errors import ServiceError

from . import choices, selectors, services
from .models import Activity, Champion, OutreachContact, OutreachPartner, Recommendation
from .rules import CHAMPIONS, OFFICERS


def _refusal(error: ServiceError):
    if error.status == 409:
        return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
    raise ValidationError({error.field or "non_field_errors": [error.message]})


# The most a positive integer column holds on PostgreSQL; more was a server error on SQLite.
PEOPLE_REACHED_MAX = 2_147_483_647


class ChampionSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.CharField(source="person.full_name", read_only=True)
    area = serializers.CharField(source="area.name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True, default="")
    pledge_version = serializers.IntegerField(source="pledge.version", read_only=True, default=None)

    class Meta:
        model = Champion
        fields = [
            "id",
            "person",
            "name",
            "status",
            "route",
            "kind",
            "area",
            "organisation",
            "team",
            "pledge_version",
            "pledge_agreed_at",
            "started_on",
            "stepped_down_on",
        ]
        read_only_fields = fields


class ChampionDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


@extend_schema(tags=["network"])
class ChampionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The champions register (current champions; `?status=pending` or `all`)."""

    serializer_class = ChampionSerializer
    access_policy = OFFICERS

    def get_queryset(self):
        status_ = self.request.query_params.get("status") or "active"
        return selectors.register(status=status_)

    @extend_schema(request=ChampionDecisionSerializer, responses=ChampionSerializer)
    @viewset_action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        champion = self.get_object()
        data = ChampionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            champion = services.approve(
                champion, actor=request.user, note=data.validated_data.get("note", ""), request=request
            )
        except ServiceError as error:
            return _refusal(error)
        return Response(ChampionSerializer(champion).data)

    @extend_schema(request=None, responses=ChampionSerializer)
    @viewset_action(detail=True, methods=["post"], url_path="step-down")
    def step_down(self, request, pk=None):
        try:
            champion = services.step_down(self.get_object(), actor=request.user, request=request)
        except ServiceError as error:
            return _refusal(error)
        return Response(ChampionSerializer(champion).data)


class ActivitySerializer(serializers.ModelSerializer):
    champion = serializers.IntegerField(source="champion_id", read_only=True)
    kind = serializers.ChoiceField(choices=choices.ActivityKind.choices)
    reached = serializers.IntegerField(min_value=0, max_value=PEOPLE_REACHED_MAX)

    class Meta:
        model = Activity
        fields = [
            "id",
            "champion",
            "kind",
            "happened_on",
            "where",
            "with_whom",
            "reached",
            "description",
            "on_behalf",
            "recorded_at",
        ]
        read_only_fields = ["id", "champion", "on_behalf", "recorded_at"]


def _record(request, champion):
    data = ActivitySerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        activity = services.record_activity(
            champion, actor=request.user, request=request, **data.validated_data
        )
    except ServiceError as error:
        return _refusal(error)
    return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["network"])
class ChampionActivityView(APIView):
    """A champion's activity, and recording one on their behalf (officers)."""

    access_policy = OFFICERS

    def _champion(self, pk):
        try:
            return selectors.champion(pk)
        except Exception:  # Http404
            raise NotFound("No such champion") from None

    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request, pk):
        rows = selectors.activities_of(self._champion(pk))[:200]
        return Response(ActivitySerializer(rows, many=True).data)

    @extend_schema(request=ActivitySerializer, responses={201: ActivitySerializer})
    def post(self, request, pk):
        return _record(request, self._champion(pk))


@extend_schema(tags=["network"])
class MyActivityView(APIView):
    """The signed-in champion's own activity log."""

    access_policy = CHAMPIONS

    def _champion(self, request):
        champion = selectors.champion_of(request.user)
        if champion is None or not champion.is_active:
            raise NotFound("You are not a current champion")
        return champion

    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request):
        rows = selectors.activities_of(self._champion(request))[:200]
        return Response(ActivitySerializer(rows, many=True).data)

    @extend_schema(request=ActivitySerializer, responses={201: ActivitySerializer})
    def post(self, request):
        return _record(request, self._champion(request))


class RecommendationSerializer(serializers.ModelSerializer):
    champion = serializers.IntegerField(source="champion_id", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "champion",
            "title",
            "text",
            "raised_at",
            "status",
            "response",
            "answered_at",
            "outcome",
            "outcome_note",
            "closed_at",
        ]
        read_only_fields = fields


class RecommendationAnswerSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=4000)


class RecommendationOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=choices.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


@extend_schema(tags=["network"])
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = RecommendationSerializer
    access_policy = OFFICERS

    def get_queryset(self):
        wanted = self.request.query_params.get("status") or ""
        return selectors.recommendations(wanted if wanted in choices.RecommendationStatus.values else "")

    @extend_schema(request=RecommendationAnswerSerializer, responses=RecommendationSerializer)
    @viewset_action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = RecommendationAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            row = services.answer_recommendation(
                self.get_object(), actor=request.user, request=request, **data.validated_data
            )
        except ServiceError as error:
            return _refusal(error)
        return Response(RecommendationSerializer(row).data)

    @extend_schema(request=RecommendationOutcomeSerializer, responses=RecommendationSerializer)
    @viewset_action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        data = RecommendationOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            row = services.record_outcome(
                self.get_object(),
                actor=request.user,
                request=request,
                outcome=data.validated_data["outcome"],
                note=data.validated_data.get("note", ""),
            )
        except ServiceError as error:
            return _refusal(error)
        return Response(RecommendationSerializer(row).data)


class OutreachContactSerializer(serializers.ModelSerializer):
    reached = serializers.IntegerField(min_value=0, max_value=PEOPLE_REACHED_MAX, required=False, default=0)

    class Meta:
        model = OutreachContact
        fields = ["id", "happened_on", "what", "reached", "follow_up", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class PartnerSerializer(serializers.ModelSerializer):
    communities = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = OutreachPartner
        fields = ["id", *OutreachPartner.EDITABLE_FIELDS, "last_contact_on"]
        read_only_fields = ["id", "communities", "last_contact_on"]


@extend_schema(tags=["network"])
class PartnerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = PartnerSerializer
    access_policy = OFFICERS

    def get_queryset(self):
        return selectors.partners()

    def perform_create(self, serializer):
        serializer.instance = services.save_partner(
            None, actor=self.request.user, request=self.request, **serializer.validated_data
        )

    @extend_schema(request=OutreachContactSerializer, responses={201: OutreachContactSerializer})
    @viewset_action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        data = OutreachContactSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            contact = services.log_outreach(
                self.get_object(), actor=request.user, request=request, **data.validated_data
            )
        except ServiceError as error:
            return _refusal(error)
        return Response(OutreachContactSerializer(contact).data, status=status.HTTP_201_CREATED)
