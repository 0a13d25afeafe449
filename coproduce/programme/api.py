"""The programme, the board and the concordat through the API, with the page rules: the programme summary
for the team and board members; challenges raised by board members, answered by the project's lead, decided
by the co-chairs or the team; board terms kept by the same; the concordat public, signed by a signed-in
person for themselves. Writes go through the services, so refusals read as on the pages (by field) and each
change is audited once."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as viewset_action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.api.schema import query_choice
from coproduce.meetings import selectors as meetings_selectors
from coproduce.people import selectors as people_selectors

from . import choices, selectors, services
from .models import BoardTerm, Challenge, ConcordatVersion, Signature
from .rules import (
    BOARD_KEEPERS,
    CHALLENGE_PAGES,
    CHALLENGERS,
    PROGRAMME,
    PUBLIC,
    SIGNERS,
    may_keep_board,
    person_of,
)


class ShiftSerializer(serializers.Serializer):
    shift = serializers.CharField()
    label = serializers.CharField(source="get_shift_display")
    status = serializers.CharField()
    owner = serializers.CharField(source="owner.full_name", default=None)


class ProgrammeSerializer(serializers.Serializer):
    name = serializers.CharField()
    started_on = serializers.DateField()
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    cost_centres = serializers.ListField(child=serializers.CharField(), source="cost_centre_list")


class ProgrammeView(APIView):
    """The programme page as JSON: the record, the seven shifts and the summary figures."""

    access_policy = PROGRAMME

    @extend_schema(tags=["programme"], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        record = selectors.the_programme()
        if record is None:
            raise NotFound("The programme has no record yet.")
        figures = selectors.programme_figures()
        return Response(
            {
                "programme": ProgrammeSerializer(record).data,
                "shifts": ShiftSerializer(selectors.shifts(record), many=True).data,
                "projects_by_stage": dict(figures["stages"]),
                "ladder": [
                    {"rung": value, "label": label, "target": target, "achieved": achieved}
                    for value, label, target, achieved in figures["rungs"]
                ],
                "money": {key: str(value) for key, value in figures["money"].items()},
                "people_involved_this_year": figures["involved_this_year"],
                "challenges": selectors.challenge_counts(),
                "board_actions": meetings_selectors.board_action_counts(),
            }
        )


class ChallengeSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id")
    project_title = serializers.CharField(source="project.title", read_only=True)
    raised_by = serializers.CharField(source="raised_by.full_name", read_only=True)
    lead = serializers.CharField(source="lead.full_name", read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "project",
            "project_title",
            "kind",
            "text",
            "respond_by",
            "raised_by",
            "raised_at",
            "lead",
            "status",
            "response",
            "responded_at",
            "outcome",
            "outcome_note",
            "decision",
            "outcome_at",
        ]
        read_only_fields = [
            "raised_at",
            "status",
            "response",
            "responded_at",
            "outcome",
            "outcome_note",
            "decision",
            "outcome_at",
        ]


class ResponseSerializer(serializers.Serializer):
    response = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=choices.ChallengeOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.IntegerField(required=False, allow_null=True, default=None)


CHALLENGE_SHOWS = [*selectors.CHALLENGE_FILTERS, "overdue"]


@extend_schema(tags=["board"])
@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("show", str, enum=CHALLENGE_SHOWS)]))
class ChallengeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Check and challenge. Board members and officers see every challenge; a staff lead sees those sent to
    them. Raising is for board members and officers; responding for the lead (or an officer); the outcome for
    the co-chairs and officers."""

    access_policy = CHALLENGE_PAGES
    serializer_class = ChallengeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        show = query_choice(self.request, "show", CHALLENGE_SHOWS) if self.action == "list" else ""
        found = selectors.challenges(show)
        if not CHALLENGERS.allows(self.request.user):
            found = found.filter(lead=self.request.user)
        return found

    def create(self, request, *args, **kwargs):
        if not CHALLENGERS.allows(request.user):
            raise PermissionDenied("Only board members and co-production officers raise challenges.")
        data = ChallengeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = selectors.projects_to_challenge().filter(pk=data.validated_data["project_id"]).first()
        if project is None:
            raise ValidationError({"project": ["Choose an active project"]})
        challenge = services.raise_challenge(
            actor=request.user,
            request=request,
            project=project,
            kind=data.validated_data["kind"],
            text=data.validated_data["text"],
            respond_by=data.validated_data["respond_by"],
        )
        return Response(ChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResponseSerializer, responses=ChallengeSerializer)
    @viewset_action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        challenge = self.get_object()
        if not request.user.has_perm("programme.respond_to_challenge", challenge):
            raise PermissionDenied("Only the project's lead or a co-production officer responds.")
        data = ResponseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.respond_to_challenge(
            challenge,
            actor=request.user,
            request=request,
            **data.validated_data,
        )
        return Response(ChallengeSerializer(challenge).data)

    @extend_schema(request=OutcomeSerializer, responses=ChallengeSerializer)
    @viewset_action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        challenge = self.get_object()
        if not may_keep_board(request.user):
            raise PermissionDenied("Only the board's co-chairs and co-production officers record outcomes.")
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = None
        if data.validated_data["decision"]:
            decision = meetings_selectors.board_decisions().filter(pk=data.validated_data["decision"]).first()
            if decision is None:
                raise ValidationError(
                    {"decision": ["Choose a decision the board made at one of its meetings"]}
                )
        services.record_outcome(
            challenge,
            actor=request.user,
            request=request,
            outcome=data.validated_data["outcome"],
            note=data.validated_data["note"],
            decision=decision,
        )
        return Response(ChallengeSerializer(challenge).data)


class TermSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)
    email = serializers.EmailField(write_only=True, help_text="The person's email address in the network")

    class Meta:
        model = BoardTerm
        fields = [
            "id",
            "person",
            "email",
            "role",
            "organisation",
            "starts_on",
            "ends_on",
            "renews",
            "left_on",
        ]
        read_only_fields = ["renews", "left_on"]


class RenewSerializer(serializers.Serializer):
    ends_on = serializers.DateField()


class EndSerializer(serializers.Serializer):
    left_on = serializers.DateField()


@extend_schema(tags=["board"])
class BoardTermViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Board membership terms, newest first. Board members and the team read them; the co-chairs and the
    team start, renew and end them."""

    access_policy = PROGRAMME
    serializer_class = TermSerializer

    def get_queryset(self):
        return selectors.terms_history()

    def _keepers_only(self):
        if not BOARD_KEEPERS.allows(self.request.user):
            raise PermissionDenied("Only the board's co-chairs and co-production officers keep board terms.")

    def create(self, request, *args, **kwargs):
        self._keepers_only()
        data = TermSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = people_selectors.person_by_email(fields.pop("email"))
        if person is None:
            raise ValidationError({"email": ["Nobody in the network has that email address"]})
        term = services.start_term(actor=request.user, request=request, person=person, **fields)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RenewSerializer, responses={201: TermSerializer})
    @viewset_action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        self._keepers_only()
        term = self.get_object()
        data = RenewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        renewal = services.renew_term(term, actor=request.user, request=request, **data.validated_data)
        return Response(TermSerializer(renewal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndSerializer, responses=TermSerializer)
    @viewset_action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        self._keepers_only()
        term = self.get_object()
        data = EndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.end_term(term, actor=request.user, request=request, **data.validated_data)
        return Response(TermSerializer(term).data)


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["kind", "name", "role", "organisation", "signed_on"]


class ConcordatVersionSerializer(serializers.ModelSerializer):
    decision = serializers.CharField(source="decision.reference")

    class Meta:
        model = ConcordatVersion
        fields = ["number", "title", "text", "what_changed", "approved_on", "decision"]


@extend_schema(tags=["concordat"])
class ConcordatVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every version of the concordat, newest first (public, as on the website); a version's `signatories` are
    those who agreed to be listed."""

    access_policy = PUBLIC
    authentication_classes = []
    serializer_class = ConcordatVersionSerializer
    lookup_field = "number"

    def get_queryset(self):
        return ConcordatVersion.objects.select_related("decision").order_by("-number")

    @extend_schema(responses=SignatorySerializer(many=True))
    @viewset_action(detail=True, methods=["get"])
    def signatories(self, request, number=None):
        version = self.get_object()
        return Response(SignatorySerializer(selectors.listed_signatories(version), many=True).data)


class SignSerializer(serializers.Serializer):
    role = serializers.CharField(required=False, allow_blank=True, default="")
    organisation = serializers.CharField(required=False, allow_blank=True, default="")
    listed = serializers.BooleanField(default=False)


class ConcordatSignView(APIView):
    """Sign the current version of the concordat yourself (once per version)."""

    access_policy = SIGNERS

    @extend_schema(tags=["concordat"], request=SignSerializer, responses={201: SignatorySerializer})
    def post(self, request):
        version = selectors.current_concordat()
        if version is None:
            raise NotFound("There is no concordat yet.")
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = person_of(request.user)
        signature = services.sign_concordat(
            version,
            actor=request.user,
            request=request,
            kind=choices.SignatoryKind.PERSON,
            person=person,
            name=person.full_name,
            email=person.email,
            **data.validated_data,
        )
        return Response(SignatorySerializer(signature).data, status=status.HTTP_201_CREATED)
