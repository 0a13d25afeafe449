"""Training through the API, with the page rules: anyone signed in reads courses and sessions; learners book
and give feedback for themselves; officers and line managers book someone; officers create courses and record
attendance. Writes go through services, so each is audited once and refused with the same message."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coproduce.core.errors import ServiceError
from coproduce.meetings.choices import AttendanceStatus
from coproduce.people.models import Person
from coproduce.projects.models import Organisation

from . import choices, selectors, services
from .models import Booking, Course, Feedback, Session
from .rules import BOOKERS, OFFICERS, TRAINERS, is_training_officer, person_of


def _refused(error: ServiceError):
    response = Response({error.field or "detail": [error.message]}, status=error.status)
    return response


class CourseSerializer(serializers.ModelSerializer):
    audiences = serializers.ListField(
        child=serializers.ChoiceField(choices=choices.Audience.choices), allow_empty=False
    )

    class Meta:
        model = Course
        fields = ["id", "slug", *services.COURSE_FIELDS, "active"]
        read_only_fields = ["id", "slug", "active"]


class SessionSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="meeting.ends_at", read_only=True)
    mode = serializers.CharField(source="meeting.mode", read_only=True)
    venue = serializers.CharField(source="meeting.venue.name", read_only=True, default="")
    places = serializers.IntegerField(source="meeting.capacity", read_only=True)
    places_left = serializers.IntegerField(read_only=True, allow_null=True)
    cancelled = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "course",
            "course_title",
            "starts_at",
            "ends_at",
            "mode",
            "venue",
            "places",
            "places_left",
            "cancelled",
        ]
        read_only_fields = fields

    def get_cancelled(self, session) -> bool:
        return session.meeting.cancelled_at is not None


class BookingSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.current(), required=False)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    status = serializers.CharField(source="registration.status", read_only=True)
    waiting_list = serializers.BooleanField(write_only=True, default=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "session",
            "person",
            "role",
            "department",
            "organisation",
            "status",
            "booked_at",
            "waiting_list",
        ]
        read_only_fields = ["id", "session", "status", "booked_at"]


class TrainingAttendanceSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.current())
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = [
            "id",
            "booking",
            "overall",
            "learned",
            "accessible",
            "went_well",
            "could_be_better",
            "source",
            "submitted_at",
        ]
        read_only_fields = ["id", "booking", "source", "submitted_at"]


class TrainingScoresSerializer(serializers.Serializer):
    answers = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    overall = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    learned = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    accessible = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)


@extend_schema(tags=["training"])
class CourseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Courses on offer; officers add one."""

    access_policy = TRAINERS
    serializer_class = CourseSerializer

    def get_queryset(self):
        courses = Course.objects.order_by("title", "id")
        return courses if is_training_officer(self.request.user) else courses.filter(active=True)

    def create(self, request, *args, **kwargs):
        if not is_training_officer(request.user):
            raise PermissionDenied("Only co-production officers can add courses.")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            course = services.create_course(actor=request.user, request=request, **serializer.validated_data)
        except ServiceError as error:
            return _refused(error)
        return Response(self.get_serializer(course).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["training"])
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sessions of the courses on offer, soonest first, with the places left."""

    access_policy = TRAINERS
    serializer_class = SessionSerializer

    def get_queryset(self):
        return (
            Session.objects.select_related(*selectors.SESSION_RELATED)
            .filter(course__active=True)
            .order_by("starts_at", "id")
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.with_places(page if page is not None else self.get_queryset())
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        [session] = selectors.with_places([self.get_object()])
        return Response(self.get_serializer(session).data)


def _session(pk) -> Session:
    try:
        return selectors.session_by_pk(pk)
    except Exception:
        raise NotFound("No such session") from None


class SessionBookingsView(APIView):
    """GET: the session's bookings (officers and line managers) or the caller's own. POST: book the caller, or
    (officers and line managers) someone else; a full session puts them on the waiting list unless
    waiting_list is false, when it is refused."""

    access_policy = TRAINERS

    @extend_schema(tags=["training"], responses=BookingSerializer(many=True))
    def get(self, request, pk):
        session = _session(pk)
        if BOOKERS.allows(request.user):
            rows = selectors.bookings_of(session)
        else:
            own = selectors.booking_of(session, person_of(request.user))
            rows = [own] if own else []
        return Response(BookingSerializer(rows, many=True).data)

    @extend_schema(tags=["training"], request=BookingSerializer, responses=BookingSerializer)
    def post(self, request, pk):
        session = _session(pk)
        serializer = BookingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        me = person_of(request.user)
        person = data.get("person") or me
        on_behalf = person != me
        if person is None:
            raise ValidationError({"person": ["Say who to book."]})
        if on_behalf and not BOOKERS.allows(request.user):
            raise PermissionDenied("Only officers and line managers can book someone else.")
        try:
            booking = services.book(
                session,
                person,
                role=data["role"],
                department=data.get("department", ""),
                organisation=data.get("organisation"),
                waiting_list=data["waiting_list"],
                on_behalf=on_behalf,
                actor=request.user,
                request=request,
            )
        except ServiceError as error:
            return _refused(error)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class SessionAttendanceView(APIView):
    """Officers read and record who took part (learners and trainers); present co-trainers become claims at
    the training rate."""

    access_policy = OFFICERS

    @extend_schema(tags=["training"], responses=TrainingAttendanceSerializer(many=True))
    def get(self, request, pk):
        session = _session(pk)
        rows = selectors.attendance_by_person(session)
        return Response([{"person": person, "status": value} for person, value in rows.items()])

    @extend_schema(
        tags=["training"], request=TrainingAttendanceSerializer, responses=TrainingAttendanceSerializer
    )
    def post(self, request, pk):
        session = _session(pk)
        serializer = TrainingAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person, value = serializer.validated_data["person"], serializer.validated_data["status"]
        listed = {b.person_id for b in selectors.bookings_of(session)} | {
            t.person_id for t in selectors.trainers_of(session)
        }
        if person.pk not in listed:
            raise ValidationError({"person": ["This person is not booked on or training at this session."]})
        try:
            services.record_attendance(session, {person: value}, actor=request.user, request=request)
        except ServiceError as error:
            return _refused(error)
        return Response({"person": person.pk, "status": value})


class SessionFeedbackView(APIView):
    """Officers read a session's scores (hidden below the small-number threshold)."""

    access_policy = OFFICERS

    @extend_schema(tags=["training"], responses=TrainingScoresSerializer)
    def get(self, request, pk):
        scores = selectors.session_scores(_session(pk))
        return Response(
            TrainingScoresSerializer(
                {
                    "answers": scores.answers,
                    "suppressed": scores.suppressed,
                    "overall": scores.overall,
                    "learned": scores.learned,
                    "accessible": scores.accessible,
                }
            ).data
        )


class BookingFeedbackView(APIView):
    """A learner gives their feedback on a session they attended: once."""

    access_policy = TRAINERS

    @extend_schema(tags=["training"], request=FeedbackSerializer, responses={201: FeedbackSerializer})
    def post(self, request, pk):
        try:
            booking = selectors.booking_for_learner(request.user, pk)
        except Exception:
            raise NotFound("No such booking") from None
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            feedback = services.give_feedback(
                booking, actor=request.user, request=request, **serializer.validated_data
            )
        except ServiceError as error:
            return _refused(error)
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)
