"""Reads for the training pages, the API and the reports. Lists are resolved here (never a lazy queryset
iterated by a template) with related rows joined, so a page's query count does not grow with its rows."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from coproduce.core.errors import ServiceError
from coproduce.core.links import link
from coproduce.core.prepared import PreparedRows, Slot
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.meetings.choices import AttendanceStatus, BodyKind, RegistrationStatus
from coproduce.meetings.models import Attendance, Body
from coproduce.meetings.selectors import support_summary
from coproduce.payments.choices import Activity

from .choices import FeedbackSource, LearnerRole, TrainerKind
from .models import Booking, CoDesigner, CoTrainer, Course, Feedback, Material, ReportFigure, Session
from .rules import delivers_session, is_training_officer, person_of

LONDON = ZoneInfo("Europe/London")
ZERO = Decimal("0.00")
# Averages of fewer answers than this are not shown (one or two people could be recognised from them).
FEEDBACK_MIN_ANSWERS = 5
# Counts below this are shown as "fewer than 10" in reports.
SMALL_NUMBER = 10
SESSION_RELATED = ("course", "meeting", "meeting__venue", "meeting__organiser", "meeting__body")
COMING = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


# --- Pay (until payments' registry of pay activities is wired in) -----------------------------------------


def pay_activity_for(attendance: Attendance):
    """payments' pay-activity resolver (registered in apps.py): see pay_at_for."""
    from coproduce.payments.selectors import PayAt

    answer = pay_at_for(attendance)
    return None if answer is None else PayAt(*answer)


def pay_at_for(attendance: Attendance) -> tuple[str, Decimal] | None:
    """The activity and hours a present person's claim for a training meeting is paid at: co-trainers with
    lived experience at the training delivery rate (the session) or the preparation rate (its preparation
    meeting); staff trainers and learners for expenses only (no time payment). None: not a training meeting,
    or not present (payments' own rules apply)."""
    if attendance.status != AttendanceStatus.PRESENT:
        return None
    session = Session.objects.filter(meeting_id=attendance.meeting_id).only("pk").first()
    activity = Activity.TRAINING
    if session is None:
        session = Session.objects.filter(preparation_meeting_id=attendance.meeting_id).only("pk").first()
        activity = Activity.PREPARATION
    if session is None:
        return None
    kind = (
        CoTrainer.objects.filter(session=session, person_id=attendance.person_id)
        .values_list("kind", flat=True)
        .first()
    )
    if kind == TrainerKind.LIVED_EXPERIENCE:
        return activity, attendance.hours
    return "", ZERO


# --- Courses ---------------------------------------------------------------------------------------------


def course_list(*, include_inactive=False) -> list[Course]:
    """Courses with how many sessions are still to come (one query)."""
    now = timezone.now()
    courses = Course.objects.annotate(
        upcoming=Count(
            "sessions",
            filter=Q(sessions__starts_at__gte=now, sessions__meeting__cancelled_at__isnull=True),
        )
    )
    if not include_inactive:
        courses = courses.filter(active=True)
    return list(courses.order_by("title", "id"))


def course_by_slug(slug: str, *, include_inactive=False) -> Course:
    course = Course.objects.filter(slug=slug).first()
    if course is None or not (course.active or include_inactive):
        raise Http404("No such course")
    return course


def course_by_pk(pk: int) -> Course:
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404("No such course")
    return course


def materials_of(course: Course) -> list[Material]:
    """Originals with their alternative formats."""
    alternatives = Prefetch("alternatives", queryset=Material.objects.order_by("format", "id"))
    return list(course.materials.filter(alternative_of__isnull=True).prefetch_related(alternatives))


def material_for(user, pk: int) -> Material:
    """Materials are for anyone who may see the course (the course list is public)."""
    material = Material.objects.select_related("course").filter(pk=pk).first()
    if material is None or not (material.course.active or is_training_officer(user)):
        raise Http404("No such material")
    return material


@dataclass
class Credits:
    named: list
    unnamed: int


def credits(course: Course) -> Credits:
    """Co-designers named with their consent; the others only counted."""
    rows = list(course.co_designers.select_related("person").order_by("id"))
    return Credits(
        named=[row for row in rows if row.consents_to_credit and row.person.erased_at is None],
        unnamed=sum(1 for row in rows if not row.consents_to_credit or row.person.erased_at is not None),
    )


def co_designers(course: Course) -> list[CoDesigner]:
    return list(course.co_designers.select_related("person").order_by("id"))


def with_places(sessions) -> list[Session]:
    """`sessions` (one page) as a list, each with `booked` and `waiting` counted for that page only."""
    sessions = list(sessions)
    counts = defaultdict(dict)
    rows = (
        Booking.objects.filter(session__in=[s.pk for s in sessions], registration__status__in=COMING)
        .values_list("session", "registration__status")
        .annotate(n=Count("id"))
    )
    for session_id, status, n in rows:
        counts[session_id][status] = n
    for session in sessions:
        session.booked = counts[session.pk].get(RegistrationStatus.REGISTERED, 0)
        session.waiting = counts[session.pk].get(RegistrationStatus.WAITING, 0)
        capacity = session.meeting.capacity
        session.places_left = None if capacity is None else max(capacity - session.booked, 0)
    return sessions


def upcoming_sessions(course: Course | None = None, *, limit: int = 20) -> list[Session]:
    sessions = Session.objects.select_related(*SESSION_RELATED).filter(
        starts_at__gte=timezone.now(), meeting__cancelled_at__isnull=True
    )
    if course is not None:
        sessions = sessions.filter(course=course)
    return with_places(sessions.order_by("starts_at", "id")[:limit])


def sessions_for_officers(*, when: str = "", course_id: int | None = None):
    """A queryset (the view paginates it, then with_places the page)."""
    now = timezone.now()
    sessions = Session.objects.select_related(*SESSION_RELATED)
    if course_id:
        sessions = sessions.filter(course_id=course_id)
    if when == "past":
        return sessions.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    return sessions.filter(starts_at__gte=now).order_by("starts_at", "id")


def trainer_pool() -> list:
    """Who may be chosen as a trainer: the training programme's current members."""
    from coproduce.people.models import Person

    return list(
        Person.objects.current()
        .filter(body_memberships__body__kind=BodyKind.TRAINING, body_memberships__left_at__isnull=True)
        .distinct()
        .order_by("name_search", "id")
    )


def find_people(query: str) -> list:
    from coproduce.people.models import Person, normalise_text

    query = normalise_text(query)
    return list(Person.objects.current().filter(name_search__startswith=query)[:20]) if query else []


def person_by_pk(pk) -> object:
    from coproduce.people.models import Person

    person = (
        Person.objects.current().filter(pk=pk).first() if str(pk).isdigit() and len(str(pk)) < 10 else None
    )
    if person is None:
        raise Http404("No such person")
    return person


# --- A session -------------------------------------------------------------------------------------------


def session_by_pk(pk: int) -> Session:
    session = Session.objects.select_related(*SESSION_RELATED).filter(pk=pk).first()
    if session is None:
        raise Http404("No such session")
    return session


def session_for_officers(pk: int) -> Session:
    """A session with only the columns its officers' page shows (the whole course, meeting, venue,
    organiser and body rows cost more to build than to read)."""
    session = (
        Session.objects.select_related("course", "meeting", "meeting__venue", "meeting__organiser")
        .only(
            "notes_for_trainers",
            "course__title",
            *(f"meeting__{name}" for name in ("starts_at", "ends_at", "cancelled_at", "mode", "room")),
            "meeting__capacity",
            "meeting__venue__name",
            "meeting__organiser__full_name",
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def session_for_trainer(user, pk: int) -> Session:
    session = session_by_pk(pk)
    if not (is_training_officer(user) or delivers_session(user, session)):
        raise Http404("No such session")
    return session


def trainers_of(session: Session) -> list[CoTrainer]:
    return list(session.co_trainers.select_related("person").order_by("role", "id"))


def trainer_rows(session: Session) -> list[CoTrainer]:
    """The trainers as the session pages list them: only the columns shown (a person row is wide)."""
    return list(
        session.co_trainers.select_related("person")
        .only("session_id", "role", "kind", "preparation_hours", "person__full_name")
        .order_by("role", "id")
    )


def bookings_of(session: Session) -> list[Booking]:
    return list(
        Booking.objects.filter(session=session)
        .select_related("person", "registration", "organisation", "booked_by")
        .order_by("registration__status", "person__name_search", "id")
    )


@dataclass(frozen=True, slots=True)
class LearnerRow:
    """One learner on the officer's session page, its cells worked out once here rather than per cell in
    the template (the page's time was Python: whole Person, Registration, Organisation and User rows)."""

    pk: int
    person_id: int
    name: str
    status: str
    status_label: str
    booked_by: str  # who booked on the learner's behalf, or ""
    role_label: str
    workplace: str  # "department, organisation" for staff, or ""
    attendance_status: str
    certificate_url: str
    cancel_url: str


def learner_rows(session: Session, attendance: dict[int, str]) -> list[LearnerRow]:
    """The session's bookings as the officer's page lists them (the same order as `bookings_of`)."""
    statuses = dict(RegistrationStatus.choices)
    roles = dict(LearnerRole.choices)
    certificate = reverse("training_manage:certificate", args=[0]).replace("/0/", "/{}/")
    cancel = reverse("training_manage:booking_cancel", args=[0]).replace("/0/", "/{}/")
    rows = []
    for row in (
        Booking.objects.filter(session=session)
        .order_by("registration__status", "person__name_search", "id")
        .values_list(
            "id",
            "person_id",
            "person__full_name",
            "registration__status",
            "registration__on_behalf_by_id",
            "booked_by__full_name",
            "role",
            "department",
            "organisation__name",
        )
    ):
        pk, person_id, name, status, on_behalf, booked_by, role, department, organisation = row
        rows.append(
            LearnerRow(
                pk=pk,
                person_id=person_id,
                name=name,
                status=status,
                status_label=statuses.get(status, status),
                booked_by=booked_by if on_behalf else "",
                role_label=roles.get(role, role),
                workplace=f"{department}, {organisation or ''}" if department else "",
                attendance_status=attendance.get(person_id, ""),
                certificate_url=certificate.format(pk),
                cancel_url=cancel.format(pk),
            )
        )
    return rows


def places_left_of(session: Session, learners: list[LearnerRow]) -> int | None:
    """`places_left` from the learners already read (every booking of the session is in the list)."""
    capacity = session.meeting.capacity
    if capacity is None:
        return None
    taken = sum(1 for row in learners if row.status == RegistrationStatus.REGISTERED)
    return max(capacity - taken, 0)


def places_left(session: Session) -> int | None:
    capacity = session.meeting.capacity
    if capacity is None:
        return None
    taken = Booking.objects.filter(
        session=session, registration__status=RegistrationStatus.REGISTERED
    ).count()
    return max(capacity - taken, 0)


def support_for_trainers(session: Session) -> dict:
    """What the learners asked for, as the meetings' support summary shows it (registered people only)."""
    return support_summary(session.meeting)


def booking_of(session: Session, person) -> Booking | None:
    if person is None:
        return None
    return Booking.objects.select_related("registration").filter(session=session, person=person).first()


def attendance_status(session: Session, person) -> str | None:
    return (
        Attendance.objects.filter(meeting_id=session.meeting_id, person=person)
        .values_list("status", flat=True)
        .first()
    )


def attendance_by_person(session: Session) -> dict[int, str]:
    # No order: a dict by person (the default order joins the meeting for nothing).
    return dict(
        Attendance.objects.filter(meeting_id=session.meeting_id).order_by().values_list("person_id", "status")
    )


def attended(booking: Booking) -> bool:
    return Attendance.objects.filter(
        meeting_id=booking.session.meeting_id, person_id=booking.person_id, status=AttendanceStatus.PRESENT
    ).exists()


def preparation_of(session: Session) -> dict[int, str]:
    if session.preparation_meeting_id is None:
        return {}
    return dict(
        Attendance.objects.filter(meeting_id=session.preparation_meeting_id).values_list("person_id", "hours")
    )


def booking_for_learner(user, pk: int) -> Booking:
    person = person_of(user)
    booking = (
        Booking.objects.select_related(
            "session", "session__course", "session__meeting", "person", "registration"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None or person is None or booking.person_id != person.pk:
        raise Http404("No such booking")
    return booking


def booking_by_pk(pk: int) -> Booking:
    booking = (
        Booking.objects.select_related(
            "session", "session__course", "session__meeting", "person", "registration", "organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404("No such booking")
    return booking


# --- A person's training ---------------------------------------------------------------------------------


def training_of(person) -> list[Booking]:
    """The person's bookings, newest first, each with `attended` and `feedback_given`."""
    bookings = list(
        Booking.objects.filter(person=person)
        .select_related(
            "session", "session__course", "session__meeting", "session__meeting__venue", "registration"
        )
        .order_by("-starts_at", "-id")
    )
    present = set(
        Attendance.objects.filter(
            person=person,
            status=AttendanceStatus.PRESENT,
            meeting_id__in=[b.session.meeting_id for b in bookings],
        ).values_list("meeting_id", flat=True)
    )
    given = set(Feedback.objects.filter(booking__in=bookings).values_list("booking_id", flat=True))
    for booking in bookings:
        booking.attended = booking.session.meeting_id in present
        booking.feedback_given = booking.pk in given
    return bookings


def _bookings_with_delivered():
    present = Attendance.objects.filter(
        person_id=Slot("person"), status=AttendanceStatus.PRESENT, meeting_id=OuterRef("session__meeting_id")
    )
    delivered_count = (
        CoTrainer.objects.filter(person_id=Slot("person"))
        .order_by()
        .values("person_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Booking.objects.filter(person_id=Slot("person"))
        .annotate(attended=Exists(present), delivered=Subquery(delivered_count, output_field=IntegerField()))
        .order_by("-starts_at", "-id")
        .values_list("pk", "session__course__title", "session__starts_at", "attended", "delivered")
    )


# Compiled once per process (core.prepared): the profile page gathers seven apps' parts (decision 0011).
BOOKINGS_WITH_DELIVERED = PreparedRows(_bookings_with_delivered)


def courses_done(person) -> tuple[bool, list[dict], int]:
    """Whether `person` has booked any training, the bookings they attended, newest first (course, day,
    certificate), and how many sessions they helped deliver: one query of the columns shown, where
    `training_of` builds every booking whole. The co-trainer count rides on the booking rows as a subquery
    the database reads once (it is uncorrelated); someone who booked nothing is asked it on its own."""
    rows = BOOKINGS_WITH_DELIVERED.rows(person=person.pk)
    done = []
    for pk, title, starts_at, was_there, _ in rows:
        if was_there:
            done.append(
                {
                    "title": title,
                    "day": format_date(timezone.localtime(starts_at), "j F Y"),
                    "certificate_url": link("training:certificate", args=(pk,)),
                }
            )
    # No co-trainer row: the grouped subquery is empty (NULL) where COUNT would say 0.
    delivered = (rows[0][4] or 0) if rows else CoTrainer.objects.filter(person=person).count()
    return bool(rows), done, delivered


def delivered_by(person) -> list[CoTrainer]:
    return list(
        CoTrainer.objects.filter(person=person)
        .select_related("session", "session__course", "session__meeting")
        .order_by("-session__starts_at", "-id")
    )


def certificate_for(user, pk: int, *, officer=False) -> Booking:
    """A booking whose learner attended: their own, or any for officers."""
    booking = booking_by_pk(pk) if officer else booking_for_learner(user, pk)
    if not attended(booking):
        raise Http404("No certificate: the session was not attended")
    return booking


# --- Feedback results ------------------------------------------------------------------------------------

RATINGS = ("overall", "learned", "accessible")


@dataclass
class Scores:
    answers: int
    overall: Decimal | None = None
    learned: Decimal | None = None
    accessible: Decimal | None = None

    @property
    def suppressed(self) -> bool:
        return self.answers < FEEDBACK_MIN_ANSWERS


def _scores(row: dict) -> Scores:
    scores = Scores(answers=row["answers"])
    if not scores.suppressed:
        for name in RATINGS:
            value = row[name]
            setattr(scores, name, None if value is None else Decimal(value).quantize(Decimal("0.1")))
    return scores


@dataclass(frozen=True, slots=True)
class SessionFeedback:
    scores: Scores
    sources: dict[str, int]  # answers by route (label: count), every route listed
    comments: list[tuple[str, str]]  # (went well, could be better), empty while the scores are suppressed


def session_feedback(session: Session) -> SessionFeedback:
    """A session's feedback as its page shows it, from one read of its answers (at most one a learner, so
    few): the averages worked out exactly in Decimal, rounded half-even to a tenth as PostgreSQL's AVG was.
    The comments are read either way, so the page costs the same whether they are shown or not."""
    rows = list(
        Feedback.objects.filter(session=session)
        .order_by("submitted_at", "id")
        .values_list(*RATINGS, "source", "went_well", "could_be_better")
    )
    scores = Scores(answers=len(rows))
    if not scores.suppressed:
        for index, name in enumerate(RATINGS):
            mean = Decimal(sum(row[index] for row in rows)) / len(rows)
            setattr(scores, name, mean.quantize(Decimal("0.1")))
    routes = Counter(row[3] for row in rows)
    return SessionFeedback(
        scores=scores,
        sources={label: routes[value] for value, label in FeedbackSource.choices},
        comments=[] if scores.suppressed else [(row[4], row[5]) for row in rows if row[4] or row[5]],
    )


def session_scores(session: Session) -> Scores:
    return session_feedback(session).scores


def _by_year(feedback, key=None) -> list[tuple]:
    rows = (
        feedback.annotate(year=ExtractYear("starts_at", tzinfo=LONDON))
        .values(*(["year"] + ([key] if key else [])))
        .annotate(answers=Count("id"), **{name: Avg(name) for name in RATINGS})
        .order_by(*([key] if key else []), "year")
    )
    return [(row.get(key), row["year"], _scores(row)) for row in rows]


def course_scores_over_time(course: Course | None = None) -> list[tuple]:
    """(course id, year, Scores) for each course and year with feedback."""
    feedback = Feedback.objects.all() if course is None else Feedback.objects.filter(session__course=course)
    return _by_year(feedback, "session__course")


def trainer_scores_over_time(person=None) -> list[tuple]:
    """(person id, year, Scores) of the sessions each trainer delivered."""
    feedback = Feedback.objects.all()
    if person is not None:
        feedback = feedback.filter(session__co_trainers__person=person)
    return _by_year(feedback, "session__co_trainers__person")


def to_enter_on_paper(session: Session) -> list[Booking]:
    """Learners who attended and have not given feedback yet: whose paper form an officer may type in."""
    present = Attendance.objects.filter(
        meeting_id=session.meeting_id, status=AttendanceStatus.PRESENT
    ).values("person")
    return list(
        Booking.objects.filter(session=session, person__in=present, feedback__isnull=True)
        .select_related("person")
        .order_by("person__name_search", "id")
    )


def london_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(LONDON).date()


# --- Reports ---------------------------------------------------------------------------------------------

TRAINED_BY = {
    "course": ("session__course__title", "Course"),
    "role": ("role", "Role"),
    "organisation": ("organisation__name", "Organisation"),
    "department": ("department", "Department"),
}


# The ReportFigure table whose one row says when the report's figures were worked out.
REPORT_REFRESHED = "refreshed"


def report_refreshed_at():
    """When the training report's stored figures were last worked out (None before the first time)."""
    return (
        ReportFigure.objects.filter(table=REPORT_REFRESHED)
        .order_by("-refreshed_at")
        .values_list("refreshed_at", flat=True)
        .first()
    )


def report_figures() -> dict[str, list[ReportFigure]]:
    """The stored figures of the training report by table (one query)."""
    tables = defaultdict(list)
    for figure in ReportFigure.objects.order_by("table", "key", "label", "detail", "year", "id"):
        tables[figure.table].append(figure)
    return tables


def trained():
    """Bookings whose learner was recorded present: the people trained."""
    from django.db.models import Exists, OuterRef

    present = Attendance.objects.filter(
        meeting_id=OuterRef("session__meeting_id"),
        person_id=OuterRef("person_id"),
        status=AttendanceStatus.PRESENT,
    )
    return Booking.objects.filter(Exists(present))


def trained_by(dimension: str) -> list[tuple]:
    """(label, year, people trained) for one dimension of TRAINED_BY, years in London time."""
    field, _ = TRAINED_BY[dimension]
    rows = (
        trained()
        .annotate(year=ExtractYear("starts_at", tzinfo=LONDON))
        .values(field, "year")
        .order_by(field, "year")
        .annotate(n=Count("id"))
    )
    labels = dict(choices_for(dimension))
    return [(labels.get(row[field], row[field]) or "Not recorded", row["year"], row["n"]) for row in rows]


def choices_for(dimension: str):
    from .choices import LearnerRole

    return LearnerRole.choices if dimension == "role" else []


def people_named(ids) -> dict[int, str]:
    from coproduce.people.models import Person

    return dict(Person.objects.filter(pk__in=set(ids)).values_list("pk", "full_name"))


def course_titles() -> dict[int, str]:
    return dict(Course.objects.values_list("pk", "title"))


def co_trainer_pay() -> list[dict]:
    """What co-trainers were paid for delivery and preparation, from the ledger (payments' selectors). The
    meetings are passed as subqueries, never as a long list of ids."""
    from coproduce.payments.selectors import time_costs_for_meetings

    activities = [Activity.TRAINING, Activity.PREPARATION]
    delivered = time_costs_for_meetings(Session.objects.values("meeting_id"), activities)
    prepared = time_costs_for_meetings(
        Session.objects.filter(preparation_meeting__isnull=False).values("preparation_meeting_id"), activities
    )
    return sorted(delivered + prepared, key=lambda row: (row["person"], row["activity"], row["year"]))


def training_body() -> Body:
    """The training programme's group, which holds every session's meeting."""
    body = Body.objects.filter(kind=BodyKind.TRAINING).order_by("id").first()
    if body is None:
        raise ServiceError("There is no training programme group to hold sessions in.")
    return body


def staff_trained_between(starts: datetime.datetime, ends: datetime.datetime) -> int:
    """Staff trained (recorded present as learners) at sessions that started in [starts, ends), each person
    once: evaluation's "trained staff" indicator."""
    from .choices import LearnerRole

    return (
        trained()
        .filter(role=LearnerRole.STAFF, starts_at__gte=starts, starts_at__lt=ends)
        .values("person_id")
        .distinct()
        .count()
    )


def course_meeting_ids(course_id: int):
    """The meetings of a course's sessions, as a subquery (evaluation's survey results per course)."""
    return Session.objects.filter(course_id=course_id).values("meeting_id")


def trained_people():
    """Everyone recorded present as a learner at a session, as a Person queryset (evaluation profiles the
    diversity of the people trained)."""
    from coproduce.people.models import Person

    return Person.objects.filter(pk__in=trained().values("person_id"))
