"""Co-produced projects: the request, its triage and ladder ratings, its stages and its team.

A project's page is the hub other apps hang on: opportunities, meetings, payments and evaluation all point
at ``Project``; a person joins a project through ``TeamMember`` (``services.add_team_member``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduce.core.models import OrderedLookup

from .choices import (
    LIVED_EXPERIENCE_ROLES,
    OutputKind,
    RatingMoment,
    Rung,
    Stage,
    TeamRole,
    TriageState,
)


class ServiceArea(OrderedLookup):
    """A service area projects are grouped by on the public list (configurable per programme)."""

    slug = models.SlugField(max_length=100, unique=True)


class Organisation(models.Model):
    """A council department, NHS body or voluntary-sector partner that asks for co-production support."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council department"
        NHS = "nhs", "NHS organisation"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        OTHER = "other", "Other partner"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COUNCIL)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True).exclude(stage__in=[Stage.REQUESTED, Stage.DECLINED])

    def active(self):
        return self.exclude(stage__in=[Stage.CLOSED, Stage.STOPPED, Stage.DECLINED])


# What a requester writes (and may change when asked for more information).
REQUEST_FIELDS = [
    "title",
    "summary",
    "affects",
    "can_change",
    "cannot_change",
    "decision_deadline",
    "involvement_budget",
    "hoped_rung",
    "service_area",
    "organisation",
]


STAGE_TAG_CLASSES = {
    Stage.CLOSED: "govuk-tag--grey",
    Stage.STOPPED: "govuk-tag--red",
    Stage.DECLINED: "govuk-tag--red",
    Stage.REQUESTED: "govuk-tag--yellow",
}


class Project(models.Model):
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="projects")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")

    # The request, in the requester's words.
    summary = models.TextField("The service or decision")
    affects = models.TextField("Who it affects")
    can_change = models.TextField("What can change")
    cannot_change = models.TextField("What cannot change", blank=True)
    decision_deadline = models.DateField(null=True, blank=True)
    involvement_budget = models.DecimalField(
        "Budget for involvement (£)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    hoped_rung = models.PositiveSmallIntegerField("Level of involvement hoped for", choices=Rung.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_projects"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    # Triage by the co-production team.
    triage_state = models.CharField(max_length=20, choices=TriageState.choices, default=TriageState.AWAITING)
    triage_message = models.TextField(blank=True, help_text="Reason for declining or what more is needed.")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    principles_check = models.JSONField(
        default=dict,
        blank=True,
        help_text="{principle: note} for equality, diversity, accessibility, reciprocity",
    )
    below_co_production_reason = models.TextField(blank=True)

    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.REQUESTED, db_index=True)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    stopped_reason = models.TextField(blank=True)

    # Denormalised from the latest LadderRating of each moment, for lists and reports.
    target_rung = models.PositiveSmallIntegerField(choices=Rung.choices, null=True, blank=True)
    achieved_rung = models.PositiveSmallIntegerField(choices=Rung.choices, null=True, blank=True)

    is_published = models.BooleanField(default=False, help_text="Shown on the public project pages")
    # Which parts of the project the public page shows (choices.PublicSection values), chosen by the team.
    public_sections = models.JSONField(default=list, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["is_published", "stage", "service_area"]),
            # The lists in title order (public, to manage, active) walk this and stop at their page instead
            # of sorting every project (0.65 ms a view at scale 25, growing with the programme's projects).
            models.Index(fields=["title", "id"], name="project_title"),
        ]

    def __str__(self):
        return self.title

    @property
    def stage_tag_class(self) -> str:
        """The colour of the stage's tag: grey when closed, red when stopped or declined, yellow while a
        request waits, blue while it runs."""
        return STAGE_TAG_CLASSES.get(self.stage, "govuk-tag--blue")

    def shows_publicly(self, section: str) -> bool:
        return section in self.public_sections

    @property
    def is_request(self) -> bool:
        return self.stage == Stage.REQUESTED


class StageChange(models.Model):
    """One move of a project from a stage to another: the history shown on the project page."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.from_stage or 'new'} → {self.to_stage}"


class LadderRating(models.Model):
    """A rung on the ladder of participation at one moment (target, review, close), with the evidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ladder_ratings")
    moment = models.CharField(max_length=8, choices=RatingMoment.choices)
    rung = models.PositiveSmallIntegerField(choices=Rung.choices)
    justification = models.TextField("Justification or evidence")
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rated_at", "id"]

    def __str__(self):
        return f"{self.get_moment_display()}: {self.get_rung_display()}"


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class TeamMember(models.Model):
    """A person on a project team. People join through services.add_team_member (also used by selection)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="project_memberships")
    role = models.CharField(max_length=16, choices=TeamRole.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"], condition=Q(left_at__isnull=True), name="team_member_once"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def brings_lived_experience(self) -> bool:
        return self.role in LIVED_EXPERIENCE_ROLES


class Output(models.Model):
    """Something the project produced: a document, a decision or a change to a service."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=16, choices=OutputKind.choices)
    title = models.CharField(max_length=150)
    description = models.TextField()
    date = models.DateField()
    link = models.URLField(blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class Update(models.Model):
    """A "you said, we did" update: what people told the project and what was done about it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    you_said = models.TextField("You said")
    we_did = models.TextField("We did")
    date = models.DateField()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"update of {self.date:%Y-%m-%d}"


class AgreementStatement(models.Model):
    """One short statement of the team's group agreement (ground rules), in the team's order."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="agreement")
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class JargonTerm(models.Model):
    """A word or abbreviation the project uses, with its meaning in plain English."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="jargon")
    term = models.CharField(max_length=80)
    meaning = models.TextField("What it means")

    class Meta:
        ordering = ["term", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "term"], name="jargon_term_once")]

    def __str__(self):
        return self.term
