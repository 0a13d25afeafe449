"""The co-produced training programme: courses (with their materials and the people with lived experience
who co-designed them), sessions of a course (each one a meeting of the training body underneath, so places,
the waiting list, access needs, reminders, attendance and claims work as for meetings), the co-trainers who
deliver a session, bookings (who a learner is and, for staff, their department and organisation), and
feedback after a session."""

import secrets
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduce.meetings.models import UploadedDocument

from . import choices


class Course(models.Model):
    title = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.TextField("What the course is about")
    audiences = models.JSONField(default=list, help_text="choices.Audience values")
    learning_outcomes = models.TextField(help_text="One a line")
    duration_hours = models.DecimalField("Length (hours)", max_digits=4, decimal_places=1)
    format = models.CharField(max_length=10, choices=choices.CourseFormat.choices)
    elearning_link = models.URLField("E-learning link", max_length=500, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_hours__gt=0), name="course_duration_positive"),
            models.CheckConstraint(
                condition=~Q(format="elearning") | ~Q(elearning_link=""), name="elearning_course_has_link"
            ),
        ]

    def __str__(self):
        return self.title

    def outcomes(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.learning_outcomes.splitlines() if line.strip(" -•\t")]

    def audience_labels(self) -> list[str]:
        names = dict(choices.Audience.choices)
        return [names[value] for value in self.audiences if value in names]


class CoDesigner(models.Model):
    """Someone (usually with lived experience) who co-designed a course. Named on the course's pages only
    with their consent; without it they are counted, not named."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="co_designers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="courses_co_designed")
    contribution = models.CharField(max_length=200, blank=True)
    consents_to_credit = models.BooleanField("Agreed to be named", default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="co_designer_once")]

    def __str__(self):
        return f"{self.person} ({self.course})"


def material_upload_to(material, filename):
    # The uploaded name is never trusted: a random name under the course, keeping the checked extension.
    return (
        f"training/materials/{material.course_id}/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"
    )


class Material(UploadedDocument):
    """A course's handout or slides, checked as meeting papers are."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to=material_upload_to, max_length=300)


class Session(models.Model):
    """One run of a course: a meeting of the training body underneath (date, venue or online link, places
    as its capacity), shown without agenda, minutes or decisions. Co-trainers' preparation is paid through a
    second meeting of the training body (`preparation_meeting`), so each claim stays one per person per
    meeting (docs/decisions/0015-training.md)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="training_session"
    )
    preparation_meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_preparation_for",
    )
    # Copied from the meeting so lists and reports filter and sort without a join.
    starts_at = models.DateTimeField(db_index=True)
    notes_for_trainers = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["course", "starts_at"])]

    def __str__(self):
        return f"{self.course} – {self.starts_at:%d %b %Y}"


class CoTrainer(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="co_trainers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_delivered")
    role = models.CharField(max_length=12, choices=choices.TrainerRole.choices)
    kind = models.CharField(max_length=20, choices=choices.TrainerKind.choices)
    preparation_hours = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="co_trainer_once_per_session"),
            models.CheckConstraint(
                condition=Q(preparation_hours__gte=0) & Q(preparation_hours__lte=24),
                name="preparation_hours_in_range",
            ),
        ]
        indexes = [models.Index(fields=["person", "session"])]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_paid(self) -> bool:
        return self.kind == choices.TrainerKind.LIVED_EXPERIENCE


class Booking(models.Model):
    """A learner's place (or place on the waiting list) on a session. The place itself is the meeting
    registration (status, adjustments); this row says who the learner is for the reports, and who booked."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_bookings")
    registration = models.OneToOneField(
        "meetings.Registration", on_delete=models.PROTECT, related_name="training_booking"
    )
    role = models.CharField(max_length=10, choices=choices.LearnerRole.choices)
    department = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "projects.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(default=timezone.now)
    # Copied from the session, so "trained over time" reports group without a join.
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["booked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_booking_per_session")]
        indexes = [models.Index(fields=["person", "starts_at"]), models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.person} on {self.session}"


class Feedback(models.Model):
    """One learner's answers about one session: once only (a second is refused). Ratings are 1 (very poor)
    to 5 (very good); the easy-read form asks the same questions in easier words."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="feedback")
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(choices=choices.Rating.choices)
    learned = models.PositiveSmallIntegerField(choices=choices.Rating.choices)
    accessible = models.PositiveSmallIntegerField(choices=choices.Rating.choices)
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=choices.FeedbackSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    # Copied from the session for feedback-over-time reports.
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__range=(1, 5)) & Q(learned__range=(1, 5)) & Q(accessible__range=(1, 5)),
                name="feedback_ratings_one_to_five",
            )
        ]
        indexes = [models.Index(fields=["session"]), models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"Feedback on {self.session_id}"


class ReportFigure(models.Model):
    """One figure of the training report, worked out from the bookings, answers and ledger by
    `services.refresh_report` (on a change, and nightly), so the report page reads a few hundred rows, not
    whole tables. People and courses are kept by id and named when shown (an erased name is never copied
    here). The row of table "refreshed" says when the figures were worked out."""

    table = models.CharField(max_length=30)
    key = models.PositiveIntegerField(null=True, blank=True)  # the course or person a row is about
    label = models.CharField(max_length=200, blank=True)  # a role, department or organisation
    detail = models.CharField(max_length=20, blank=True)  # the rate-card activity of a pay row
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)  # people trained, or answers given
    overall = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    learned = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    accessible = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["table", "id"]

    def __str__(self):
        return f"{self.table} {self.year}: {self.count}"
