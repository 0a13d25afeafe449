"""The champions network: the pledge, champions on the register with their area, organisation and reach,
inductions, the activity log, recommendations tracked to an outcome, recruits, outreach partners and their
log, bookings for public events, and newsletters to the network."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import choices


def new_invitation_code() -> str:
    # Short enough to type from a printed invitation, long enough not to be guessed (about 48 bits).
    return secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")


class Area(models.Model):
    """A part of the county the network covers (a district or locality)."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An organisation or staff team a champion belongs to (a council team, an NHS service, a charity)."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=12, choices=choices.OrganisationKind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(models.Model):
    """A community the network wants to reach. `equality_field`/`equality_value` tie it to a census category
    (e.g. ethnic_group / "Asian, Asian British or Asian Welsh"), so a gap in the network's make-up can name
    the outreach partners who reach that community."""

    name = models.CharField(max_length=120, unique=True)
    equality_field = models.CharField(max_length=40, blank=True)
    equality_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name


class Pledge(models.Model):
    """One version of the champion pledge. The newest is what people agree to; agreements keep their
    version."""

    version = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField(help_text="Markdown")
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"Champion pledge, version {self.version}"


class ChampionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=choices.ChampionStatus.ACTIVE, person__erased_at__isnull=True)

    def pending(self):
        return self.filter(status__in=choices.PENDING)


class Champion(models.Model):
    """A person's place in the champions network, from applying or being nominated to stepping down.
    Becoming active grants the champion role (when they have a sign-in) and a place in the champions body;
    stepping down ends both (services keep the three consistent)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="champion")
    status = models.CharField(max_length=12, choices=choices.ChampionStatus.choices, db_index=True)
    route = models.CharField(max_length=10, choices=choices.Route.choices)
    kind = models.CharField(max_length=10, choices=choices.ChampionKind.choices)
    why = models.TextField("Why they want to be (or would make) a good champion", blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="champions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="champions"
    )
    team = models.CharField("Team or group", max_length=150, blank=True)
    communities = models.ManyToManyField(Community, blank=True, related_name="champions")
    topics = models.ManyToManyField("people.Interest", blank=True, related_name="champions")
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pledge_agreed_at = models.DateTimeField(null=True, blank=True)
    invitation_code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    started_on = models.DateField(null=True, blank=True)
    stepped_down_on = models.DateField(null=True, blank=True)

    objects = ChampionQuerySet.as_manager()

    class Meta:
        ordering = ["person__name_search", "id"]
        indexes = [models.Index(fields=["status", "area"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(pledge__isnull=False), name="active_champion_agreed_pledge"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == choices.ChampionStatus.ACTIVE


class Induction(models.Model):
    """A champion's induction: a dated record, linked to the training session it was when it was one (the
    date stays the record)."""

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="inductions")
    held_on = models.DateField()
    session = models.ForeignKey(
        "training.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    led_by = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"induction on {self.held_on}"


class Activity(models.Model):
    """Something a champion did to spread co-production, and how many people it reached."""

    champion = models.ForeignKey(Champion, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=14, choices=choices.ActivityKind.choices)
    happened_on = models.DateField(db_index=True)
    where = models.CharField(max_length=150, blank=True)
    with_whom = models.CharField("With whom", max_length=200, blank=True)
    reached = models.PositiveIntegerField("People reached")
    description = models.TextField(blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    on_behalf = models.BooleanField(default=False)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["champion", "-happened_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(reached__gte=0), name="activity_reach_not_negative")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.happened_on}"


class Recommendation(models.Model):
    """A recommendation a champion passes to the co-production team, tracked to an answer and an outcome."""

    champion = models.ForeignKey(Champion, on_delete=models.PROTECT, related_name="recommendations")
    title = models.CharField(max_length=150)
    text = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10,
        choices=choices.RecommendationStatus.choices,
        default=choices.RecommendationStatus.RAISED,
        db_index=True,
    )
    response = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=choices.Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return self.title


class Recruit(models.Model):
    """Someone who joined the network through a champion. The champion sees a count; the person's name only
    if they agreed (`named_to_champion`)."""

    champion = models.ForeignKey(Champion, on_delete=models.PROTECT, related_name="recruits")
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="recruited")
    route = models.CharField(max_length=10, choices=choices.RecruitRoute.choices)
    joined_at = models.DateTimeField(default=timezone.now, db_index=True)
    attributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    named_to_champion = models.BooleanField(default=False)

    class Meta:
        ordering = ["-joined_at", "-id"]

    def __str__(self):
        return f"recruit {self.pk}"


class OutreachPartner(models.Model):
    """A group, charity, faith group, network or service that reaches people the programme wants to hear."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=16, choices=choices.PartnerKind.choices)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="partners")
    communities = models.ManyToManyField(Community, blank=True, related_name="partners")
    notes = models.TextField(blank=True)
    # Denormalised from the newest log entry so the list sorts and shows it without an aggregate.
    last_contact_on = models.DateField(null=True, blank=True, db_index=True)
    active = models.BooleanField(default=True)

    # What an officer edits (the form and the API): the rest is worked out.
    EDITABLE_FIELDS = (
        "name",
        "kind",
        "contact_name",
        "contact_email",
        "contact_phone",
        "area",
        "communities",
        "notes",
        "active",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OutreachContact(models.Model):
    """A piece of outreach done through a partner."""

    partner = models.ForeignKey(OutreachPartner, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField()
    what = models.TextField()
    reached = models.PositiveIntegerField("People reached", default=0)
    follow_up = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(reached__gte=0), name="outreach_reach_not_negative")
        ]

    def __str__(self):
        return f"outreach on {self.happened_on}"


class EventBooking(models.Model):
    """A place at a public event, booked by anyone (a member or not), with their access needs. Someone who
    asked to join the network from the event is registered by an officer (`person` is then set)."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="public_bookings")
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    access_needs = models.JSONField(default=list, blank=True, help_text="people.choices.AccessNeed values")
    access_detail = models.TextField(blank=True)
    wants_to_join = models.BooleanField(default=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="event_bookings"
    )
    booked_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_at", "id"]
        indexes = [models.Index(fields=["meeting", "cancelled_at"])]

    def __str__(self):
        return f"booking {self.pk}"


class Newsletter(models.Model):
    subject = models.CharField(max_length=150)
    body = models.TextField(help_text="Markdown")
    audience = models.CharField(
        max_length=10, choices=choices.Audience.choices, default=choices.Audience.CHAMPIONS
    )
    status = models.CharField(
        max_length=8, choices=choices.NewsletterStatus.choices, default=choices.NewsletterStatus.DRAFT
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self):
        return self.subject


class NewsletterDelivery(models.Model):
    """One newsletter to one person: made when it is sent, marked when the email went (so a retry never
    sends twice)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "person"], name="one_delivery_per_person")
        ]

    def __str__(self):
        return f"delivery {self.pk}"


class NewsletterOptOut(models.Model):
    """Someone who unsubscribed from the network's newsletter."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="newsletter_opt_out"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"opt-out {self.pk}"
