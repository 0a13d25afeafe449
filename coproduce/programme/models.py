"""The programme above the projects (its record, the seven shifts, senior commitment), the co-production
board that checks and challenges it (terms of reference, membership terms, recruitment, forward plan,
challenges) and the concordat people and organisations sign."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from . import choices


class Programme(models.Model):
    """The one programme record (the first row is the programme)."""

    name = models.CharField(max_length=150)
    started_on = models.DateField()
    description = models.TextField(blank=True)
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cost_centres = models.CharField(
        max_length=300,
        blank=True,
        help_text="The cost centres the programme's money is held in, comma separated",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name

    @property
    def cost_centre_list(self) -> list[str]:
        return [code.strip() for code in self.cost_centres.split(",") if code.strip()]


class TeamMember(models.Model):
    """Someone on the co-production team that runs the programme, and their role there."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="programme_roles")
    role = models.CharField(max_length=120)
    joined_on = models.DateField(default=datetime.date.today)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "person"], name="programme_team_once")]

    def __str__(self):
        return f"{self.person} ({self.role})"


class ShiftRecord(models.Model):
    """Where the programme stands on one of the seven shifts, who owns it and the dated notes on it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="shifts")
    shift = models.CharField(max_length=20, choices=choices.Shift.choices)
    owner = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_shifts"
    )
    status = models.CharField(
        max_length=12, choices=choices.ShiftStatus.choices, default=choices.ShiftStatus.NOT_STARTED
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["programme", "shift"], name="one_record_per_shift")]

    def __str__(self):
        return self.get_shift_display()


class ShiftNote(models.Model):
    shift = models.ForeignKey(ShiftRecord, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField()
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-id"]

    def __str__(self):
        return f"{self.shift} note of {self.noted_on}"


class Sponsor(models.Model):
    """A named senior sponsor of the programme (shift 1)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")), name="sponsor_until_after_since"
            )
        ]

    def __str__(self):
        return self.name


class Commitment(models.Model):
    """A commitment on record (a line of the corporate plan or a strategy), with its source and review."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField("What was committed")
    source = models.CharField(
        max_length=200, help_text="For example, Corporate plan 2025 to 2029, priority 3"
    )
    made_on = models.DateField()
    made_by = models.CharField(max_length=150)
    review_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["review_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gt=F("made_on")), name="commitment_review_after_made"
            )
        ]

    def __str__(self):
        return self.source


# --- The board ------------------------------------------------------------------------------------------


class TermsOfReference(models.Model):
    """One version of the board's terms of reference, approved at a board meeting (a decision there)."""

    version = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    what_changed = models.TextField(blank=True)
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.PROTECT, related_name="terms_of_reference"
    )
    approved_on = models.DateField()
    review_due = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name_plural = "terms of reference"

    def __str__(self):
        return f"Terms of reference, version {self.version}"


class BoardTermQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today, left_on__isnull=True)


class BoardTerm(models.Model):
    """A term of office on the board. A renewal is a new term that follows on from the one it renews."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="board_terms")
    role = models.CharField(max_length=20, choices=choices.BoardRole.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    renews = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewed_by"
    )
    left_on = models.DateField(null=True, blank=True)
    organisation = models.CharField(max_length=150, blank=True, help_text="For staff and partner members")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = BoardTermQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="board_term_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.left_on is None and self.starts_on <= today <= self.ends_on


class Recruitment(models.Model):
    """Someone's way onto the board: each step dated as it happens."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="board_recruitment")
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    step = models.CharField(max_length=14, choices=choices.RecruitmentStep.choices)
    interest_on = models.DateField()
    observed_on = models.DateField(null=True, blank=True)
    observed_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversation_on = models.DateField(null=True, blank=True)
    induction_on = models.DateField(null=True, blank=True)
    member_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-interest_on", "id"]

    def __str__(self):
        return f"{self.person}: {self.get_step_display()}"

    def step_dates(self) -> list[tuple[str, datetime.date | None]]:
        return [(label, getattr(self, f"{value}_on")) for value, label in choices.RecruitmentStep.choices]


class PlanItem(models.Model):
    """An item on the board's forward plan, planned for a board meeting (and on its agenda)."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    led_by = models.CharField(max_length=150, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="plan_items")
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_item"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting__starts_at", "id"]

    def __str__(self):
        return self.title


class Challenge(models.Model):
    """Check and challenge: a board member's question, concern or recommendation to a project, the
    project lead's response by a date, and the outcome the board records."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="challenges")
    kind = models.CharField(max_length=16, choices=choices.ChallengeKind.choices)
    text = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateField()
    status = models.CharField(
        max_length=10,
        choices=choices.ChallengeStatus.choices,
        default=choices.ChallengeStatus.AWAITING_RESPONSE,
    )
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=choices.ChallengeOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges"
    )
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["project", "status"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.project}"

    @property
    def is_open(self) -> bool:
        return self.status != choices.ChallengeStatus.CLOSED

    def is_overdue(self, today=None) -> bool:
        return self.status == choices.ChallengeStatus.AWAITING_RESPONSE and self.respond_by < (
            today or timezone.localdate()
        )


# --- The concordat ----------------------------------------------------------------------------------------


class ConcordatVersion(models.Model):
    """One version of the concordat (Markdown), approved by the board (a decision)."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Markdown")
    what_changed = models.TextField(blank=True)
    decision = models.ForeignKey("meetings.Decision", on_delete=models.PROTECT, related_name="concordats")
    approved_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class Signature(models.Model):
    """A person, team or organisation signing one version of the concordat."""

    version = models.ForeignKey(ConcordatVersion, on_delete=models.PROTECT, related_name="signatures")
    kind = models.CharField(max_length=12, choices=choices.SignatoryKind.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="concordat_signatures"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    # Who signs: lower-cased name and organisation, so the same signatory cannot sign one version twice.
    signatory_key = models.CharField(max_length=310, editable=False)
    email = models.EmailField(blank=True, help_text="To ask them to re-sign a new version")
    signed_on = models.DateField()
    listed = models.BooleanField("Agrees to be listed publicly", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "signatory_key"], name="sign_a_version_once"),
            models.UniqueConstraint(
                fields=["version", "person"], condition=Q(person__isnull=False), name="person_signs_once"
            ),
        ]
        indexes = [models.Index(fields=["version", "listed"])]

    def __str__(self):
        return f"{self.name} signed version {self.version_id}"

    def save(self, *args, **kwargs):
        self.signatory_key = self.key_for(self.name, self.organisation)
        super().save(*args, **kwargs)

    @staticmethod
    def key_for(name: str, organisation: str) -> str:
        return f"{' '.join(name.lower().split())}|{' '.join(organisation.lower().split())}"[:310]
