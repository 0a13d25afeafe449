"""Writes for training. Each verb runs in one transaction and records its audit event there (field names
only, never values). The places, waiting list, reminders and attendance of a session are the meetings app's
(its services are called inside the same transaction); the money is payments' (its services set a claim's
activity and hours)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.meetings import selectors as meeting_selectors
from coproduce.meetings import services as meetings
from coproduce.meetings.choices import AttendanceStatus, Mode, RegistrationStatus
from coproduce.meetings.models import Meeting

from . import selectors
from .choices import WORKPLACE_ROLES, FeedbackSource
from .models import Booking, CoDesigner, CoTrainer, Course, Feedback, Material, ReportFigure, Session

ZERO = Decimal("0.00")
COURSE_FIELDS = (
    "title",
    "summary",
    "audiences",
    "learning_outcomes",
    "duration_hours",
    "format",
    "elearning_link",
)


def _refusal(error: Exception, field: str | None = None) -> ServiceError:
    if isinstance(error, ValidationError):
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        name, texts = next(iter(messages.items()))
        return ServiceError(texts[0], field=field or (name if name != "__all__" else None))
    return ServiceError(str(error), field=field)


# --- Courses ---------------------------------------------------------------------------------------------


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:150] or "course"
    slug, n = base, 1
    while Course.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_course(fields: dict) -> None:
    if fields.get("format") == "elearning" and not fields.get("elearning_link"):
        raise ServiceError("Enter the e-learning link for an e-learning course", field="elearning_link")
    if not fields.get("audiences"):
        raise ServiceError("Choose who the course is for", field="audiences")


def create_course(*, actor, request=None, **fields) -> Course:
    _check_course(fields)
    try:
        with transaction.atomic(durable=True):
            course = Course.objects.create(slug=_unique_slug(fields["title"]), created_by=actor, **fields)
            record(
                "training.course_created",
                actor=actor,
                obj=course,
                changed_fields=list(fields),
                request=request,
            )
    except IntegrityError:
        raise ServiceError("There is already a course with this title", field="title") from None
    return course


def update_course(course: Course, *, actor, request=None, **changes) -> list[str]:
    _check_course({name: getattr(course, name) for name in COURSE_FIELDS} | changes)
    changed = [name for name, value in changes.items() if getattr(course, name) != value]
    if not changed:
        return []
    try:
        with transaction.atomic(durable=True):
            for name in changed:
                setattr(course, name, changes[name])
            if "title" in changed:
                course.slug = _unique_slug(course.title, exclude_pk=course.pk)
            course.save()
            record(
                "training.course_changed", actor=actor, obj=course, changed_fields=changed, request=request
            )
    except IntegrityError:
        raise ServiceError("There is already a course with this title", field="title") from None
    return changed


def add_co_designer(
    course: Course, person, *, contribution="", consents_to_credit=False, actor, request=None
):
    """Credit someone as a co-designer of the course; named publicly only if they agreed."""
    if CoDesigner.objects.filter(course=course, person=person).exists():
        raise ServiceError(f"{person} is already credited on this course", field="person")
    with transaction.atomic(durable=True):
        row = CoDesigner.objects.create(
            course=course,
            person=person,
            contribution=contribution,
            consents_to_credit=consents_to_credit,
            consent_recorded_at=timezone.now() if consents_to_credit else None,
            added_by=actor,
        )
        record(
            "training.co_designer_added",
            actor=actor,
            obj=row,
            changed_fields=["person", "contribution", "consents_to_credit"],
            request=request,
        )
    return row


def remove_co_designer(row: CoDesigner, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        record(
            "training.co_designer_removed", actor=actor, obj=row, changed_fields=["person"], request=request
        )
        row.delete()


def add_material(course: Course, *, uploaded, content_type: str, actor, request=None, **fields) -> Material:
    """Store a checked upload (meetings.uploads.check_paper) as a material of the course."""
    original = fields.get("alternative_of")
    if original is not None and (original.course_id != course.pk or original.alternative_of_id is not None):
        raise ServiceError("Choose a material of this course to add a format of", field="alternative_of")
    with transaction.atomic(durable=True):
        material = Material(course=course, **fields)
        material.take_upload(uploaded, content_type=content_type, uploaded_by=actor)
        material.save()
        record(
            "training.material_added",
            actor=actor,
            obj=material,
            changed_fields=["file", *fields],
            request=request,
        )
    return material


def delete_material(material: Material, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        files = [material, *material.alternatives.all()]
        for each in files:
            record(
                "training.material_deleted", actor=actor, obj=each, changed_fields=["file"], request=request
            )
        names, storage = [each.file.name for each in files], material.file.storage
        material.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


# --- Sessions --------------------------------------------------------------------------------------------


def _check_trainers(trainers) -> None:
    """`trainers`: (person, role, kind) for each co-trainer."""
    if not trainers:
        raise ServiceError("Add at least one trainer: a session cannot run without one", field="trainers")
    people = [person.pk for person, _, _ in trainers]
    if len(set(people)) != len(people):
        raise ServiceError("Each trainer can be added once", field="trainers")


def _check_places(capacity) -> None:
    if capacity is None or capacity < 1:
        raise ServiceError("Enter how many places there are, 1 or more", field="capacity")


def create_session(
    course: Course, *, trainers, actor, request=None, notes_for_trainers: str = "", **meeting_fields
) -> Session:
    """A session of `course`: a meeting of the training body (without agenda or decisions) and its trainers.
    Refused with no trainer or no places."""
    _check_trainers(trainers)
    _check_places(meeting_fields.get("capacity"))
    with transaction.atomic(durable=True):
        meeting = Meeting(
            body=selectors.training_body(), title=course.title, purpose=course.summary, **meeting_fields
        )
        try:
            meetings.save_meeting(meeting, actor=actor, request=request)
        except (ValidationError, meetings.MeetingError) as error:
            raise _refusal(error) from None
        session = Session.objects.create(
            course=course, meeting=meeting, starts_at=meeting.starts_at, notes_for_trainers=notes_for_trainers
        )
        CoTrainer.objects.bulk_create(
            CoTrainer(session=session, person=person, role=role, kind=kind) for person, role, kind in trainers
        )
        record(
            "training.session_created",
            actor=actor,
            obj=session,
            changed_fields=["course", "meeting", "co_trainers"],
            request=request,
        )
    return session


def update_session(
    session: Session, *, actor, request=None, notes_for_trainers=None, **meeting_changes
) -> list[str]:
    """Change the session's date, place or places (through the meeting, which tells everyone coming and gives
    freed places to the waiting list)."""
    if "capacity" in meeting_changes:
        _check_places(meeting_changes["capacity"])
        coming = session.meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if meeting_changes["capacity"] < coming:
            raise ServiceError(
                f"{coming} people already have a place: the session needs at least {coming} places",
                field="capacity",
            )
    meeting = session.meeting
    changed = [name for name, value in meeting_changes.items() if getattr(meeting, name) != value]
    with transaction.atomic(durable=True):
        if changed:
            for name in changed:
                setattr(meeting, name, meeting_changes[name])
            try:
                meetings.save_meeting(meeting, actor=actor, request=request, changed_fields=changed)
            except (ValidationError, meetings.MeetingError) as error:
                raise _refusal(error) from None
            if "starts_at" in changed:
                session.starts_at = meeting.starts_at
                Booking.objects.filter(session=session).update(starts_at=meeting.starts_at)
                Feedback.objects.filter(session=session).update(starts_at=meeting.starts_at)
        if notes_for_trainers is not None and notes_for_trainers != session.notes_for_trainers:
            session.notes_for_trainers = notes_for_trainers
            changed.append("notes_for_trainers")
        if changed:
            session.save()
            record(
                "training.session_changed", actor=actor, obj=session, changed_fields=changed, request=request
            )
    return changed


def set_trainers(session: Session, trainers, *, actor, request=None) -> None:
    """Replace the session's trainers (each (person, role, kind)); a session always keeps one."""
    _check_trainers(trainers)
    booked = set(
        Booking.objects.filter(session=session, person__in=[p for p, _, _ in trainers])
        .exclude(registration__status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED])
        .values_list("person__full_name", flat=True)
    )
    if booked:
        raise ServiceError(f"{sorted(booked)[0]} is booked on this session as a learner", field="trainers")
    with transaction.atomic(durable=True):
        kept = {row.person_id: row for row in session.co_trainers.all()}
        wanted = {person.pk for person, _, _ in trainers}
        session.co_trainers.exclude(person_id__in=wanted).delete()
        for person, role, kind in trainers:
            row = kept.get(person.pk) or CoTrainer(session=session, person=person)
            row.role, row.kind = role, kind
            row.save()
        record(
            "training.trainers_changed",
            actor=actor,
            obj=session,
            changed_fields=["co_trainers"],
            request=request,
        )


def cancel_session(session: Session, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        try:
            meetings.cancel_meeting(session.meeting, actor=actor, request=request)
        except meetings.MeetingError as error:
            raise ServiceError(str(error)) from None
        record(
            "training.session_cancelled",
            actor=actor,
            obj=session,
            changed_fields=["cancelled_at"],
            request=request,
        )


# --- Bookings --------------------------------------------------------------------------------------------


def book(
    session: Session,
    person,
    *,
    role: str,
    actor,
    department: str = "",
    organisation=None,
    adjustments: dict | None = None,
    waiting_list: bool = True,
    on_behalf: bool = False,
    request=None,
) -> Booking:
    """Book `person` a place, or a place on the waiting list when the session is full (`waiting_list`;
    otherwise a full session is refused). Staff and partners' bookings carry their department and
    organisation. `on_behalf`: an officer or line manager booked them. Adjustments start from the
    person's profile."""
    department = (department or "").strip()
    if role in WORKPLACE_ROLES:
        if not department:
            raise ServiceError("Enter the department they work in", field="department")
        if organisation is None:
            raise ServiceError("Choose the organisation they work for", field="organisation")
    if session.co_trainers.filter(person=person).exists():
        raise ServiceError(f"{person} is a trainer on this session, so cannot book it", field="person")
    if adjustments is None:
        adjustments = meetings.adjustments_from_profile(person)
    with transaction.atomic(durable=True):
        meeting = Meeting.objects.select_for_update().get(pk=session.meeting_id)
        existing = (
            Booking.objects.select_related("registration").filter(session=session, person=person).first()
        )
        if existing is not None and existing.registration.status in (
            RegistrationStatus.REGISTERED,
            RegistrationStatus.WAITING,
        ):
            raise ConflictError(f"{person} is already booked on this session", field="person")
        if not waiting_list and meetings.places_left(meeting) == 0:
            raise ServiceError("This session is full: there are no places left", field="person")
        try:
            registration = meetings.register(
                meeting, person, adjustments=adjustments, actor=actor, on_behalf=on_behalf, request=request
            )
        except meetings.MeetingError:
            raise ServiceError(
                "This session is not taking bookings: it has been cancelled or has ended"
            ) from None
        booking = existing or Booking(session=session, person=person, registration=registration)
        booking.role, booking.department = role, department
        booking.organisation = organisation if role in WORKPLACE_ROLES else None
        booking.department = department if role in WORKPLACE_ROLES else ""
        booking.booked_by, booking.booked_at, booking.starts_at = actor, timezone.now(), session.starts_at
        booking.save()
        record(
            "training.booked" if registration.status == RegistrationStatus.REGISTERED else "training.waiting",
            actor=actor,
            obj=booking,
            changed_fields=["role", "department", "organisation", *(["booked_by"] if on_behalf else [])],
            request=request,
        )
    return booking


def cancel_booking(booking: Booking, *, actor, on_behalf=False, request=None) -> Booking:
    """Give up a place (or leave the waiting list); the first person waiting gets a freed place."""
    if booking.registration.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING):
        raise ConflictError("This booking has already been cancelled")
    with transaction.atomic(durable=True):
        try:
            meetings.withdraw(
                booking.session.meeting, booking.person, actor=actor, on_behalf=on_behalf, request=request
            )
        except meetings.MeetingError as error:
            raise ServiceError(str(error)) from None
        record(
            "training.booking_cancelled", actor=actor, obj=booking, changed_fields=["status"], request=request
        )
    booking.registration.refresh_from_db()
    return booking


# --- Attendance and pay ----------------------------------------------------------------------------------


def record_attendance(session: Session, marks: dict, *, actor, request=None) -> int:
    """Record who took part: `marks` maps a person to an AttendanceStatus (learners and trainers alike).
    Hours are the session's length for people present. Returns how many rows changed."""
    if session.meeting.cancelled_at is not None:
        raise ServiceError("This session was cancelled, so there is no attendance to record.")
    if session.meeting.starts_at > timezone.now():
        raise ServiceError("Attendance can be recorded once the session has started.")
    changed = 0
    with transaction.atomic(durable=True):
        for person, status in marks.items():
            if status not in AttendanceStatus.values:
                raise ServiceError("Choose present, apologies or absent for each person", field="attendance")
            before = selectors.attendance_status(session, person)
            try:
                meetings.record_attendance(
                    session.meeting, person, status=status, actor=actor, request=request
                )
            except meetings.MeetingError as error:
                raise ServiceError(str(error)) from None
            changed += before != status
        record(
            "training.attendance_recorded",
            actor=actor,
            obj=session,
            changed_fields=["attendance"],
            request=request,
        )
        _refresh_report_on_commit()
    return changed


def record_preparation(
    session: Session, hours_by_trainer: dict, *, day: datetime.date, actor, request=None
) -> Meeting:
    """Record the preparation hours of the session's paid co-trainers. Preparation is paid through a
    meeting of the training body of its own ("Preparing: <course>"), so each co-trainer's preparation is a
    claim of its own at the preparation rate while claims stay one per person per meeting. Attendance there
    (hours per co-trainer) becomes the claims, through payments' usual approval."""
    trainers = {row.person_id: row for row in session.co_trainers.select_related("person")}
    for person_id, hours in hours_by_trainer.items():
        if person_id not in trainers:
            raise ServiceError("Preparation can only be recorded for the session's trainers", field="hours")
        if hours is None or not ZERO <= hours <= Decimal("24"):
            raise ServiceError("Preparation hours must be between 0 and 24", field="hours")
    if day > timezone.localdate():
        raise ServiceError("The preparation date cannot be in the future", field="day")
    with transaction.atomic(durable=True):
        session = Session.objects.select_for_update().get(pk=session.pk)
        meeting = session.preparation_meeting
        longest = max([hours for hours in hours_by_trainer.values()] + [Decimal("1")])
        starts = meeting_selectors.london_datetime(day, datetime.time(9, 0))
        ends = starts + datetime.timedelta(hours=float(min(longest, Decimal("14"))))
        if meeting is None:
            meeting = Meeting(
                body=session.meeting.body,
                title=f"Preparing: {session.course.title}",
                purpose=f"Co-trainers' preparation for the session on {session.starts_at:%d %B %Y}.",
                starts_at=starts,
                ends_at=ends,
                mode=Mode.ONLINE,
                organiser=session.meeting.organiser,
            )
            meetings.save_meeting(meeting, actor=actor, request=request)
            session.preparation_meeting = meeting
            session.save(update_fields=["preparation_meeting"])
        elif meeting.starts_at != starts:
            meeting.starts_at, meeting.ends_at = starts, ends
            meetings.save_meeting(
                meeting, actor=actor, request=request, changed_fields=["starts_at", "ends_at"]
            )
        for person_id, hours in hours_by_trainer.items():
            row = trainers[person_id]
            row.preparation_hours = hours
            row.save(update_fields=["preparation_hours"])
            status = AttendanceStatus.PRESENT if hours > 0 else AttendanceStatus.ABSENT
            meetings.record_attendance(
                meeting, row.person, status=status, hours=hours, actor=actor, request=request
            )
        record(
            "training.preparation_recorded",
            actor=actor,
            obj=session,
            changed_fields=["preparation_hours"],
            request=request,
        )
        _refresh_report_on_commit()
    return meeting


# --- Feedback --------------------------------------------------------------------------------------------


def give_feedback(
    booking: Booking,
    *,
    overall: int,
    learned: int,
    accessible: int,
    went_well: str = "",
    could_be_better: str = "",
    source: str = FeedbackSource.ONLINE,
    actor,
    request=None,
) -> Feedback:
    """A learner's answers about a session they attended: once only. An officer types in a paper form with
    `source=paper` (recorded as entered by them)."""
    for name, value in (("overall", overall), ("learned", learned), ("accessible", accessible)):
        if value not in range(1, 6):
            raise ServiceError("Choose an answer from 1 to 5", field=name)
    if source not in FeedbackSource.values:
        raise ServiceError("Choose how the answers were given", field="source")
    if not selectors.attended(booking):
        raise ServiceError("Feedback can only be given by someone who attended the session", field="booking")
    if Feedback.objects.filter(booking=booking).exists():
        raise ConflictError("Feedback has already been given for this session", field="booking")
    try:
        with transaction.atomic(durable=True):
            feedback = Feedback.objects.create(
                session_id=booking.session_id,
                booking=booking,
                overall=overall,
                learned=learned,
                accessible=accessible,
                went_well=went_well.strip(),
                could_be_better=could_be_better.strip(),
                source=source,
                entered_by=actor if source == FeedbackSource.PAPER else None,
                starts_at=booking.starts_at,
            )
            record(
                "training.feedback_given",
                actor=actor,
                obj=feedback,
                changed_fields=["overall", "learned", "accessible", "went_well", "could_be_better", "source"],
                request=request,
            )
            _refresh_report_on_commit()
    except IntegrityError:
        raise ConflictError("Feedback has already been given for this session", field="booking") from None
    return feedback


# --- The report's figures ---------------------------------------------------------------------------------


def refresh_report(*, actor=None, request=None) -> int:
    """Work out the training report's figures again (people trained by each dimension and year, feedback
    scores by course and trainer and year, co-trainers' pay from the ledger) and replace the stored ones.
    Run after attendance, preparation or feedback changes (on commit, as a task) and by the nightly task, for
    pay approved in payments. Returns how many figures there are."""
    now = timezone.now()
    figures = [
        ReportFigure(table=f"trained-by-{key}", label=str(label)[:200], year=year, count=n, refreshed_at=now)
        for key in selectors.TRAINED_BY
        for label, year, n in selectors.trained_by(key)
    ]
    for table, rows in (
        ("feedback-by-course", selectors.course_scores_over_time()),
        ("feedback-by-trainer", selectors.trainer_scores_over_time()),
    ):
        figures += [
            ReportFigure(
                table=table,
                key=key,
                year=year,
                count=scores.answers,
                overall=scores.overall,
                learned=scores.learned,
                accessible=scores.accessible,
                refreshed_at=now,
            )
            for key, year, scores in rows
        ]
    figures += [
        ReportFigure(
            table="co-trainer-pay",
            key=row["person"],
            detail=row["activity"],
            year=row["year"],
            amount=row["net"],
            refreshed_at=now,
        )
        for row in selectors.co_trainer_pay()
    ]
    figures.append(ReportFigure(table=selectors.REPORT_REFRESHED, refreshed_at=now))
    with transaction.atomic():
        ReportFigure.objects.all().delete()
        ReportFigure.objects.bulk_create(figures, batch_size=500)
        record(
            "training.report_refreshed",
            actor=actor,
            obj=("training.report", now.date().isoformat()),
            changed_fields=["figures"],
            request=request,
        )
    return len(figures) - 1


def _refresh_report_on_commit() -> None:
    """Queue one refresh after the commit. While one is queued and not started, further changes queue no
    other (a morning's attendance marks make one refresh, not one each): the task clears the flag as it
    starts, so a change after that queues the next."""
    from .tasks import REFRESH_QUEUED, refresh_training_report

    def queue():
        if cache.add(REFRESH_QUEUED, True, timeout=3600):
            refresh_training_report.enqueue()

    transaction.on_commit(queue)


def record_report_export(name: str, *, actor, request=None) -> None:
    """Every download of a training report is audited (it names people and what they were paid)."""
    with transaction.atomic(durable=True):
        record(
            "training.report_exported",
            actor=actor,
            obj=("training.report", name[:64]),
            changed_fields=[name],
            request=request,
        )
