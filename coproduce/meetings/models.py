"""Meetings and events of a project or a programme body: venue and access, agenda and papers, invitations and
registrations with adjustments, attendance (the source payments turn into claims), minutes, decisions and
actions, and each member's private calendar feed."""

import datetime
import secrets
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduce.people.models import normalise_text

from . import choices


class Body(models.Model):
    """A programme body that meets: the board, the champions network, the training programme."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=choices.BodyKind.choices)
    # Prefix of this body's decision references, e.g. BOARD-2026-014.
    code = models.CharField(max_length=10, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class BodyMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class BodyMembership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="body_memberships")
    role = models.CharField(max_length=10, choices=choices.BodyRole.choices, default=choices.BodyRole.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"], condition=Q(left_at__isnull=True), name="body_member_once"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Venue(models.Model):
    name = models.CharField(max_length=150)
    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    step_free = models.BooleanField("Step-free access", default=False)
    hearing_loop = models.BooleanField("Hearing loop", default=False)
    accessible_toilet = models.BooleanField("Accessible toilet", default=False)
    parking = models.BooleanField("Accessible parking", default=False)
    public_transport = models.BooleanField("Near public transport", default=False)
    quiet_room = models.BooleanField("Quiet room", default=False)
    access_notes = models.TextField("Access information", blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    ACCESS_FEATURES = (
        "step_free",
        "hearing_loop",
        "accessible_toilet",
        "parking",
        "public_transport",
        "quiet_room",
    )

    def access_features(self) -> list[tuple[str, bool]]:
        """(label, available) for each access feature, in a fixed order, for the meeting page."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.ACCESS_FEATURES
        ]


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        # A meeting takes place on one day, so one still to end started at most a day ago: the starts_at
        # bound lets this use the starts_at index instead of reading every meeting ever held.
        now = now or timezone.now()
        return self.filter(
            ends_at__gte=now, starts_at__gte=now - datetime.timedelta(days=1), cancelled_at__isnull=True
        )

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Meeting(models.Model):
    """A meeting or event of exactly one project or one body. Times are aware datetimes (stored UTC);
    forms take a date and clock times in Europe/London."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    title = models.CharField(max_length=150)
    purpose = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=choices.Mode.choices, default=choices.Mode.IN_PERSON)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    room = models.CharField("Room or where to go on arrival", max_length=150, blank=True)
    online_link = models.URLField("Online meeting link", max_length=500, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no limit")
    # A public event (a co-production week, a festival, a drop-in): listed on the public events page, where
    # anyone may book a place (coproduce.network holds those bookings).
    is_public = models.BooleanField("Public event", default=False, db_index=True)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_updated_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(project__isnull=False, body__isnull=True) | Q(project__isnull=True, body__isnull=False)
                ),
                name="meeting_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [
            # With ends_at and cancelled_at so "not ended yet" (selectors.not_ended: a starts_at range, then
            # ends_at), cancelled or not, is counted from the index alone: reading each future meeting's row
            # cost 0.75-0.9 ms a view of the organisers' list and of the API's at scale 25. Lists in starts_at
            # order use it as they used the index on starts_at alone.
            models.Index(
                fields=["starts_at", "ends_at", "cancelled_at"], name="meeting_starts_ends_cancelled"
            ),
            models.Index(fields=["venue", "starts_at"]),
            models.Index(fields=["project", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        """The project or body this meeting belongs to."""
        return self.project or self.body

    @property
    def duration_hours(self) -> Decimal:
        """The meeting's length in hours to two places: the default hours for attendance."""
        # Subtract in UTC: two times in the same zone subtract as wall-clock times, which is an hour out
        # across a clock change.
        elapsed = self.ends_at.astimezone(datetime.UTC) - self.starts_at.astimezone(datetime.UTC)
        seconds = Decimal(elapsed.total_seconds())
        return (seconds / Decimal(3600)).quantize(Decimal("0.01"))

    @property
    def is_online(self) -> bool:
        return self.mode in (choices.Mode.ONLINE, choices.Mode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.mode in (choices.Mode.IN_PERSON, choices.Mode.HYBRID)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    led_by = models.CharField(max_length=150, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


def paper_upload_to(paper, filename):
    # The uploaded name is never trusted: a random name under the meeting, keeping the checked extension.
    return f"meetings/papers/{paper.meeting_id}/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class UploadedDocument(models.Model):
    """A file checked by `uploads.check_paper` (a meeting paper, a course material) and the facts about the
    upload; an alternative format (easy read, large print, audio) points at its original. Each subclass
    declares its own `file` (where it is stored differs)."""

    alternative_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="alternatives"
    )
    format = models.CharField(
        max_length=12, choices=choices.PaperFormat.choices, default=choices.PaperFormat.STANDARD
    )
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def take_upload(self, uploaded, *, content_type: str, uploaded_by) -> None:
        """Put a checked upload in this row's file (stored now; the row is saved by the caller)."""
        self.original_name = (uploaded.name or self._meta.model_name)[:255]
        self.content_type, self.size = content_type, uploaded.size
        self.uploaded_by, self.uploaded_at = uploaded_by, timezone.now()
        self.file.save(uploaded.name, uploaded, save=False)


class Paper(UploadedDocument):
    """An uploaded meeting paper, perhaps for one agenda item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="papers"
    )
    description = models.TextField(blank=True)
    file = models.FileField(upload_to=paper_upload_to, max_length=300)


class RegistrationQuerySet(models.QuerySet):
    def coming(self):
        return self.filter(status=choices.RegistrationStatus.REGISTERED)

    def waiting(self):
        return self.filter(status=choices.RegistrationStatus.WAITING).order_by("status_changed_at", "id")


class Registration(models.Model):
    """One person's invitation to and reply for one meeting, with the adjustments they asked for (pre-filled
    from their profile, editable for this meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="meeting_registrations"
    )
    status = models.CharField(
        max_length=10, choices=choices.RegistrationStatus.choices, default=choices.RegistrationStatus.INVITED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    access_needs = models.JSONField(default=list, blank=True, help_text="people.choices.AccessNeed values")
    formats = models.JSONField(default=list, blank=True, help_text="people.choices.Format values")
    other_language = models.CharField(max_length=80, blank=True)
    adjustments_detail = models.TextField(blank=True)
    companion_name = models.CharField(max_length=150, blank=True)
    dietary_needs = models.CharField(max_length=200, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The officer who last replied for the person (by phone, letter or in person); empty when they replied
    # themselves.
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["status_changed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["meeting", "status"])]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


class Attendance(models.Model):
    """Whether one person took part in one meeting and for how many hours. Payments turn present rows into
    claims: recorded through services.record_attendance, whose transaction also writes the claim (payments
    receives signals.attendance_saved inside it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="meeting_attendance")
    status = models.CharField(max_length=10, choices=choices.AttendanceStatus.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    first_recorded_at = models.DateTimeField(default=timezone.now)
    # Set when a change is made after the correction window (settings COPRODUCE["ATTENDANCE_LATE_DAYS"]).
    late_corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="attendance_hours_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()} ({self.hours} h)"


class Decision(models.Model):
    """A decision taken at a meeting, numbered per project or body and year (e.g. BOARD-2026-014)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    # Copied from the meeting so numbering and the decision log filter without a join.
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=40, unique=True)
    text = models.TextField()
    text_search = models.TextField(blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "number"], name="decision_number_per_project"),
            models.UniqueConstraint(fields=["body", "year", "number"], name="decision_number_per_body"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.text_search = normalise_text(f"{self.reference} {self.text}")
        super().save(*args, **kwargs)


class Action(models.Model):
    """Something someone agreed to do at a meeting. Its owner may update its status and notes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_actions"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="meeting_actions")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=choices.ActionStatus.choices, default=choices.ActionStatus.OPEN
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["project", "status", "due_date"]),
            models.Index(fields=["body", "status", "due_date"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in choices.OPEN_ACTION_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())


class CalendarFeed(models.Model):
    """A member's private calendar feed. Only a hash of the token is kept; regenerating replaces it, which
    revokes the old address."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"calendar feed {self.pk}"
