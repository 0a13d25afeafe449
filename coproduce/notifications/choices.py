"""The fixed lists of the messages log."""

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"
    # Someone who asked to be phoned: the message is on an officer's list of calls to make.
    PHONE = "phone", "Phone call"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    RETURNED = "returned", "Returned"
    # No usable address on any channel the programme allows: an officer has to reach them another way.
    UNREACHABLE = "unreachable", "Could not be reached"
    # A marketing message (the newsletter) to someone who has not agreed to it: recorded, never sent.
    NO_CONSENT = "no_consent", "Not sent: no consent"


# Statuses an officer must act on (the work queue) until they mark the message dealt with.
NEEDS_OFFICER = (Status.FAILED, Status.RETURNED, Status.UNREACHABLE)
# Messages an officer delivers by hand: phone calls to make, and letters when the programme posts its own.
BY_HAND = (Channel.PHONE,)
