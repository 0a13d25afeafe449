"""Messages: a history of what the programme told people over the last few months, each by the channel the
person chose (the people generator gives every channel its share: email, text, post and phone), in easy read
where they asked for it. Most were sent or delivered; a few failed, came back or could not reach anyone (the
officers' queue); a posted letter batch, today's letters waiting to be printed and calls waiting to be made.
The demo member login has its own history for "Messages we sent you" and the home page. Runs after the apps
whose events the messages are about."""

from __future__ import annotations

import datetime

from coproduce.accounts.models import Role, User
from coproduce.notifications import selectors
from coproduce.notifications.choices import Channel, Status
from coproduce.notifications.models import LetterBatch, Message
from coproduce.people.models import Person

from ..logins import DEMO_LOGIN_BY_ROLE
from .context import ANCHOR, BATCH_SIZE, DemoContext

# (template, subject, body): service messages of the kinds the apps send.
KINDS = [
    ("meeting_invitation", "You are invited: Carers' forum",
     "You are invited to the Carers' forum. Say whether you can come, and tell us what support you need."),
    ("meeting_reminder", "Reminder: Day services design group",
     "The Day services design group meets on Tuesday at 10:00 at Wyvernbridge Library."),
    ("meeting_changed", "Changed: Transport working group",
     "The Transport working group has moved to Thursday at 14:00. Sorry for any trouble this causes."),
    ("claim_ready_to_check", "Please check your claim for Carers' forum",
     "Thank you for coming. We have started a claim for your time: 2 hours, £40.00. Please check it."),
    ("claim_paid", "Your claim has been paid",
     "Your claim has been paid: £40.00, by bank transfer. It can take up to three working days to arrive."),
    ("opportunity_invitation", "An opportunity you might like: Young carers' panel",
     "We think the Young carers' panel might interest you, from what you told us about yourself."),
]  # fmt: skip
# Shares of what became of sent messages.
OUTCOMES = [(Status.DELIVERED, 0.75), (Status.SENT, 0.15), (Status.FAILED, 0.06), (Status.RETURNED, 0.04)]


def _outcome(rng, channel: str) -> str:
    roll, total = rng.random(), 0.0
    for status, share in OUTCOMES:
        total += share
        if roll < total:
            if status == Status.RETURNED and channel != Channel.LETTER:
                return Status.FAILED
            return status
    return Status.DELIVERED


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("notifications")
    officer = User.objects.filter(role_grants__role=Role.OFFICER).order_by("pk").first()
    people = list(Person.objects.current().order_by("pk")[: ctx.scaled(400)])
    member_email = DEMO_LOGIN_BY_ROLE[Role.MEMBER].email
    member = Person.objects.filter(user__email=member_email).first()
    if member is not None and member not in people:
        people.append(member)
    batch = LetterBatch.objects.create(
        made_at=ANCHOR - datetime.timedelta(days=3),
        made_by=officer,
        posted_at=ANCHOR - datetime.timedelta(days=3),
        posted_by=officer,
    )
    messages = []
    for person in people:
        channel, address = selectors.choose_channel(person)
        easy_read = selectors.wants_easy_read(person)
        count = 4 if person == member else rng.randint(0, 3)
        for n in range(count):
            template, subject, body = rng.choice(KINDS)
            at = ANCHOR - datetime.timedelta(days=rng.randint(1, 120), minutes=rng.randrange(600))
            status = _outcome(rng, channel) if channel else Status.UNREACHABLE
            if channel == Channel.PHONE:
                status = Status.SENT  # the officer passed it on
            not_reached = status in (Status.FAILED, Status.RETURNED, Status.UNREACHABLE)
            dealt_with = not_reached and at < ANCHOR - datetime.timedelta(days=21)
            messages.append(
                Message(
                    event_key=f"demo:{person.pk}:{n}",
                    template=template,
                    person=person,
                    channel=channel or Channel.EMAIL,
                    address=address,
                    easy_read=easy_read,
                    subject=subject,
                    body=f"Dear {person.display_name},\n\n{body}\n",
                    status=status,
                    created_at=at,
                    sent_at=at if channel else None,
                    status_at=at + datetime.timedelta(hours=rng.randint(1, 48)),
                    attempts=1 if channel else 0,
                    failure="permanent-failure" if status == Status.FAILED else "",
                    letter_batch=batch if channel == Channel.LETTER and status != Status.FAILED else None,
                    # Older failures were dealt with; the last weeks' wait on the officers' queue.
                    resolved_at=at + datetime.timedelta(days=2) if dealt_with else None,
                    resolved_by=officer if dealt_with else None,
                )
            )
        if channel in (Channel.LETTER, Channel.PHONE) and rng.random() < 0.2:
            # Today's: a letter waiting for the next batch, or a call waiting to be made.
            template, subject, body = KINDS[1]
            messages.append(
                Message(
                    event_key=f"demo:{person.pk}:today",
                    template=template,
                    person=person,
                    channel=channel,
                    address=address,
                    easy_read=easy_read,
                    subject=subject,
                    body=f"Dear {person.display_name},\n\n{body}\n",
                    status=Status.QUEUED,
                    created_at=ANCHOR,
                    status_at=ANCHOR,
                )
            )
    Message.objects.bulk_create(messages, batch_size=BATCH_SIZE)
    ctx.audit.add("notifications.letters_posted", batch, ["posted_at"])
    ctx.audit.flush()
    ctx.counts["messages"] = len(messages)
