"""Opportunities through the API, with the page rules and the same services.

- /api/opportunities/: anyone lists and reads open opportunities; officers see every one. Officers and
  project leads advertise (POST, saved as a draft) and change the status (…/<id>/status/); officers list
  the expressions of interest for one and record one on someone's behalf (…/<id>/expressions/), list and
  send invitations (…/<id>/invitations/) and make the selection (…/<id>/selection/).
- /api/applications/: a member's own expressions of interest: list, read, create, withdraw.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.generics import ListCreateAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.audit.services import record_denied_access
from coproduce.core.access import PUBLIC
from coproduce.payments.choices import Activity
from coproduce.people import selectors as people_selectors
from coproduce.people.api import access_needs_field
from coproduce.people.choices import ContactMethod, Day, TimeOfDay
from coproduce.projects import selectors as projects_selectors

from . import reward, selectors, services
from .choices import STATUS_CHANGES, CameIn, InvitationMethod, Mode, OtherWay
from .forms import in_choice_order
from .models import ExpressionOfInterest, Invitation, Opportunity
from .rules import MANAGE, MEMBER_APPLICATIONS, OFFICERS, is_opportunity_officer, projects_led_by


class OpportunitySerializer(serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", default=None, read_only=True)
    reward_text = serializers.CharField(read_only=True)
    lived_experience = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    interests = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "project",
            "project_title",
            "title",
            "description",
            "time_commitment",
            "starts_on",
            "ends_on",
            "ongoing",
            "days",
            "times_of_day",
            "mode",
            "location",
            "access_support",
            "access_support_detail",
            "reward_amount",
            "reward_unit",
            "reward_activity",
            "reward_text",
            "places",
            "closes_on",
            "other_ways",
            "other_ways_detail",
            "lived_experience",
            "interests",
            "status",
            "published_at",
        ]
        read_only_fields = fields


class AdvertiseSerializer(serializers.Serializer):
    """What advertising an opportunity takes: the web form's fields, with the same rules."""

    project = serializers.PrimaryKeyRelatedField(
        queryset=projects_selectors.active_projects(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=5000)
    time_commitment = serializers.CharField(max_length=200)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    ongoing = serializers.BooleanField(default=False)
    days = serializers.ListField(
        child=serializers.ChoiceField(choices=Day.choices),
        default=list,
        help_text="The days it runs; empty when flexible",
    )
    times_of_day = serializers.ListField(
        child=serializers.ChoiceField(choices=TimeOfDay.choices),
        default=list,
        help_text="The times of day it runs; empty when flexible",
    )
    mode = serializers.ChoiceField(choices=Mode.choices)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    access_support = access_needs_field(default=list)
    access_support_detail = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    reward_unit = serializers.ChoiceField(choices=reward.RewardUnit.choices)
    reward_activity = serializers.ChoiceField(
        choices=Activity.choices, required=False, allow_blank=True, default=""
    )
    reward_amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    places = serializers.IntegerField(min_value=1, max_value=999)
    closes_on = serializers.DateField()
    other_ways = serializers.ListField(child=serializers.ChoiceField(choices=OtherWay.choices), default=list)
    other_ways_detail = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    lived_experience = serializers.PrimaryKeyRelatedField(
        many=True, queryset=people_selectors.active_areas(), default=list
    )
    interests = serializers.PrimaryKeyRelatedField(
        many=True, queryset=people_selectors.active_interests(), default=list
    )

    def validate_closes_on(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError("The closing date must be today or in the future.")
        return value

    def validate(self, attrs):
        user = self.context["request"].user
        project = attrs.get("project")
        if not is_opportunity_officer(user):
            if project is None:
                raise serializers.ValidationError({"project": "Choose one of your projects."})
            if not projects_led_by(user).filter(pk=project.pk).exists():
                raise serializers.ValidationError(
                    {"project": "You can only advertise for projects you lead."}
                )
        if attrs.get("ongoing") and attrs.get("ends_on"):
            raise serializers.ValidationError(
                {"ends_on": "Leave the end date empty for an ongoing opportunity."}
            )
        if attrs.get("starts_on") and attrs.get("ends_on") and attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError({"ends_on": "The end date must be on or after the start date."})
        problem = reward.problem(attrs.get("reward_amount"), attrs["reward_unit"])
        if problem:
            raise serializers.ValidationError({"reward_amount": problem})
        problem = reward.activity_problem(
            attrs["reward_activity"], attrs["reward_unit"], attrs.get("starts_on")
        )
        if problem:
            raise serializers.ValidationError({"reward_activity": problem})
        if attrs["mode"] != Mode.ONLINE and not attrs.get("location", "").strip():
            raise serializers.ValidationError({"location": "Say where it takes place."})
        for name in ("access_support", "other_ways"):
            attrs[name] = list(dict.fromkeys(attrs[name]))
        attrs["days"] = in_choice_order(attrs["days"], Day.values)
        attrs["times_of_day"] = in_choice_order(attrs["times_of_day"], TimeOfDay.values)
        return attrs


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUS_CHANGES)


class ApplicantSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    lived_experience = serializers.SlugRelatedField(
        source="person.lived_experience", slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "person",
            "person_name",
            "lived_experience",
            "why",
            "brings",
            "access_needs",
            "access_needs_detail",
            "contact_method",
            "came_in",
            "came_in_note",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class SelectionSerializer(serializers.Serializer):
    chosen = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class SelectionResultSerializer(serializers.Serializer):
    selected = serializers.ListField(child=serializers.IntegerField())
    not_selected = serializers.ListField(child=serializers.IntegerField())


def _refuse(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    record_denied_access(request)
    raise PermissionDenied()


@extend_schema_view(
    list=extend_schema(summary="Open opportunities", tags=["opportunities"]),
    retrieve=extend_schema(summary="One opportunity", tags=["opportunities"]),
)
class OpportunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reading is public; advertising (POST) checks the pages' MANAGE policy itself."""

    access_policy = PUBLIC
    serializer_class = OpportunitySerializer

    def get_queryset(self):
        queryset = selectors.for_detail()
        if is_opportunity_officer(self.request.user):
            return queryset.order_by("-created_at", "-id")
        if self.action == "list":
            return queryset.accepting().order_by("closes_on", "id")
        return queryset.advertised()

    @extend_schema(
        summary="Advertise an opportunity",
        description="Officers and project leads. Saved as a draft; publish it with …/status/.",
        request=AdvertiseSerializer,
        responses={201: OpportunitySerializer},
        tags=["opportunities"],
    )
    def create(self, request):
        if not MANAGE.allows(request.user):
            _refuse(request)
        serializer = AdvertiseSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        opportunity = services.advertise(dict(serializer.validated_data), actor=request.user, request=request)
        return Response(OpportunitySerializer(opportunity).data, status=status.HTTP_201_CREATED)


def _managed(request, pk) -> Opportunity:
    """The opportunity, if the caller may manage it (a lead's other projects' ones are "not found")."""
    opportunity = selectors.manageable_by(request.user).filter(pk=pk).first()
    if opportunity is None:
        raise NotFound("No such opportunity.")
    return opportunity


class OpportunityStatusView(APIView):
    refusal_field = "status"  # where a service's refusal goes in the answer
    access_policy = MANAGE

    @extend_schema(
        summary="Publish, close or mark an opportunity filled",
        request=StatusSerializer,
        responses=OpportunitySerializer,
        tags=["opportunities"],
    )
    def post(self, request, pk):
        opportunity = _managed(request, pk)
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        opportunity = services.change_status(
            opportunity, serializer.validated_data["status"], actor=request.user, request=request
        )
        return Response(OpportunitySerializer(opportunity).data)


class InterestOnBehalfSerializer(serializers.Serializer):
    """What someone told an officer by phone, by post, in person or through a partner organisation."""

    person = serializers.PrimaryKeyRelatedField(queryset=people_selectors.current_people())
    came_in = serializers.ChoiceField(choices=[c for c in CameIn.choices if c[0] != CameIn.ONLINE])
    came_in_note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    why = serializers.CharField(max_length=5000)
    brings = serializers.CharField(max_length=5000)
    access_needs = access_needs_field(required=False, help_text="Defaults to the person's profile")
    access_needs_detail = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="Defaults to the person's profile"
    )
    contact_method = serializers.ChoiceField(
        choices=ContactMethod.choices, required=False, help_text="Defaults to the person's profile"
    )

    def answers(self) -> dict:
        data = self.validated_data
        person = data["person"]
        return {
            "why": data["why"],
            "brings": data["brings"],
            "access_needs": list(dict.fromkeys(data.get("access_needs", person.access_needs))),
            "access_needs_detail": data.get("access_needs_detail", person.access_needs_detail),
            "contact_method": data.get("contact_method", person.preferred_contact),
        }


@extend_schema_view(
    get=extend_schema(
        summary="Expressions of interest for one opportunity",
        description="Officers only: what each person wrote, their lived experience and access needs.",
        tags=["opportunities"],
    ),
    post=extend_schema(
        summary="Record interest on someone's behalf",
        description="Officers only, for interest that came in by phone, by post, in person or through a "
        "partner organisation. The team is emailed as for interest made online.",
        request=InterestOnBehalfSerializer,
        responses={201: ApplicantSerializer},
        tags=["opportunities"],
    ),
)
class OpportunityExpressionsView(ListCreateAPIView):
    refusal_field = "person"  # where a service's refusal goes in the answer
    access_policy = OFFICERS
    serializer_class = ApplicantSerializer

    def get_queryset(self):
        return selectors.applicants(_managed(self.request, self.kwargs["pk"]))

    def create(self, request, *args, **kwargs):
        opportunity = _managed(request, self.kwargs["pk"])
        serializer = InterestOnBehalfSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interest = services.express_interest(
            opportunity,
            serializer.validated_data["person"],
            serializer.answers(),
            actor=request.user,
            came_in=serializer.validated_data["came_in"],
            came_in_note=serializer.validated_data["came_in_note"],
            request=request,
        )
        return Response(ApplicantSerializer(interest).data, status=status.HTTP_201_CREATED)


class InvitationSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=people_selectors.current_people())
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    method = serializers.ChoiceField(choices=InvitationMethod.choices)
    invited_by = serializers.CharField(source="invited_by.display_name", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "person", "person_name", "method", "invited_by", "invited_at"]
        read_only_fields = ["id", "person_name", "invited_by", "invited_at"]


@extend_schema_view(
    get=extend_schema(summary="Invitations sent for one opportunity", tags=["opportunities"]),
    post=extend_schema(
        summary="Invite someone to apply",
        description="Officers only. By email (sent now) or by letter (it goes in the next letter batch, "
        "or to GOV.UK Notify to post). "
        "The person must have agreed to be contacted about opportunities.",
        responses={201: InvitationSerializer},
        tags=["opportunities"],
    ),
)
class OpportunityInvitationsView(ListCreateAPIView):
    refusal_field = "method"  # where a service's refusal goes in the answer
    access_policy = OFFICERS
    serializer_class = InvitationSerializer

    def opportunity(self) -> Opportunity:
        return _managed(self.request, self.kwargs["pk"])

    def get_queryset(self):
        return selectors.invitations(self.opportunity())

    def perform_create(self, serializer):
        serializer.instance = services.invite(
            self.opportunity(),
            serializer.validated_data["person"],
            serializer.validated_data["method"],
            actor=self.request.user,
            request=self.request,
        )


class SelectionView(APIView):
    refusal_field = "chosen"  # where a service's refusal goes in the answer
    access_policy = OFFICERS

    @extend_schema(
        summary="Make the selection",
        description=(
            "Officers only. `chosen` are expression-of-interest ids. Everyone waiting is decided: the chosen "
            "are selected (and join the project team), the rest are told they were not selected this time. "
            "Already decided people are left alone, so repeating a selection changes and sends nothing."
        ),
        request=SelectionSerializer,
        responses=SelectionResultSerializer,
        tags=["opportunities"],
    )
    def post(self, request, pk):
        opportunity = _managed(request, pk)
        serializer = SelectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        newly, declined = services.select(
            opportunity,
            serializer.validated_data["chosen"],
            actor=request.user,
            note=serializer.validated_data["note"],
            request=request,
        )
        result = {"selected": [i.pk for i in newly], "not_selected": [i.pk for i in declined]}
        return Response(SelectionResultSerializer(result).data)


class ApplicationSerializer(serializers.ModelSerializer):
    opportunity_title = serializers.CharField(source="opportunity.title", read_only=True)
    opportunity = serializers.PrimaryKeyRelatedField(queryset=selectors.advertised_opportunities())
    access_needs = access_needs_field(required=False)
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices, required=False)

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "opportunity",
            "opportunity_title",
            "why",
            "brings",
            "access_needs",
            "access_needs_detail",
            "contact_method",
            "status",
            "outcome_message",
            "created_at",
            "decided_at",
        ]
        read_only_fields = ["id", "status", "outcome_message", "created_at", "decided_at"]
        extra_kwargs = {"why": {"max_length": 5000}, "brings": {"max_length": 5000}}


@extend_schema_view(
    list=extend_schema(summary="Your applications", tags=["opportunities"]),
    retrieve=extend_schema(summary="One of your applications", tags=["opportunities"]),
    create=extend_schema(
        summary="Say you are interested",
        description="Access needs and how to get back to you default to your profile's.",
        tags=["opportunities"],
    ),
)
class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """A member's own expressions of interest: another person's are never found."""

    # where a service's refusal goes in the answer
    refusal_field = {"create": "opportunity", "withdraw": "status"}

    access_policy = MEMBER_APPLICATIONS
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no signed-in member
            return ExpressionOfInterest.objects.none()
        return selectors.own_applications(self.request.user.person)

    def perform_create(self, serializer):
        person = self.request.user.person
        data = dict(serializer.validated_data)
        opportunity = data.pop("opportunity")
        answers = {
            "why": data["why"],
            "brings": data["brings"],
            "access_needs": list(dict.fromkeys(data.get("access_needs", person.access_needs))),
            "access_needs_detail": data.get("access_needs_detail", person.access_needs_detail),
            "contact_method": data.get("contact_method", person.preferred_contact),
        }
        serializer.instance = services.express_interest(
            opportunity, person, answers, actor=self.request.user, request=self.request
        )

    @extend_schema(summary="Withdraw", request=None, responses=ApplicationSerializer, tags=["opportunities"])
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        interest = self.get_object()
        interest = services.withdraw(interest, actor=request.user, request=request)
        return Response(ApplicationSerializer(interest).data)
