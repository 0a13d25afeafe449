"""Reads for messages: rendering a named template for a person, which channel reaches them, the messages log
of a person, and the officers' lists (who could not be reached, failed deliveries, calls to make, letters to
print)."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template import Context, Engine
from django.template.exceptions import TemplateDoesNotExist
from django.utils import timezone

from coproduce.people.choices import ContactMethod, Format
from coproduce.people.models import is_uk_mobile

from .choices import NEEDS_OFFICER, Channel, Status
from .models import LetterBatch, Message, ProgrammeSettings

TEMPLATES = Path(__file__).parent / "templates" / "notifications" / "emails"
# How many messages a person's home page and record show; the rest are on their messages page.
LATEST_SHOWN = 5


@cache
def _engine() -> Engine:
    # Messages are plain text for every channel, so nothing in them is HTML-escaped.
    return Engine(dirs=[str(TEMPLATES)], autoescape=False)


def render(template_name: str, context: dict, easy_read: bool) -> tuple[str, str]:
    """(subject, body) of a named message: its template's first line is the subject, the rest the body. The
    easy-read variant (<name>.easy.txt) is used where the person asked for easy read and one exists."""
    engine = _engine()
    template = None
    if easy_read:
        try:
            template = engine.get_template(f"{template_name}.easy.txt")
        except TemplateDoesNotExist:
            template = None
    if template is None:
        template = engine.get_template(f"{template_name}.txt")
    context = {
        "programme_name": settings.COPRODUCE["PROGRAMME_NAME"],
        "config": settings.COPRODUCE,
        **context,
    }
    subject, _, body = template.render(Context(context, autoescape=False)).strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def template_names() -> list[str]:
    return sorted(
        p.name.removesuffix(".txt")
        for p in TEMPLATES.glob("*.txt")
        if ".easy." not in p.name and not p.name.startswith("_")
    )


def notify_configured() -> bool:
    return bool(settings.GOVUK_NOTIFY["API_KEY"])


def notify_template_id(template_name: str, channel: str) -> str:
    """The Notify template for a message: its own ("<name>.<channel>") or the channel's generic one."""
    ids = settings.GOVUK_NOTIFY["TEMPLATE_IDS"]
    return ids.get(f"{template_name}.{channel}") or ids[channel]


PREFERRED = {
    ContactMethod.EMAIL: Channel.EMAIL,
    ContactMethod.TEXT: Channel.TEXT,
    ContactMethod.POST: Channel.LETTER,
    ContactMethod.PHONE: Channel.PHONE,
}


def address_for(person, channel: str) -> str:
    """The person's usable address for a channel, or "" when they cannot be reached that way."""
    if channel == Channel.EMAIL:
        return person.email
    if channel == Channel.TEXT:
        return person.phone if is_uk_mobile(person.phone) else ""
    if channel == Channel.LETTER:
        if person.address.strip() and person.postcode.strip():
            return f"{person.full_name}\n{person.address.strip()}\n{person.postcode.strip()}"
        return ""
    if channel == Channel.PHONE:
        return person.phone
    return ""


def choose_channel(person) -> tuple[str, str]:
    """(channel, address): the person's preferred channel if they have an address for it, otherwise the
    first in the programme's fallback order they can be reached by; ("", "") when none."""
    order = fallback_order()
    preferred = PREFERRED.get(person.preferred_contact)
    if preferred is not None:
        order = [preferred, *(channel for channel in order if channel != preferred)]
    for channel in order:
        address = address_for(person, channel)
        if address:
            return channel, address
    return "", ""


def fallback_order() -> list[Channel]:
    """The order the programme set on its settings page, or the NOTIFICATIONS_FALLBACK_ORDER setting."""
    saved = ProgrammeSettings.objects.filter(pk=ProgrammeSettings.ONLY).values_list("fallback_order")
    names = (saved.first() or [None])[0] or settings.NOTIFICATIONS_FALLBACK_ORDER
    return [Channel(name.strip()) for name in names if name.strip()]


def wants_easy_read(person) -> bool:
    return Format.EASY_READ in (person.formats or [])


def backoff(attempts: int) -> datetime.timedelta:
    """1, 4, 16, 64 minutes...: a service that is down for a while is not hammered."""
    return datetime.timedelta(minutes=4 ** (attempts - 1))


def due_for_retry() -> list[int]:
    now = timezone.now()
    return list(
        Message.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now).values_list("pk", flat=True)
    )


def letters_waiting():
    """Letters to print: no Notify to post them, and not yet in a batch."""
    return Message.objects.filter(channel=Channel.LETTER, status=Status.QUEUED, letter_batch__isnull=True)


def letters_waiting_count() -> int:
    if notify_configured():
        return 0
    return letters_waiting().count()


def calls_to_make():
    """Messages an officer passes on by phone: people who asked to be phoned, and texts without Notify."""
    by_hand = Q(channel=Channel.PHONE)
    if not notify_configured():
        by_hand |= Q(channel=Channel.TEXT)
    return (
        Message.objects.filter(by_hand, status=Status.QUEUED, resolved_at__isnull=True)
        .select_related("person")
        .order_by("created_at", "id")
    )


def to_pass_on(event_keys) -> list[Message]:
    """Of these events' messages, those an officer still has to act on: calls to make, and messages that did
    not reach the person."""
    by_hand = Q(channel=Channel.PHONE, status=Status.QUEUED)
    if not notify_configured():
        by_hand |= Q(channel=Channel.TEXT, status=Status.QUEUED)
    return list(
        Message.objects.filter(by_hand | Q(status__in=NEEDS_OFFICER), event_key__in=list(event_keys))
        .filter(resolved_at__isnull=True)
        .select_related("person")
        .order_by("created_at", "id")
    )


def not_reached():
    """Messages that did not reach the person: nobody could be reached, or delivery failed or came back."""
    return (
        Message.objects.filter(status__in=NEEDS_OFFICER, resolved_at__isnull=True)
        .select_related("person", "user")
        .order_by("-status_at", "-id")
    )


def messages_for(person):
    return Message.objects.filter(person=person).order_by("-created_at", "-id")


def latest_for(person) -> list[Message]:
    """The latest few, with only the columns their list shows (not the bodies)."""
    return list(messages_for(person).only("subject", "created_at", "channel", "status")[:LATEST_SHOWN])


def message(pk) -> Message:
    return get_object_or_404(Message.objects.select_related("person", "user"), pk=pk)


def own_message(person, pk) -> Message:
    return get_object_or_404(Message, pk=pk, person=person)


def letter_batches():
    return LetterBatch.objects.select_related("made_by", "posted_by")


def letter_batch(pk) -> LetterBatch:
    return get_object_or_404(LetterBatch, pk=pk)


def letters_in(batch: LetterBatch) -> list[Message]:
    return list(batch.letters.select_related("person").order_by("id"))
