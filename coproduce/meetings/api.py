"""Meetings through the API, with the page rules: a caller sees the meetings they may open on the website;
organisers read registrations (with adjustments) and record attendance; members reply for themselves and
update their own actions. Writes go through services, so each is audited once."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as viewset_action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.api.schema import query_choice
from coproduce.people import choices as people_choices
from coproduce.people import selectors as people_selectors
from coproduce.people.api import access_needs_field
from coproduce.people.models import Person

from . import selectors, services, uploads
from .models import Action, AgendaItem, Attendance, Decision, Meeting, Paper, Registration
from .rules import (
    MEETING_PAGE,
    MEMBER_MEETINGS,
    OFFICERS,
    ORGANISERS,
    is_meetings_officer,
    may_organise,
    person_of,
)


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
            *(name for name in services.MEETING_FIELDS if name not in ("title", "purpose", "organiser")),
            "cancelled_at",
            "minutes",
        ]
        read_only_fields = fields

    # What the serializer reads (the list reads no other column of a meeting, its project or its body).
    COLUMNS = (
        *Meta.fields[:3],
        *Meta.fields[4:],
        "project__title",
        "body__name",
    )

    def to_representation(self, meeting) -> dict:
        """The same as ModelSerializer's (tests/meetings/test_api.py compares them), built directly: DRF's
        walk over each field's source costs more than the rest of a fifty-meeting page."""
        timestamps = self._timestamp_fields()
        data = {"id": meeting.pk, "title": meeting.title, "purpose": meeting.purpose}
        data["belongs_to"] = self.get_belongs_to(meeting)
        for name in self.Meta.fields[4:]:
            if name == "venue":
                data[name] = self.get_venue(meeting)
            elif name == "online_link":
                data[name] = self.get_online_link(meeting)
            elif name in timestamps:
                value = getattr(meeting, name)
                data[name] = None if value is None else timestamps[name].to_representation(value)
            else:
                data[name] = getattr(meeting, name)
        return data

    def _timestamp_fields(self) -> dict:
        if not hasattr(self, "_timestamps"):
            fields = self.fields
            self._timestamps = {
                name: field for name, field in fields.items() if isinstance(field, serializers.DateTimeField)
            }
        return self._timestamps

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
        visible = self.context.get("sees_every_link") or meeting.pk in self.context.get("link_visible", set())
        return meeting.online_link if visible else ""


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
            *services.REPLY_FIELDS,
        ]
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    attending = serializers.BooleanField()
    access_needs = access_needs_field(required=False)
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
    # What could not follow the recording (e.g. the payment claim); the attendance is saved all the same.
    problems = serializers.SerializerMethodField()

    class Meta:
        model = Attendance
        fields = ["id", "person", "status", "hours", "recorded_at", "late_corrected_at", "problems"]
        read_only_fields = ["id", "recorded_at", "late_corrected_at"]

    def get_problems(self, attendance) -> list[str]:
        return list(getattr(attendance, "problems", []))


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "reference", "text", "meeting", "project", "body", "recorded_at"]
        read_only_fields = fields


# What only the meeting's organisers may change about an action; owners change its status and notes.
ORGANISER_FIELDS = ("description", "owner", "due_date")


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
        read_only_fields = [f for f in fields if f not in ("status", "notes", *ORGANISER_FIELDS)]
        extra_kwargs = {"owner": {"queryset": people_selectors.current_people()}}

    def get_overdue(self, action) -> bool:
        return action.is_overdue()


WHEN = ["upcoming", "past"]


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings the caller may see, soonest first; `?when=past` for past ones."""

    access_policy = MEETING_PAGE
    serializer_class = MeetingSerializer

    @extend_schema(parameters=[OpenApiParameter("when", str, enum=WHEN)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Meeting.objects.none()
        meetings = (
            selectors.visible_meetings(self.request.user)
            .select_related("project", "body", "venue")
            .only(*MeetingSerializer.COLUMNS)
        )
        if self.action == "list" and query_choice(self.request, "when", WHEN, default="upcoming") == "past":
            return meetings.past().order_by("-starts_at", "-id")
        return meetings.order_by("starts_at", "id") if self.action == "retrieve" else meetings.upcoming()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if is_meetings_officer(user):  # officers organise every meeting: no list of them needed
            context["sees_every_link"] = True
            return context
        person = person_of(user)
        registered = selectors.registered_meeting_ids(person)
        organised = selectors.meetings_organisable_by(user).values_list("pk", flat=True)
        context["link_visible"] = set(registered) | set(organised)
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
        if attending:
            registration = services.register(
                meeting, person, adjustments=data, actor=request.user, request=request
            )
        else:
            registration = services.withdraw(meeting, person, actor=request.user, request=request)
        return Response(RegistrationSerializer(registration).data)


class MeetingAttendanceView(APIView):
    """Organisers read and record attendance (status and hours; hours default to the meeting's length)."""

    refusal_field = "hours"  # where a service's refusal goes in the answer

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
        row = services.record_attendance(
            meeting,
            data["person"],
            status=data["status"],
            hours=data.get("hours"),
            actor=request.user,
            request=request,
        )
        return Response(AttendanceSerializer(row).data)


@extend_schema(tags=["meetings"], parameters=[OpenApiParameter("q", str, description="Words or a reference")])
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decisions from the meetings the caller may see, newest first."""

    access_policy = MEETING_PAGE
    serializer_class = DecisionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        query = self.request.query_params.get("q", "")[:100]
        return selectors.decisions_visible_to(self.request.user, query)


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
        return selectors.actions_of(user, person_of(user))

    def perform_update(self, serializer):
        action = serializer.instance
        user = self.request.user
        if not user.has_perm("meetings.update_action", action):
            raise NotFound("No such action.")
        changes = dict(serializer.validated_data)
        # Fields sent back unchanged (a client PATCHing what it read) are no attempt to change them.
        if any(name in changes and changes[name] != getattr(action, name) for name in ORGANISER_FIELDS):
            if not may_organise(user, action.meeting):
                raise PermissionDenied(
                    "Only the meeting's organisers change an action's text, owner or date."
                )
            if "owner" in changes:
                owner = changes.pop("owner")
                if not selectors.owners_for(action.meeting).filter(pk=owner.pk).exists():
                    raise ValidationError({"owner": "Choose someone from the team or group, or registered."})
                changes["owner_id"] = owner.pk
        services.update_action(action, actor=user, request=self.request, **changes)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return super().update(request, *args, **kwargs)


# --- Organisers' writes: the organiser, the agenda, papers, and replies on someone's behalf --------------


class OrganiserSerializer(serializers.Serializer):
    organiser = serializers.IntegerField(min_value=1, help_text="The user id of the new organiser")


class MeetingOrganiserView(APIView):
    """Hand the meeting to another organiser: an officer or administrator, a current staff lead or facilitator
    of its project, or a co-chair of the board for board meetings. Audited; the new organiser is emailed."""

    access_policy = ORGANISERS

    @extend_schema(tags=["meetings"], request=OrganiserSerializer, responses=MeetingSerializer)
    def post(self, request, pk):
        meeting = _organised_meeting(request, pk)
        data = OrganiserSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scope = {"projects": [meeting.project]} if meeting.project_id else {"bodies": [meeting.body]}
        organiser = (
            selectors.organiser_candidates(**scope).filter(pk=data.validated_data["organiser"]).first()
        )
        if organiser is None:
            raise ValidationError(
                {"organiser": f"Choose someone who may organise meetings of {meeting.owner}."}
            )
        services.change_organiser(meeting, organiser, actor=request.user, request=request)
        return Response(MeetingSerializer(meeting, context={"link_visible": {meeting.pk}}).data)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "description", "led_by", "minutes_allowed"]
        read_only_fields = ["id", "meeting", "order"]
        extra_kwargs = {"minutes_allowed": {"min_value": 1, "max_value": 600}}


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


def _organised_rows(user, model):
    return selectors.organised_rows(user, model)


@extend_schema(tags=["meetings"])
class AgendaItemViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Agenda items of meetings the caller organises: change the wording, move up or down, remove."""

    access_policy = ORGANISERS
    serializer_class = AgendaItemSerializer
    http_method_names = ["get", "patch", "post", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgendaItem.objects.none()
        return _organised_rows(self.request.user, AgendaItem)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        services.update_agenda_item(
            serializer.instance, actor=self.request.user, request=self.request, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.delete_agenda_item(instance, actor=self.request.user, request=self.request)

    @extend_schema(request=MoveSerializer, responses=AgendaItemSerializer(many=True))
    @viewset_action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Swap the item with the one before (up) or after (down) it; the answer is the agenda in order."""
        item = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        up = data.validated_data["direction"] == "up"
        if not services.move_agenda_item(item, up=up, actor=request.user, request=request):
            raise ValidationError({"direction": f"The item is already {'first' if up else 'last'}."})
        return Response(AgendaItemSerializer(item.meeting.agenda_items.all(), many=True).data)


class PaperSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True, required=False, help_text="A replacement file, checked like a new upload"
    )

    class Meta:
        model = Paper
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "alternative_of",
            "format",
            "title",
            "description",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
            "file",
        ]
        read_only_fields = [
            "id",
            "meeting",
            "agenda_item",
            "alternative_of",
            "format",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
        ]

    def validate_file(self, uploaded):
        try:
            self.context["content_type"] = uploads.check_paper(uploaded)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from None
        return uploaded


@extend_schema(tags=["meetings"])
class PaperViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Papers of meetings the caller organises: change the title or description, replace the file (multipart),
    or delete the paper with its alternative formats and stored files. New papers are uploaded on the
    website."""

    access_policy = ORGANISERS
    serializer_class = PaperSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Paper.objects.none()
        return _organised_rows(self.request.user, Paper)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        uploaded = changes.pop("file", None)
        services.update_paper(
            serializer.instance,
            actor=self.request.user,
            request=self.request,
            uploaded=uploaded,
            content_type=serializer.context.get("content_type", ""),
            **changes,
        )

    def perform_destroy(self, instance):
        services.delete_paper(instance, actor=self.request.user, request=self.request)


class ReplyOnBehalfSerializer(ReplySerializer):
    person = serializers.IntegerField(
        min_value=1, help_text="The person replying (by phone, letter or in person)"
    )


class OnBehalfView(APIView):
    """An officer replies for someone in the meeting's team or group (or already invited). Adjustments left
    out are taken from the person's profile. The registration records the officer as on behalf."""

    access_policy = OFFICERS

    @extend_schema(tags=["meetings"], request=ReplyOnBehalfSerializer, responses=RegistrationSerializer)
    def post(self, request, pk):
        meeting = _organised_meeting(request, pk)
        reply = ReplyOnBehalfSerializer(data=request.data)
        reply.is_valid(raise_exception=True)
        data = dict(reply.validated_data)
        person = selectors.people_to_reply_for(meeting).filter(pk=data.pop("person")).first()
        if person is None:
            raise ValidationError({"person": "Choose someone in the meeting's team or group."})
        attending = data.pop("attending")
        adjustments = {**selectors.adjustments_from_profile(person), **data}
        if attending:
            registration = services.register(
                meeting,
                person,
                adjustments=adjustments,
                actor=request.user,
                on_behalf=True,
                request=request,
            )
        else:
            registration = services.withdraw(
                meeting, person, actor=request.user, on_behalf=True, request=request
            )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_200_OK)
