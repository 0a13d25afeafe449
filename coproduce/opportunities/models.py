"""Opportunities to get involved, the expressions of interest people send, and the invitations officers
send to people whose experience fits. An opportunity may belong to a project or be programme-wide (for
example joining the board)."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduce.payments.choices import Activity
from coproduce.payments.models import ActivityRate
from coproduce.people.choices import AccessNeed, ContactMethod, Day, TimeOfDay

from . import reward
from .choices import CameIn, InterestStatus, InvitationMethod, Mode, OtherWay, Status


def _labels(values: list[str], choices) -> list[str]:
    known = dict(choices)
    return [known[value] for value in values if value in known]


class OpportunityQuerySet(models.QuerySet):
    def advertised(self):
        """What the public may read: everything but drafts."""
        return self.exclude(status=Status.DRAFT)

    def accepting(self, today=None):
        """Open and not past the closing date: what the public list shows."""
        today = today or timezone.localdate()
        return self.filter(status=Status.OPEN, closes_on__gte=today)

    def with_rate(self):
        """Each row's rate-card amount and unit in force (reward.rate_day), so a list describes rewards
        without a query per row."""
        today = timezone.localdate()
        rates = ActivityRate.objects.filter(
            activity=OuterRef("reward_activity"),
            effective_from__lte=Coalesce(
                OuterRef("starts_on"), Value(today), output_field=models.DateField()
            ),
        ).order_by("-effective_from", "-id")
        return self.annotate(
            rate_amount=Subquery(rates.values("amount")[:1]), rate_unit=Subquery(rates.values("unit")[:1])
        )


class Opportunity(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="opportunities"
    )
    title = models.CharField("Role title", max_length=150)
    description = models.TextField("What you would do")
    time_commitment = models.CharField(max_length=200)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(default=False)
    # When it runs, in the words people use for their own availability; empty means flexible.
    days = models.JSONField(default=list, blank=True, help_text="people.choices.Day values; empty: flexible")
    times_of_day = models.JSONField(
        default=list, blank=True, help_text="people.choices.TimeOfDay values; empty: flexible"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices)
    location = models.CharField("Where", max_length=200, blank=True)

    access_support = models.JSONField(default=list, blank=True, help_text="people.choices.AccessNeed values")
    access_support_detail = models.TextField(blank=True)

    reward_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    reward_unit = models.CharField(max_length=12, choices=reward.RewardUnit.choices)
    # Named when reward_unit is the rate card: the amount is the activity's rate in force (reward.rate_day).
    reward_activity = models.CharField(
        "Rate-card activity", max_length=20, choices=Activity.choices, blank=True, default=""
    )

    places = models.PositiveSmallIntegerField()
    closes_on = models.DateField("Closing date", db_index=True)
    other_ways = models.JSONField(default=list, blank=True, help_text="choices.OtherWay values")
    other_ways_detail = models.TextField(blank=True)

    lived_experience = models.ManyToManyField(
        "people.LivedExperienceArea", blank=True, related_name="opportunities"
    )
    interests = models.ManyToManyField("people.Interest", blank=True, related_name="opportunities")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "id"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["status", "closes_on"]),
            # Opportunities to manage, newest first, walk this backwards and stop at their page.
            models.Index(fields=["created_at", "id"], name="opportunity_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reward_unit=reward.RewardUnit.RATE_CARD) & ~Q(reward_activity=""))
                | (~Q(reward_unit=reward.RewardUnit.RATE_CARD) & Q(reward_activity="")),
                name="opportunity_rate_card_names_activity",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def reward_text(self) -> str:
        if self.reward_unit != reward.RewardUnit.RATE_CARD:
            return reward.describe(self.reward_amount, self.reward_unit)
        if hasattr(self, "rate_amount"):  # OpportunityQuerySet.with_rate() saves a query per row
            return reward.describe_rate(self.reward_activity, self.rate_amount, self.rate_unit)
        rate = reward.rate_in_force(self.reward_activity, reward.rate_day(self.starts_on))
        return reward.describe_rate(self.reward_activity, rate and rate.amount, rate and rate.unit)

    @property
    def access_support_labels(self) -> list[str]:
        return _labels(self.access_support, AccessNeed.choices)

    @property
    def days_labels(self) -> list[str]:
        return _labels(self.days, Day.choices)

    @property
    def times_of_day_labels(self) -> list[str]:
        return _labels(self.times_of_day, TimeOfDay.choices)

    @property
    def other_ways_labels(self) -> list[str]:
        return _labels(self.other_ways, OtherWay.choices)

    def is_accepting(self, today=None) -> bool:
        return self.status == Status.OPEN and self.closes_on >= (today or timezone.localdate())


class ExpressionOfInterestQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=InterestStatus.WITHDRAWN)


class ExpressionOfInterest(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="expressions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="expressions_of_interest"
    )
    why = models.TextField("Why you are interested")
    brings = models.TextField("What you would bring")
    access_needs = models.JSONField(default=list, blank=True, help_text="people.choices.AccessNeed values")
    access_needs_detail = models.TextField(blank=True)
    contact_method = models.CharField(max_length=10, blank=True)

    status = models.CharField(
        max_length=12, choices=InterestStatus.choices, default=InterestStatus.ACTIVE, db_index=True
    )
    came_in = models.CharField(max_length=10, choices=CameIn.choices, default=CameIn.ONLINE)
    came_in_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_message = models.TextField(blank=True)

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "expressions of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "person"],
                condition=~Q(status=InterestStatus.WITHDRAWN),
                name="one_live_interest_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} for {self.opportunity}"

    @property
    def access_needs_labels(self) -> list[str]:
        return _labels(self.access_needs, AccessNeed.choices)

    @property
    def contact_method_label(self) -> str:
        return dict(ContactMethod.choices).get(self.contact_method, "No preference given")


class Invitation(models.Model):
    """An officer invited a person whose experience fits to apply (by email or a printed letter)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="invitations")
    method = models.CharField(max_length=8, choices=InvitationMethod.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-invited_at", "-id"]

    def __str__(self):
        return f"{self.get_method_display()} to {self.person} for {self.opportunity}"
