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
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.api.schema import query_choice
from coproduce.audit.services import record_denied_access
from coproduce.core.access import Policy
from coproduce.meetings import selectors as meetings_selectors
from coproduce.people import selectors as people_selectors

from . import choices, selectors, services
from .models import (
    BoardTerm,
    Challenge,
    Commitment,
    ConcordatVersion,
    PlanItem,
    Programme,
    Recruitment,
    ShiftNote,
    ShiftRecord,
    Signature,
    Sponsor,
    TeamMember,
    TermsOfReference,
)
from .rules import (
    BOARD_KEEPERS,
    CHALLENGE_PAGES,
    CHALLENGERS,
    PROGRAMME,
    PROGRAMME_OFFICERS,
    PUBLIC,
    SIGNERS,
    may_keep_board,
    person_of,
)


class WritePolicyMixin:
    """Reads are for `access_policy` (the page that lists the rows); a write is for `write_policy` (the page
    with the form), refused 403 and audited as a denied access like any other."""

    write_policy: Policy

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not self.write_policy.allows(request.user):
            record_denied_access(request)
            raise PermissionDenied(f"Only {self.write_policy} make this change.")


def _person_or_400(email: str | None, field: str):
    """Someone in the network by their email address (as the pages' email fields find them)."""
    if not email:
        return None
    person = people_selectors.person_by_email(email)
    if person is None:
        raise ValidationError({field: ["Nobody in the network has that email address"]})
    return person


def _board_decision_or_400(pk, field: str = "decision"):
    decision = meetings_selectors.board_decisions().filter(pk=pk).first()
    if decision is None:
        raise ValidationError({field: ["Choose a decision the board made at one of its meetings"]})
    return decision


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


# What the project and the board answer: read-only here (the respond and outcome actions write them).
ANSWER_FIELDS = ["status", "response", "responded_at", "outcome", "outcome_note", "decision", "outcome_at"]


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
            *ANSWER_FIELDS,
        ]
        read_only_fields = ["raised_at", *ANSWER_FIELDS]


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
            decision = _board_decision_or_400(data.validated_data["decision"])
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
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    WritePolicyMixin,
    viewsets.GenericViewSet,
):
    """Board membership terms, newest first. Board members and the team read them; the co-chairs and the
    team start, renew and end them."""

    access_policy = PROGRAMME
    write_policy = BOARD_KEEPERS
    serializer_class = TermSerializer

    def get_queryset(self):
        return selectors.terms_history()

    def create(self, request, *args, **kwargs):
        data = TermSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _person_or_400(fields.pop("email"), "email")
        term = services.start_term(actor=request.user, request=request, person=person, **fields)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    def _change_term(self, request, serializer_class, change, status_code=status.HTTP_200_OK):
        """Run `change(term, **fields)` for a keeper's valid request and answer with the term it returns."""
        term = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        changed = change(term, actor=request.user, request=request, **data.validated_data)
        return Response(TermSerializer(changed).data, status=status_code)

    @extend_schema(request=RenewSerializer, responses={201: TermSerializer})
    @viewset_action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        return self._change_term(request, RenewSerializer, services.renew_term, status.HTTP_201_CREATED)

    @extend_schema(request=EndSerializer, responses=TermSerializer)
    @viewset_action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._change_term(request, EndSerializer, services.end_term)


class RecruitmentSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)
    email = serializers.EmailField(write_only=True, help_text="The person's email address in the network")
    opportunity = serializers.IntegerField(
        source="opportunity_id",
        required=False,
        allow_null=True,
        default=None,
        help_text="The programme-wide opportunity they answered (its id), if any",
    )
    observed_meeting = serializers.IntegerField(source="observed_meeting_id", read_only=True)

    class Meta:
        model = Recruitment
        fields = [
            "id",
            "person",
            "email",
            "step",
            "opportunity",
            "interest_on",
            "observed_on",
            "observed_meeting",
            "conversation_on",
            "induction_on",
            "member_on",
            "stopped_on",
            "notes",
        ]
        read_only_fields = [
            "step",
            "observed_on",
            "conversation_on",
            "induction_on",
            "member_on",
            "stopped_on",
        ]


class StepSerializer(serializers.Serializer):
    on = serializers.DateField()
    meeting = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="For observing: the board meeting (its id)"
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class StopSerializer(serializers.Serializer):
    on = serializers.DateField()


def _one_of(rows, pk, field: str, message: str):
    if pk is None:
        return None
    found = {row.pk: row for row in rows}.get(pk)
    if found is None:
        raise ValidationError({field: [message]})
    return found


@extend_schema(tags=["board"])
class RecruitmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    WritePolicyMixin,
    viewsets.GenericViewSet,
):
    """The way onto the board, each step dated: expression of interest (from an opportunity), observing a
    board meeting, a conversation with a co-chair, induction, full member. Board members and the team read
    it; the co-chairs and the team record it."""

    access_policy = PROGRAMME
    write_policy = BOARD_KEEPERS
    serializer_class = RecruitmentSerializer

    def get_queryset(self):
        return selectors.recruitment()

    def create(self, request, *args, **kwargs):
        data = RecruitmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _person_or_400(fields.pop("email"), "email")
        opportunity = _one_of(
            selectors.board_opportunities(),
            fields.pop("opportunity_id"),
            "opportunity",
            "Choose one of the programme-wide opportunities",
        )
        row = services.start_recruitment(
            actor=request.user, request=request, person=person, opportunity=opportunity, **fields
        )
        return Response(RecruitmentSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StepSerializer, responses=RecruitmentSerializer)
    @viewset_action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Date the next step."""
        row = self.get_object()
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        meeting = _one_of(
            selectors.past_board_meetings(),
            fields.pop("meeting"),
            "meeting",
            "Choose one of the board's recent meetings",
        )
        services.record_step(row, actor=request.user, request=request, meeting=meeting, **fields)
        return Response(RecruitmentSerializer(row).data)

    @extend_schema(request=StopSerializer, responses=RecruitmentSerializer)
    @viewset_action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        row = self.get_object()
        data = StopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.stop_recruitment(row, actor=request.user, request=request, **data.validated_data)
        return Response(RecruitmentSerializer(row).data)


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


# --- The programme record, its team, shifts and senior commitment; the board's terms of reference and
# forward plan. Reads follow the list pages' policy, writes the form pages' (`write_policy`).


class ProgrammeRecordSerializer(serializers.ModelSerializer):
    cost_centre_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "started_on",
            "description",
            "budget",
            "cost_centres",
            "cost_centre_list",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"budget": {"min_value": 0}}


@extend_schema(tags=["programme"])
class ProgrammeRecordView(WritePolicyMixin, APIView):
    """The programme record: name, start date, description, budget and cost centres. The team and board
    read it; co-production officers create it (once, with its seven shifts) and change it."""

    access_policy = PROGRAMME
    write_policy = PROGRAMME_OFFICERS

    @extend_schema(responses=ProgrammeRecordSerializer)
    def get(self, request):
        return Response(ProgrammeRecordSerializer(selectors.programme_or_404()).data)

    @extend_schema(request=ProgrammeRecordSerializer, responses={201: ProgrammeRecordSerializer})
    def post(self, request):
        data = ProgrammeRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.create_programme(actor=request.user, request=request, **data.validated_data)
        return Response(ProgrammeRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeRecordSerializer, responses=ProgrammeRecordSerializer)
    def patch(self, request):
        record = selectors.programme_or_404()
        data = ProgrammeRecordSerializer(record, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.update_programme(record, actor=request.user, request=request, **data.validated_data)
        return Response(ProgrammeRecordSerializer(record).data)


class ProgrammeTeamMemberSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)
    email = serializers.EmailField(write_only=True, help_text="The person's email address in the network")

    class Meta:
        model = TeamMember
        fields = ["id", "person", "email", "role", "joined_on"]
        read_only_fields = ["joined_on"]


class _ProgrammeRows(WritePolicyMixin, viewsets.GenericViewSet):
    """Rows of the programme record, read by the team and board, written by co-production officers."""

    access_policy = PROGRAMME
    write_policy = PROGRAMME_OFFICERS
    lookup_value_regex = r"\d+"


@extend_schema(tags=["programme"])
class ProgrammeTeamViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, _ProgrammeRows):
    """The co-production team that runs the programme: people and their roles."""

    serializer_class = ProgrammeTeamMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TeamMember.objects.none()
        return selectors.team(selectors.programme_or_404())

    def create(self, request, *args, **kwargs):
        record = selectors.programme_or_404()
        data = ProgrammeTeamMemberSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person_or_400(data.validated_data["email"], "email")
        member = services.add_team_member(
            record, actor=request.user, request=request, person=person, role=data.validated_data["role"]
        )
        return Response(ProgrammeTeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class ProgrammeShiftNoteSerializer(serializers.ModelSerializer):
    written_by = serializers.CharField(source="written_by.full_name", read_only=True)

    class Meta:
        model = ShiftNote
        fields = ["id", "noted_on", "text", "written_by", "written_at"]
        read_only_fields = ["written_at"]


class ProgrammeShiftSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_shift_display", read_only=True)
    owner = serializers.CharField(source="owner.full_name", read_only=True, allow_null=True, default=None)
    notes = ProgrammeShiftNoteSerializer(many=True, read_only=True)

    class Meta:
        model = ShiftRecord
        fields = ["id", "shift", "label", "owner", "status", "updated_at", "notes"]
        read_only_fields = fields


class ProgrammeShiftChangeSerializer(serializers.Serializer):
    owner_email = serializers.EmailField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The owner's email address in the network; null for nobody yet",
    )
    status = serializers.ChoiceField(choices=choices.ShiftStatus.choices)


@extend_schema(tags=["programme"])
class ProgrammeShiftViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ProgrammeRows):
    """The seven shifts, each with its owner, status and dated notes (newest first)."""

    serializer_class = ProgrammeShiftSerializer
    pagination_class = None  # always seven

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ShiftRecord.objects.none()
        return selectors.shifts(selectors.programme_or_404())

    def get_object(self):
        return selectors.shift_or_404(self.kwargs["pk"])

    @extend_schema(request=ProgrammeShiftChangeSerializer, responses=ProgrammeShiftSerializer)
    def update(self, request, pk=None):
        """Set the shift's owner and status."""
        shift = self.get_object()
        data = ProgrammeShiftChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = _person_or_400(data.validated_data["owner_email"], "owner_email")
        services.update_shift(
            shift, actor=request.user, request=request, owner=owner, status=data.validated_data["status"]
        )
        return Response(ProgrammeShiftSerializer(selectors.shift_or_404(shift.pk)).data)

    @extend_schema(request=ProgrammeShiftNoteSerializer, responses={201: ProgrammeShiftNoteSerializer})
    @viewset_action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Add a dated note (today or in the past) to the shift."""
        shift = self.get_object()
        data = ProgrammeShiftNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.add_shift_note(shift, actor=request.user, request=request, **data.validated_data)
        return Response(ProgrammeShiftNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ProgrammeSponsorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sponsor
        fields = ["id", "name", "job_title", "organisation", "since", "until"]


class ProgrammeSponsorEndSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="Their last day as sponsor")


@extend_schema(tags=["programme"])
class ProgrammeSponsorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _ProgrammeRows
):
    """Named senior sponsors of the programme (shift 1), past and present."""

    serializer_class = ProgrammeSponsorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Sponsor.objects.none()
        return selectors.sponsors(selectors.programme_or_404())

    def get_object(self):
        return selectors.sponsor_or_404(self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        record = selectors.programme_or_404()
        data = ProgrammeSponsorSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sponsor = services.add_sponsor(record, actor=request.user, request=request, **data.validated_data)
        return Response(ProgrammeSponsorSerializer(sponsor).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeSponsorEndSerializer, responses=ProgrammeSponsorSerializer)
    @viewset_action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the sponsorship on a date (on or after it started)."""
        sponsor = self.get_object()
        data = ProgrammeSponsorEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.end_sponsor(sponsor, actor=request.user, request=request, **data.validated_data)
        return Response(ProgrammeSponsorSerializer(sponsor).data)


class ProgrammeCommitmentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.full_name", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "text", "source", "made_on", "made_by", "review_on", "recorded_by"]


@extend_schema(tags=["programme"])
class ProgrammeCommitmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, _ProgrammeRows):
    """Commitments on record (a line of the corporate plan or a strategy): source, date, who made it and
    when it is reviewed; soonest review first."""

    serializer_class = ProgrammeCommitmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Commitment.objects.none()
        return Commitment.objects.filter(programme=selectors.programme_or_404()).select_related("recorded_by")

    def create(self, request, *args, **kwargs):
        record = selectors.programme_or_404()
        data = ProgrammeCommitmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commitment = services.add_commitment(
            record, actor=request.user, request=request, **data.validated_data
        )
        return Response(ProgrammeCommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


class TermsOfReferenceSerializer(serializers.ModelSerializer):
    decision = serializers.IntegerField(
        source="decision_id", help_text="The board's decision that approved this version (its id)"
    )
    decision_reference = serializers.CharField(source="decision.reference", read_only=True)

    class Meta:
        model = TermsOfReference
        fields = [
            "id",
            "version",
            "text",
            "what_changed",
            "decision",
            "decision_reference",
            "approved_on",
            "review_due",
        ]
        read_only_fields = ["version", "approved_on", "review_due"]


@extend_schema(tags=["board"])
class TermsOfReferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    WritePolicyMixin,
    viewsets.GenericViewSet,
):
    """The board's terms of reference, newest version first. A new version is approved by a board decision
    (approved on that meeting's date, review due a year on); after the first, say what changed."""

    access_policy = PROGRAMME
    write_policy = BOARD_KEEPERS
    serializer_class = TermsOfReferenceSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return TermsOfReference.objects.select_related("decision").order_by("-version")

    def create(self, request, *args, **kwargs):
        data = TermsOfReferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        terms = services.approve_terms_of_reference(
            actor=request.user,
            request=request,
            text=data.validated_data["text"],
            what_changed=data.validated_data.get("what_changed", ""),
            decision=_board_decision_or_400(data.validated_data["decision_id"]),
        )
        return Response(TermsOfReferenceSerializer(terms).data, status=status.HTTP_201_CREATED)


class BoardPlanItemSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", help_text="A coming board meeting (its id)")
    meeting_starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    agenda_item = serializers.IntegerField(source="agenda_item_id", read_only=True, allow_null=True)

    class Meta:
        model = PlanItem
        fields = ["id", "title", "description", "led_by", "meeting", "meeting_starts_at", "agenda_item"]


class BoardPlanItemMoveSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(help_text="Another coming board meeting (its id)")


def _coming_board_meeting_or_400(pk):
    return _one_of(
        selectors.coming_board_meetings(), pk, "meeting", "Choose one of the board's coming meetings"
    )


@extend_schema(tags=["board"])
class BoardPlanItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    WritePolicyMixin,
    viewsets.GenericViewSet,
):
    """The board's forward plan: items planned for its coming meetings, soonest first. Adding an item puts
    it on that meeting's agenda (`agenda_item`); moving it moves the agenda item."""

    access_policy = PROGRAMME
    write_policy = BOARD_KEEPERS
    serializer_class = BoardPlanItemSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanItem.objects.none()
        return selectors.forward_plan()

    def get_object(self):
        return selectors.plan_item_or_404(self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        data = BoardPlanItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        meeting = _coming_board_meeting_or_400(fields.pop("meeting_id"))
        item = services.plan_item(actor=request.user, request=request, meeting=meeting, **fields)
        return Response(BoardPlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BoardPlanItemMoveSerializer, responses=BoardPlanItemSerializer)
    @viewset_action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Plan the item for another coming board meeting (its agenda item moves with it)."""
        item = self.get_object()
        data = BoardPlanItemMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = _coming_board_meeting_or_400(data.validated_data["meeting"])
        services.move_plan_item(item, actor=request.user, request=request, meeting=meeting)
        return Response(BoardPlanItemSerializer(item).data)
