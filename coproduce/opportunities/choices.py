"""The fixed lists an opportunity and an expression of interest are described with."""

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    FILLED = "filled", "Filled"


# The statuses an opportunity can be moved to (a draft is where every opportunity starts).
STATUS_CHANGES = [(status.value, status.label) for status in (Status.OPEN, Status.CLOSED, Status.FILLED)]


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "In person or online (hybrid)"


class OtherWay(models.TextChoices):
    """Ways to say you are interested without using this website."""

    PHONE = "phone", "By phone"
    POST = "post", "By post"
    IN_PERSON = "in_person", "In person"
    PARTNER = "partner", "Through a partner organisation"


class InterestStatus(models.TextChoices):
    ACTIVE = "active", "Waiting for a decision"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected this time"


# A person may have one expression of interest per opportunity in any of these states.
LIVE_INTEREST_STATES = (InterestStatus.ACTIVE, InterestStatus.SELECTED, InterestStatus.NOT_SELECTED)


class CameIn(models.TextChoices):
    """How an expression of interest reached the team."""

    ONLINE = "online", "Online, by the person"
    PHONE = "phone", "Over the phone"
    POST = "post", "By post"
    IN_PERSON = "in_person", "In person"
    PARTNER = "partner", "Through a partner organisation"


class InvitationMethod(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Printed letter"
