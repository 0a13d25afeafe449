"""Evaluation of the whole programme (shift 7): the aims the programme agreed, their outcomes and indicators
with dated values, the evidence behind them, participant-experience surveys, the seven-shifts
self-assessment, diversity summary rows and the published annual reports.

Figures the dashboards show are summary rows (IndicatorValue, DiversitySnapshot/DiversityRow) written by
``services.refresh_summaries`` (a task, nightly or on demand), never aggregates over big tables per request.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import choices


class Aim(models.Model):
    """One of the programme's aims, written and agreed by the programme."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    agreed_by = models.CharField("Who agreed it", max_length=200)
    agreed_on = models.DateField("When it was agreed")
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Outcome(models.Model):
    aim = models.ForeignKey(Aim, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A measure of an outcome: worked out by the platform (``computed_code`` names a registered computed
    indicator) or recorded by hand. Values are IndicatorValue rows."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=choices.IndicatorKind.choices)
    computed_code = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=10, choices=choices.Unit.choices, default=choices.Unit.NUMBER)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="manual", computed_code="") | Q(kind="computed") & ~Q(computed_code=""),
                name="indicator_computed_has_code",
            )
        ]

    def __str__(self):
        return self.title


class IndicatorValue(models.Model):
    """A dated value of an indicator: typed in, or written by the summary refresh for computed ones."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_value_per_indicator_date")
        ]

    def __str__(self):
        return f"{self.indicator_id} on {self.date}: {self.value}"


class EvidenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)


def evidence_upload_to(instance, filename):
    return f"evaluation/evidence/{secrets.token_hex(8)}/{filename[-80:]}"


class Evidence(models.Model):
    """A quote, case study, interview or observation notes, document or photo, linked to what it shows.

    ``person`` is whom it quotes or shows: a quote or photo of a person is shown only while that person's
    latest consent for quotes (photos) is given (selectors.visible_evidence)."""

    kind = models.CharField(max_length=12, choices=choices.EvidenceKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    attribution = models.CharField(
        "How to credit it", max_length=150, blank=True, help_text="For example: A carer from Cherwell"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    collected_on = models.DateField()
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_peer_researcher = models.BooleanField(default=False)
    aims = models.ManyToManyField(Aim, blank=True, related_name="evidence")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="evidence")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="evidence")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    for_report = models.BooleanField("May be chosen for the annual report", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_on", "-id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["project", "collected_on"]), models.Index(fields=["person", "kind"])]

    def __str__(self):
        return self.title


class DiversitySnapshot(models.Model):
    """A group's equality make-up on one day (summary row), against the Census 2021 baseline. Counts under
    10 are stored already suppressed (None), so nothing downstream can show them."""

    group_key = models.CharField(max_length=60)
    group_label = models.CharField(max_length=200)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    taken_on = models.DateField()
    size = models.PositiveIntegerField(null=True, blank=True, help_text="None when under 10")
    answered = models.PositiveIntegerField(null=True, blank=True, help_text="None when under 10")
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group_key", "-taken_on"]
        constraints = [models.UniqueConstraint(fields=["group_key", "taken_on"], name="one_snapshot_per_day")]
        indexes = [models.Index(fields=["taken_on", "group_key"])]

    def __str__(self):
        return f"{self.group_label} on {self.taken_on}"


class DiversityRow(models.Model):
    snapshot = models.ForeignKey(DiversitySnapshot, on_delete=models.CASCADE, related_name="rows")
    topic = models.CharField(max_length=30)
    topic_label = models.CharField(max_length=60)
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(null=True, blank=True, help_text="None: fewer than 10")
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    census = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    england = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    topic_answered = models.PositiveIntegerField(null=True, blank=True)
    topic_score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    gap = models.BooleanField(default=False, help_text="Under-represented against the census")

    class Meta:
        ordering = ["snapshot", "order", "id"]

    def __str__(self):
        return f"{self.topic} {self.value}"


class Survey(models.Model):
    """A participant-experience survey, answered by link or typed in from paper or a phone call."""

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    easy_read_introduction = models.TextField(blank=True)
    anonymous = models.BooleanField(
        default=True, help_text="Answers are not linked to the person who gave them"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        "meetings.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=choices.SurveyStatus.choices, default=choices.SurveyStatus.DRAFT
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    # Empty for a survey someone wrote; the survey the platform sent for the event ("meeting:<id>" after a
    # meeting, "project:<id>" at a project's close), unique so an event is never surveyed twice.
    sent_for = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sent_for"], condition=~models.Q(sent_for=""), name="survey_sent_once_per_event"
            )
        ]

    def __str__(self):
        return self.title


class SurveyInvitation(models.Model):
    """Who was sent a survey's link, and when: one a person per survey, so no one is asked twice."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_invitation_once_per_person")
        ]

    def __str__(self):
        return f"{self.survey} sent to person {self.person_id}"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=choices.QuestionKind.choices)
    text = models.CharField(max_length=300)
    easy_read_text = models.CharField(max_length=300, blank=True)
    options = models.JSONField(default=list, blank=True, help_text="The answers to choose from (choice only)")
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=8, choices=choices.ResponseMethod.choices)
    easy_read = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self):
        return f"response {self.pk} to {self.survey_id}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "id"]
        indexes = [models.Index(fields=["question", "rating"])]

    def __str__(self):
        return f"answer to {self.question_id}"


class AssessmentRound(models.Model):
    """One period of the seven-shifts self-assessment."""

    name = models.CharField(max_length=100, unique=True, help_text="For example: Spring 2026")
    held_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self):
        return self.name


class ShiftRating(models.Model):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    rater = models.CharField(max_length=8, choices=choices.Rater.choices)
    shift = models.CharField(max_length=20, choices=choices.Shift.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    evidence = models.TextField()
    next_steps = models.TextField()
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "shift", "rater"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rater", "shift"], name="one_rating_per_shift_and_rater"
            ),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="shift_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.round}: {self.shift} by {self.rater} = {self.score}"


class AnnualReport(models.Model):
    """A year's report: written parts, chosen evidence, and the figures frozen when it is published."""

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the report covers (April to March)"
    )
    title = models.CharField(max_length=200)
    introduction = models.TextField()
    easy_read_summary = models.TextField()
    board_challenges = models.TextField("What the board challenged", blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="reports")
    figures = models.JSONField(default=dict, blank=True, help_text="Frozen on publishing")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.title
