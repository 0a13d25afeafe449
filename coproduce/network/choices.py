"""The fixed lists the champions network is described with."""

from django.db import models


class ChampionStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    NOMINATED = "nominated", "Nominated"
    ACTIVE = "active", "Champion"
    DECLINED = "declined", "Not taken forward"
    STEPPED_DOWN = "stepped_down", "Stepped down"


# Waiting for the co-production team to decide.
PENDING = frozenset({ChampionStatus.APPLIED, ChampionStatus.NOMINATED})


class Route(models.TextChoices):
    APPLIED = "applied", "Applied themselves"
    NOMINATED = "nominated", "Nominated"


class ChampionKind(models.TextChoices):
    RESIDENT = "resident", "Resident, person who uses services or carer"
    STAFF = "staff", "Member of staff"
    PARTNER = "partner", "Voluntary or community sector partner"


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council team"
    NHS = "nhs", "NHS"
    VOLUNTARY = "voluntary", "Charity or voluntary group"
    COMMUNITY = "community", "Community or faith group"
    OTHER = "other", "Other"


class ActivityKind(models.TextChoices):
    TALK = "talk", "A talk or presentation"
    TEAM_MEETING = "team_meeting", "A team meeting"
    ARTICLE = "article", "An article or newsletter piece"
    STALL = "stall", "An event stall"
    SOCIAL = "social", "A social media post"
    TRAINING = "training", "Training given"
    CONVERSATION = "conversation", "A conversation with a service"
    OTHER = "other", "Something else"


class RecommendationStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Outcome recorded"


class Outcome(models.TextChoices):
    ACTED_ON = "acted_on", "Acted on"
    PARTLY = "partly", "Partly acted on"
    NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward (reason given)"


class RecruitRoute(models.TextChoices):
    LINK = "link", "Joined through the champion's invitation link"
    OFFICER = "officer", "Attributed by an officer when registering them"


class PartnerKind(models.TextChoices):
    COMMUNITY_GROUP = "community_group", "Community group"
    CHARITY = "charity", "Charity"
    FAITH = "faith", "Faith group"
    NETWORK = "network", "Network or forum"
    SERVICE = "service", "Service"


class Audience(models.TextChoices):
    CHAMPIONS = "champions", "Champions only"
    EVERYONE = "everyone", "Champions and every member who agreed to be contacted"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
