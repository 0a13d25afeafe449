"""The fixed lists meetings are described with."""

from django.db import models


class BodyKind(models.TextChoices):
    BOARD = "board", "Co-production board"
    NETWORK = "network", "Champions network"
    TRAINING = "training", "Training programme"


class BodyRole(models.TextChoices):
    MEMBER = "member", "Member"
    CO_CHAIR = "co_chair", "Co-chair"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class PaperFormat(models.TextChoices):
    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    AUDIO = "audio", "Audio"


class RegistrationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REGISTERED = "registered", "Registered"
    WAITING = "waiting", "On the waiting list"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


# Statuses that hold (or wait for) a place: the person has said they are coming.
COMING = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.WAITING})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
