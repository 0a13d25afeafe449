"""The messages log: every message the programme sends a person, by which channel, and what became of it;
the daily letter batches; and the fallback order of channels the programme sets."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import choices


class Message(models.Model):
    """One message to one person (or to a member of staff by their work email). The event key makes a
    message idempotent: whatever retries, the same event never makes a second message."""

    event_key = models.CharField(max_length=200, unique=True)
    template = models.CharField(max_length=80)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    # Messages to staff (an organiser, the co-production team) go to their work email address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=choices.Channel.choices)
    # The address it went to at the time (email, mobile number, postal address), blanked on erasure.
    address = models.TextField(blank=True)
    easy_read = models.BooleanField(default=False)
    marketing = models.BooleanField(default=False)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=12, choices=choices.Status.choices, default=choices.Status.QUEUED, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    # GOV.UK Notify's id for the message, which its delivery receipts name.
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    letter_batch = models.ForeignKey(
        "LetterBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    # An officer dealt with a failure (phoned, wrote, corrected the address): it leaves the work queue.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="message_person_recent"),
            models.Index(fields=["channel", "status", "letter_batch"], name="message_channel_status"),
        ]

    def __str__(self):
        return f"{self.template} to {self.person_id or self.user_id} by {self.channel}"


class LetterBatch(models.Model):
    """A day's letters printed as one PDF, for programmes that post letters themselves."""

    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self):
        return f"Letters of {self.made_at:%-d %B %Y}"


class ProgrammeSettings(models.Model):
    """The programme's own choices about messages, one row. Until an officer saves it, the settings
    (COPRODUCE_NOTIFICATIONS_FALLBACK_ORDER) decide."""

    ONLY = 1

    # Channel names in order, e.g. ["email", "text", "letter", "phone"].
    fallback_order = models.JSONField(default=list)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return "Message settings"
