"""Sending messages to people by the channel they chose (decision 0019).

`notify` is the one way every app tells a person something (account emails excepted: they stay in
core.tasks.queue_email). It renders a named template for the person (the easy-read variant where they asked
for easy read), picks the channel (their preferred one, or the next the programme's fallback order allows
that they have an address for), records the message and queues its delivery when the transaction commits.
The event key is unique: the same event never makes a second message, whatever retries.

Sending is bookkeeping, not a decision: the message row is its own record (who, what, when, by which channel,
status), so only officers' actions on messages (dealt with, letters batched and posted) go in the audit log.
The service that decided to tell someone has audited that decision already.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.audit.services import record
from coproduce.core import work
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.core.tasks import one_line

from . import selectors
from .choices import NEEDS_OFFICER, Channel, Status
from .models import LetterBatch, Message, ProgrammeSettings

# Notify's delivery receipts, in our words. Temporary failures are final at Notify's end too (it has
# already retried for 72 hours), so each becomes a failure an officer sees.
NOTIFY_STATUSES = {
    "delivered": Status.DELIVERED,
    "sent": Status.SENT,
    "permanent-failure": Status.FAILED,
    "temporary-failure": Status.FAILED,
    "technical-failure": Status.FAILED,
    "validation-failed": Status.FAILED,
    "returned-letter": Status.RETURNED,
}


class DeliveryError(ServiceError):
    """A delivery service refused or could not take a message (kept on the message, then retried)."""


def notify(
    person,
    template_name: str,
    context: dict,
    event_key: str,
    *,
    actor=None,
    request=None,
    marketing: bool = False,
    link: str = "",
    channel: str = "",
) -> Message | None:
    """Tell a person something by the channel they chose. Call it inside the transaction that decided to
    send it: delivery is queued on commit, so a rolled-back change sends nothing. Returns the message (the
    existing one when this event was already told), or None for someone erased. `channel` is for an officer
    who chose how to reach this person (an invitation by letter): that channel only, no fallback."""
    if person is None or person.erased_at is not None:
        return None
    existing = Message.objects.filter(event_key=event_key).first()
    if existing is not None:
        return existing
    easy_read = selectors.wants_easy_read(person)
    subject, body = selectors.render(template_name, {**context, "person": person, "link": link}, easy_read)
    if channel:
        address = selectors.address_for(person, channel)
        channel = channel if address else ""
    else:
        channel, address = selectors.choose_channel(person)
    if marketing and not person.consents_to_contact:
        status = Status.NO_CONSENT
    elif not channel:
        status = Status.UNREACHABLE
    else:
        status = Status.QUEUED
    message = _create(
        event_key=event_key,
        template=template_name,
        person=person,
        channel=channel or selectors.PREFERRED.get(person.preferred_contact, Channel.EMAIL),
        address=address,
        easy_read=easy_read,
        marketing=marketing,
        subject=subject,
        body=body,
        link=link,
        status=status,
        status_at=timezone.now(),
    )
    if status == Status.QUEUED:
        _queue_delivery(message)
    return message


def notify_by_email(
    address: str, template_name: str, context: dict, event_key: str, *, user=None, actor=None, request=None
) -> Message | None:
    """Tell someone outside the network by email: a member of staff at their work address (`user`), or a
    signatory who left only an email address. Nothing when there is no address."""
    if not address:
        return None
    existing = Message.objects.filter(event_key=event_key).first()
    if existing is not None:
        return existing
    subject, body = selectors.render(template_name, {**context, "user": user}, False)
    message = _create(
        event_key=event_key,
        template=template_name,
        user=user,
        channel=Channel.EMAIL,
        address=address,
        subject=subject,
        body=body,
        status_at=timezone.now(),
    )
    _queue_delivery(message)
    return message


def _create(**fields) -> Message:
    # A savepoint, so two requests racing on one event leave one message and the caller's transaction intact.
    try:
        with transaction.atomic():
            return Message.objects.create(**fields)
    except IntegrityError:
        return Message.objects.get(event_key=fields["event_key"])


def _queue_delivery(message: Message) -> None:
    from .tasks import deliver_message

    if message.channel == Channel.PHONE:
        return  # on the officers' list of calls to make
    if message.channel in (Channel.TEXT, Channel.LETTER) and not selectors.notify_configured():
        return  # texts go on the list to phone, letters into the next printed batch
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))


def deliver(message_id: int, *, actor=None, request=None) -> str:
    """The delivery task's step (no person acts): send one queued message by its channel. A failure is
    kept on the message and retried later with a growing wait, up to NOTIFICATIONS_MAX_ATTEMPTS."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id, status=Status.QUEUED).first()
        if message is None:
            return "skipped"  # already sent (a retried task), or dealt with another way
        try:
            message.provider_id = _send(message)
        except Exception as error:  # noqa: BLE001 - any failure of the delivery service is retried
            message.attempts += 1
            message.failure = str(error)[:300]
            if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                message.status, message.status_at, message.next_attempt_at = (
                    Status.FAILED,
                    timezone.now(),
                    None,
                )
            else:
                message.next_attempt_at = timezone.now() + selectors.backoff(message.attempts)
            message.save()
            return message.status
        message.attempts += 1
        message.status = Status.SENT
        message.sent_at = message.status_at = timezone.now()
        message.next_attempt_at = None
        message.failure = ""
        message.save()
    return Status.SENT


def retry_due(*, actor=None, request=None) -> int:
    """The scheduled retry run (no person acts): deliver every queued message whose wait is over."""
    due = selectors.due_for_retry()
    for message_id in due:
        deliver(message_id)
    return len(due)


def _send(message: Message) -> str:
    """Hand the message to the delivery service; returns its id there ("" for Django's email)."""
    if selectors.notify_configured():
        return _send_by_notify(message)
    if message.channel != Channel.EMAIL:
        raise DeliveryError("Only email can be sent without GOV.UK Notify")
    send_mail(one_line(message.subject), _with_link(message), settings.DEFAULT_FROM_EMAIL, [message.address])
    return ""


def _with_link(message: Message) -> str:
    return f"{message.body}\n\n{message.link}\n" if message.link else message.body


def _send_by_notify(message: Message) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    config = settings.GOVUK_NOTIFY
    client = NotificationsAPIClient(config["API_KEY"], base_url=config["BASE_URL"])
    template_id = selectors.notify_template_id(message.template, message.channel)
    personalisation = {"subject": one_line(message.subject), "body": _with_link(message)}
    reference = f"message-{message.pk}"
    if message.channel == Channel.EMAIL:
        response = client.send_email_notification(message.address, template_id, personalisation, reference)
    elif message.channel == Channel.TEXT:
        response = client.send_sms_notification(message.address, template_id, personalisation, reference)
    else:
        lines = message.address.splitlines()[:7]
        personalisation.update({f"address_line_{n}": line for n, line in enumerate(lines, start=1)})
        response = client.send_letter_notification(template_id, personalisation, reference)
    return str(response["id"])


def record_delivery_receipt(payload: dict, *, actor=None, request=None) -> Message:
    """A delivery receipt from GOV.UK Notify (its callback; the view has checked the bearer token).
    Refused when it names no message we sent or a status we do not know."""
    status = NOTIFY_STATUSES.get(str(payload.get("status", "")))
    if status is None:
        raise ServiceError("Unknown status", field="status")
    provider_id = str(payload.get("id", ""))
    reference = str(payload.get("reference") or "")
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(provider_id=provider_id).exclude(provider_id="")
        message = message.first()
        if message is None or (reference and reference != f"message-{message.pk}"):
            raise ServiceError("No such message", field="id")
        message.status, message.status_at = status, timezone.now()
        if status in NEEDS_OFFICER:
            message.failure = str(payload.get("status"))[:300]
        message.save(update_fields=["status", "status_at", "failure"])
    return message


def set_fallback_order(order: list[str], *, actor, request=None) -> ProgrammeSettings:
    """The order of channels tried for someone with no usable address for the one they chose."""
    names = [str(name) for name in order]
    if not names:
        raise ServiceError("Choose at least one channel", field="fallback_order")
    if len(set(names)) != len(names):
        raise ServiceError("Choose each channel at most once", field="fallback_order")
    if not set(names) <= set(Channel.values):
        raise ServiceError("Choose from the channels listed", field="fallback_order")
    with transaction.atomic():
        row, _ = ProgrammeSettings.objects.select_for_update().get_or_create(pk=ProgrammeSettings.ONLY)
        row.fallback_order, row.changed_at, row.changed_by = names, timezone.now(), actor
        row.save()
        record(
            "notifications.fallback_order_set",
            actor=actor,
            obj=row,
            changed_fields=["fallback_order"],
            request=request,
        )
    return row


def mark_resolved(message: Message, *, actor, request=None) -> Message:
    """An officer reached the person another way (or made the call on the phone list)."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.resolved_at is not None:
            raise ConflictError("Someone has already dealt with this message")
        if locked.channel == Channel.PHONE or (
            locked.status == Status.QUEUED and locked.channel == Channel.TEXT
        ):
            locked.status, locked.sent_at = Status.SENT, timezone.now()
        locked.resolved_at, locked.resolved_by = timezone.now(), actor
        locked.status_at = timezone.now()
        locked.save()
        record(
            "notifications.resolved", actor=actor, obj=locked, changed_fields=["resolved_at"], request=request
        )
    return locked


def make_letter_batch(*, actor, request=None) -> LetterBatch:
    """Gather every letter waiting to be printed into one batch (one PDF, one letter a page)."""
    with transaction.atomic():
        waiting = selectors.letters_waiting().select_for_update()
        ids = list(waiting.values_list("pk", flat=True))
        if not ids:
            raise ServiceError("There are no letters waiting to be printed", field="batch")
        batch = LetterBatch.objects.create(made_by=actor)
        Message.objects.filter(pk__in=ids).update(letter_batch=batch)
        work.forget_following(Message)
        record(
            "notifications.letter_batch_made",
            actor=actor,
            obj=batch,
            changed_fields=["letters"],
            request=request,
        )
    return batch


def mark_batch_posted(batch: LetterBatch, *, actor, request=None) -> LetterBatch:
    with transaction.atomic():
        locked = LetterBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.posted_at is not None:
            raise ConflictError("This batch is already marked as posted")
        now = timezone.now()
        locked.posted_at, locked.posted_by = now, actor
        locked.save(update_fields=["posted_at", "posted_by"])
        Message.objects.filter(letter_batch=locked, status=Status.QUEUED).update(
            status=Status.SENT, sent_at=now, status_at=now
        )
        work.forget_following(Message)
        record(
            "notifications.letters_posted",
            actor=actor,
            obj=locked,
            changed_fields=["posted_at"],
            request=request,
        )
    return locked
