"""Meetings through the API, with the page rules: a caller sees the meetings they may open on the website;
organisers read registrations (with adjustments) and record attendance; members reply for themselves and
update their own actions. Writes go through services, so each is audited once."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.people import choices as people_choices
from coproduce.people.models import Person

from . import choices, selectors, services
from .models import Action, Attendance, Decision, Meeting, Registration
from .rules import MEETING_PAGE, MEMBER_MEETINGS, person_of


class MeetingSerializer(serializers.ModelSerializer):
    belongs_to = serializers.SerializerMethodField()
    venue = serializers.SerializerMethodField()
    online_link = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "purpose",
            "belongs_to",
            "starts_at",
            "ends_at",
            "mode",
            "venue",
            "room",
            "online_link",
            "capacity",
            "cancelled_at",
            "minutes",
        ]
        read_only_fields = fields

    def get_belongs_to(self, meeting) -> dict:
        if meeting.project_id:
            return {"kind": "project", "id": meeting.project_id, "name": str(meeting.project)}
        return {"kind": "body", "id": meeting.body_id, "name": str(meeting.body)}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_venue(self, meeting):
        venue = meeting.venue
        if venue is None:
            return None
        features = {name: getattr(venue, name) for name in venue.ACCESS_FEATURES}
        return {
            "name": venue.name,
            "address": venue.address,
            "postcode": venue.postcode,
            **features,
            "access_notes": venue.access_notes,
        }

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_online_link(self, meeting) -> str:
        """Only for people registered for the meeting and its organisers."""
        if not meeting.online_link:
            return ""
        return meeting.online_link if meeting.pk in self.context.get("link_visible", set()) else ""


class RegistrationSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "person",
            "person_name",
            "status",
            "status_changed_at",
            "access_needs",
            "formats",
            "other_language",
            "adjustments_detail",
            "companion_name",
            "dietary_needs",
        ]
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    attending = serializers.BooleanField()
    access_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=people_choices.AccessNeed.choices), required=False
    )
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=people_choices.Format.choices), required=False
    )
    other_language = serializers.CharField(max_length=80, required=False, allow_blank=True)
    adjustments_detail = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    companion_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    dietary_needs = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AttendanceSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, min_value=0, max_value=24
    )

    class Meta:
        model = Attendance
        fields = ["id", "person", "status", "hours", "recorded_at", "late_corrected_at"]
        read_only_fields = ["id", "recorded_at", "late_corrected_at"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "reference", "text", "meeting", "project", "body", "recorded_at"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "meeting",
            "project",
            "body",
            "decision",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "notes",
            "overdue",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("status", "notes")]

    def get_overdue(self, action) -> bool:
        return action.is_overdue()


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings the caller may see, soonest first; `?when=past` for past ones."""

    access_policy = MEETING_PAGE
    serializer_class = MeetingSerializer

    @extend_schema(parameters=[OpenApiParameter("when", str, enum=["upcoming", "past"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Meeting.objects.none()
        meetings = selectors.visible_meetings(self.request.user).select_related("project", "body", "venue")
        if self.request.query_params.get("when") == "past":
            return meetings.past().order_by("-starts_at", "-id")
        return meetings.order_by("starts_at", "id") if self.action == "retrieve" else meetings.upcoming()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        person = person_of(user)
        registered = (
            set(
                Registration.objects.filter(
                    person=person, status=choices.RegistrationStatus.REGISTERED
                ).values_list("meeting_id", flat=True)
            )
            if person
            else set()
        )
        organised = set(selectors.organisable_meetings(user).values_list("pk", flat=True))
        context["link_visible"] = registered | organised
        return context


def _organised_meeting(request, pk) -> Meeting:
    try:
        return selectors.meeting_for(request.user, pk, organise=True)
    except Http404:
        raise NotFound("No such meeting.") from None


class MeetingRegistrationsView(APIView):
    """GET: organisers see who is invited and registered, with the support each asked for. POST: the caller
    replies for themselves (attending true/false, with adjustments)."""

    access_policy = MEETING_PAGE

    @extend_schema(tags=["meetings"], responses=RegistrationSerializer(many=True))
    def get(self, request, pk):
        meeting = _organised_meeting(request, pk)
        rows = meeting.registrations.select_related("person").order_by("status", "person__name_search")
        return Response(RegistrationSerializer(rows, many=True).data)

    @extend_schema(tags=["meetings"], request=ReplySerializer, responses=RegistrationSerializer)
    def post(self, request, pk):
        if not MEMBER_MEETINGS.allows(request.user):
            raise NotFound("Join the network to reply to meetings.")
        try:
            meeting = selectors.meeting_for(request.user, pk)
        except Http404:
            raise NotFound("No such meeting.") from None
        reply = ReplySerializer(data=request.data)
        reply.is_valid(raise_exception=True)
        data = dict(reply.validated_data)
        attending = data.pop("attending")
        person = person_of(request.user)
        try:
            if attending:
                registration = services.register(
                    meeting, person, adjustments=data, actor=request.user, request=request
                )
            else:
                registration = services.withdraw(meeting, person, actor=request.user, request=request)
        except services.MeetingError as error:
            raise ValidationError({"detail": str(error)}) from None
        return Response(RegistrationSerializer(registration).data)


class MeetingAttendanceView(APIView):
    """Organisers read and record attendance (status and hours; hours default to the meeting's length)."""

    access_policy = MEETING_PAGE

    @extend_schema(tags=["meetings"], responses=AttendanceSerializer(many=True))
    def get(self, request, pk):
        meeting = _organised_meeting(request, pk)
        return Response(AttendanceSerializer(meeting.attendance.order_by("id"), many=True).data)

    @extend_schema(tags=["meetings"], request=AttendanceSerializer, responses=AttendanceSerializer)
    def post(self, request, pk):
        meeting = _organised_meeting(request, pk)
        serializer = AttendanceSerializer(data=request.data)
        serializer.fields["person"].queryset = selectors.attendance_people(meeting)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            row = services.record_attendance(
                meeting,
                data["person"],
                status=data["status"],
                hours=data.get("hours"),
                actor=request.user,
                request=request,
            )
        except services.MeetingError as error:
            raise ValidationError({"hours": str(error)}) from None
        return Response(AttendanceSerializer(row).data)


@extend_schema(tags=["meetings"], parameters=[OpenApiParameter("q", str, description="Words or a reference")])
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decisions from the meetings the caller may see, newest first."""

    access_policy = MEETING_PAGE
    serializer_class = DecisionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        decisions = Decision.objects.filter(meeting__in=selectors.visible_meetings(self.request.user))
        query = self.request.query_params.get("q", "")[:100]
        for word in selectors.normalise_text(query).split()[:8]:
            decisions = decisions.filter(text_search__contains=word)
        return decisions.order_by("-year", "-number")


@extend_schema(tags=["meetings"])
class ActionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The caller's own actions and those of meetings they organise. Owners and organisers may change an
    action's status and notes."""

    access_policy = MEETING_PAGE
    serializer_class = ActionSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        user = self.request.user
        person = person_of(user)
        mine = Q(meeting__in=selectors.organisable_meetings(user).values("pk"))
        if person is not None:
            mine |= Q(owner=person)
        return Action.objects.filter(mine).select_related("owner", "meeting").order_by("due_date", "id")

    def perform_update(self, serializer):
        action = serializer.instance
        if not self.request.user.has_perm("meetings.update_action", action):
            raise NotFound("No such action.")
        services.update_action(
            action, actor=self.request.user, request=self.request, **serializer.validated_data
        )

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return super().update(request, *args, **kwargs)
