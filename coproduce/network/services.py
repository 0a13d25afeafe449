"""Writes for the champions network. Each verb runs in one transaction and writes its audit event; emails
go through the task queue on commit. Refusals raise ServiceError naming the field they belong to."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts import services as account_services
from coproduce.accounts.models import Role
from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.meetings import services as meeting_services
from coproduce.meetings.choices import BodyRole
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import Person
from coproduce.people.services import register_person

from . import choices
from .models import (
    Activity,
    Champion,
    EventBooking,
    Induction,
    Newsletter,
    NewsletterDelivery,
    NewsletterOptOut,
    OutreachContact,
    OutreachPartner,
    Pledge,
    Recommendation,
    Recruit,
)

PROFILE_FIELDS = ("kind", "area", "organisation", "team", "why")


def _m2m(champion, communities, topics) -> list[str]:
    changed = []
    if communities is not None:
        champion.communities.set(communities)
        changed.append("communities")
    if topics is not None:
        champion.topics.set(topics)
        changed.append("topics")
    return changed


def _today():
    return timezone.localdate()


def _not_future(day, field: str, what: str):
    if day is None:
        raise ServiceError(f"Enter the date {what}", field=field)
    if day > _today():
        raise ServiceError(f"The date {what} must be today or in the past", field=field)


def _reach(value, field: str = "reached"):
    if value is None or value < 0:
        raise ServiceError("The number of people reached must be 0 or more", field=field)


# --- The pledge ---------------------------------------------------------------------------------------------


def publish_pledge(*, text: str, actor, request=None) -> Pledge:
    if not (text or "").strip():
        raise ServiceError("Enter the text of the pledge", field="text")
    with transaction.atomic(durable=True):
        latest = Pledge.objects.select_for_update().order_by("-version").first()
        pledge = Pledge.objects.create(
            version=(latest.version + 1) if latest else 1, text=text.strip(), published_by=actor
        )
        record("network.pledge_published", actor=actor, obj=pledge, changed_fields=["text"], request=request)
    return pledge


# --- Becoming a champion ------------------------------------------------------------------------------------


def apply(
    person, *, actor, agree_pledge: bool, communities=(), topics=(), request=None, **fields
) -> Champion:
    """A member applies to be a champion, agreeing the current pledge."""
    pledge = Pledge.objects.order_by("-version").first()
    if pledge is None:
        raise ServiceError("The pledge has not been published yet: please ask the co-production team")
    if not agree_pledge:
        raise ServiceError("Tick to agree the champion pledge", field="agree_pledge")
    with transaction.atomic(durable=True):
        existing = Champion.objects.select_for_update().filter(person=person).order_by("pk").first()
        if existing and existing.status not in (
            choices.ChampionStatus.DECLINED,
            choices.ChampionStatus.STEPPED_DOWN,
        ):
            raise ConflictError("You are already on the champions register or waiting for a decision")
        champion = existing or Champion(person=person)
        for name in PROFILE_FIELDS:
            if name in fields:
                setattr(champion, name, fields[name])
        champion.status = choices.ChampionStatus.APPLIED
        champion.route = choices.Route.APPLIED
        champion.pledge, champion.pledge_agreed_at = pledge, timezone.now()
        champion.decided_at = champion.decided_by = None
        champion.stepped_down_on = None
        champion.save()
        _m2m(champion, communities, topics)
        record(
            "network.applied",
            actor=actor,
            obj=champion,
            changed_fields=[*fields, "communities", "topics", "pledge"],
            request=request,
        )
    return champion


def nominate(person, *, actor, communities=(), topics=(), request=None, **fields) -> Champion:
    """An officer (or colleague, through an officer) nominates someone; they agree the pledge later."""
    with transaction.atomic(durable=True):
        if (
            Champion.objects.filter(person=person)
            .exclude(status__in=[choices.ChampionStatus.DECLINED, choices.ChampionStatus.STEPPED_DOWN])
            .exists()
        ):
            raise ServiceError(
                "This person is already on the register or waiting for a decision", field="person"
            )
        champion = Champion.objects.filter(person=person).first() or Champion(person=person)
        for name in PROFILE_FIELDS:
            if name in fields:
                setattr(champion, name, fields[name])
        champion.status = choices.ChampionStatus.NOMINATED
        champion.route = choices.Route.NOMINATED
        champion.nominated_by = actor
        champion.pledge = champion.pledge_agreed_at = None
        champion.stepped_down_on = None
        champion.save()
        _m2m(champion, communities, topics)
        record("network.nominated", actor=actor, obj=champion, changed_fields=[*fields], request=request)
    return champion


def nominate_by_email(email: str, *, actor, request=None, **details) -> Champion | None:
    """A member nominates someone who has joined the network, by their email address. Whether the address
    belongs to anyone (or to someone already on the register) is not told to the member: the answer is the
    same either way and only a match is nominated (the nominee agrees the pledge; an officer decides)."""
    address = (email or "").strip().lower()
    own = getattr(getattr(actor, "person", None), "email_search", None)
    if address and address == own:
        raise ServiceError("That is your own address: to become a champion yourself, apply", field="email")
    person = Person.objects.current().filter(email_search=address).order_by("pk").first() if address else None
    if person is None:
        return None
    if person.user_id == actor.pk:
        raise ServiceError("That is your own address: to become a champion yourself, apply", field="email")
    try:
        return nominate(person, actor=actor, request=request, **details)
    except ServiceError:
        return None  # already on the register or waiting: the member is told nothing more


def agree_pledge(champion: Champion, *, actor, request=None) -> Champion:
    pledge = Pledge.objects.order_by("-version").first()
    if pledge is None:
        raise ServiceError("The pledge has not been published yet")
    with transaction.atomic(durable=True):
        champion.pledge, champion.pledge_agreed_at = pledge, timezone.now()
        champion.save(update_fields=["pledge", "pledge_agreed_at"])
        record("network.pledge_agreed", actor=actor, obj=champion, changed_fields=["pledge"], request=request)
    return champion


def update_champion(
    champion: Champion, *, actor, communities=None, topics=None, request=None, **fields
) -> list[str]:
    with transaction.atomic(durable=True):
        changed = [
            name for name in PROFILE_FIELDS if name in fields and getattr(champion, name) != fields[name]
        ]
        for name in changed:
            setattr(champion, name, fields[name])
        champion.save()
        changed += _m2m(champion, communities, topics)
        record("network.champion_changed", actor=actor, obj=champion, changed_fields=changed, request=request)
    return changed


def _champions_body():
    from coproduce.meetings.choices import BodyKind
    from coproduce.meetings.selectors import body_of_kind

    return body_of_kind(BodyKind.NETWORK)


def sync_role_and_body(champion: Champion, *, actor, request=None) -> list[str]:
    """Make the champion role and the champions body match the register: an active champion holds the role
    (when they have a sign-in) and belongs to the body; anyone else holds neither. Returns what changed."""
    changed = []
    person = champion.person
    active = champion.status == choices.ChampionStatus.ACTIVE and person.erased_at is None
    if person.user_id:
        if active and account_services.grant_role(person.user, Role.CHAMPION, actor=actor, request=request):
            changed.append("role_granted")
        if not active and account_services.revoke_role(
            person.user, Role.CHAMPION, actor=actor, request=request
        ):
            changed.append("role_revoked")
    body = _champions_body()
    if body is not None:
        membership = body.memberships.current().filter(person=person).first()
        if active and membership is None:
            meeting_services.add_body_member(body, person, role=BodyRole.MEMBER, actor=actor, request=request)
            changed.append("body_joined")
        if not active and membership is not None:
            meeting_services.remove_body_member(membership, actor=actor, request=request)
            changed.append("body_left")
    return changed


def approve(champion: Champion, *, actor, note: str = "", request=None) -> Champion:
    """Put an applicant or nominee on the register. Needs the pledge agreed."""
    with transaction.atomic(durable=True):
        champion = (
            Champion.objects.select_for_update(of=("self",))
            .select_related("person__user")
            .order_by()
            .get(pk=champion.pk)
        )
        if champion.status not in choices.PENDING:
            raise ConflictError("This champion has already been decided on")
        if champion.pledge_id is None:
            raise ServiceError(
                "They must agree the champion pledge before they join the register", field="pledge"
            )
        champion.status = choices.ChampionStatus.ACTIVE
        champion.decided_at, champion.decided_by, champion.decision_note = timezone.now(), actor, note
        champion.started_on = _today()
        champion.save()
        record("network.approved", actor=actor, obj=champion, changed_fields=["status"], request=request)
        sync_role_and_body(champion, actor=actor, request=request)
    return champion


def decline(champion: Champion, *, actor, note: str, request=None) -> Champion:
    if not (note or "").strip():
        raise ServiceError("Say why, so the person can be told kindly", field="note")
    with transaction.atomic(durable=True):
        if champion.status not in choices.PENDING:
            raise ConflictError("This champion has already been decided on")
        champion.status = choices.ChampionStatus.DECLINED
        champion.decided_at, champion.decided_by, champion.decision_note = timezone.now(), actor, note
        champion.save()
        record("network.declined", actor=actor, obj=champion, changed_fields=["status"], request=request)
    return champion


def step_down(champion: Champion, *, actor, on: datetime.date | None = None, request=None) -> Champion:
    with transaction.atomic(durable=True):
        if champion.status != choices.ChampionStatus.ACTIVE:
            raise ConflictError("Only a current champion can step down")
        champion.status = choices.ChampionStatus.STEPPED_DOWN
        champion.stepped_down_on = on or _today()
        champion.save()
        record("network.stepped_down", actor=actor, obj=champion, changed_fields=["status"], request=request)
        sync_role_and_body(champion, actor=actor, request=request)
    return champion


def record_induction(
    champion: Champion, *, held_on, led_by: str = "", notes: str = "", session=None, actor, request=None
):
    """A dated induction, linked to the training session it was when it was one."""
    _not_future(held_on, "held_on", "of the induction")
    if session is not None and session.starts_at > timezone.now():
        raise ServiceError("Choose a training session that has taken place", field="session")
    with transaction.atomic(durable=True):
        induction = Induction.objects.create(
            champion=champion, held_on=held_on, led_by=led_by, notes=notes, session=session, recorded_by=actor
        )
        record(
            "network.induction_recorded",
            actor=actor,
            obj=induction,
            changed_fields=["held_on", *(["session"] if session else [])],
            request=request,
        )
    return induction


# --- Activity and recommendations ---------------------------------------------------------------------------


def record_activity(champion: Champion, *, actor, request=None, **fields) -> Activity:
    """Log an activity. Refused for a date in the future or a reach below zero (by the field)."""
    _not_future(fields.get("happened_on"), "happened_on", "it happened")
    _reach(fields.get("reached"))
    if champion.status != choices.ChampionStatus.ACTIVE:
        raise ServiceError("Activity can only be recorded for a current champion")
    on_behalf = champion.person.user_id != getattr(actor, "pk", None)
    with transaction.atomic(durable=True):
        fields.setdefault("area", champion.area)
        activity = Activity.objects.create(
            champion=champion, recorded_by=actor, on_behalf=on_behalf, **fields
        )
        record(
            "network.activity_recorded",
            actor=actor,
            obj=activity,
            changed_fields=sorted(fields),
            request=request,
        )
    return activity


def raise_recommendation(champion: Champion, *, title: str, text: str, actor, request=None) -> Recommendation:
    if not (title or "").strip():
        raise ServiceError("Enter a short title", field="title")
    if not (text or "").strip():
        raise ServiceError("Enter the recommendation", field="text")
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.create(
            champion=champion, title=title.strip(), text=text.strip(), raised_by=actor
        )
        record(
            "network.recommendation_raised",
            actor=actor,
            obj=recommendation,
            changed_fields=["text"],
            request=request,
        )
    return recommendation


def answer_recommendation(recommendation: Recommendation, *, response: str, actor, request=None):
    if not (response or "").strip():
        raise ServiceError("Enter the team's response", field="response")
    with transaction.atomic(durable=True):
        if recommendation.status == choices.RecommendationStatus.CLOSED:
            raise ConflictError("This recommendation's outcome has already been recorded")
        recommendation.response = response.strip()
        recommendation.status = choices.RecommendationStatus.ANSWERED
        recommendation.answered_at, recommendation.answered_by = timezone.now(), actor
        recommendation.save()
        record(
            "network.recommendation_answered",
            actor=actor,
            obj=recommendation,
            changed_fields=["response"],
            request=request,
        )
    return recommendation


def record_outcome(recommendation: Recommendation, *, outcome: str, note: str, actor, request=None):
    if recommendation.status == choices.RecommendationStatus.RAISED:
        raise ServiceError("Respond to the recommendation before recording its outcome", field="outcome")
    if outcome not in choices.Outcome.values:
        raise ServiceError("Choose the outcome", field="outcome")
    if outcome == choices.Outcome.NOT_TAKEN_FORWARD and not (note or "").strip():
        raise ServiceError("Say why it was not taken forward", field="note")
    with transaction.atomic(durable=True):
        recommendation.outcome, recommendation.outcome_note = outcome, (note or "").strip()
        recommendation.status = choices.RecommendationStatus.CLOSED
        recommendation.closed_at = timezone.now()
        recommendation.save()
        record(
            "network.recommendation_closed",
            actor=actor,
            obj=recommendation,
            changed_fields=["outcome"],
            request=request,
        )
    return recommendation


# --- Recruits -----------------------------------------------------------------------------------------------


def attribute_recruit(person, champion: Champion, *, route: str, actor, request=None) -> Recruit | None:
    """Count `person` as `champion`'s recruit (once: the first champion who brought them keeps them)."""
    if champion.person_id == person.pk:
        return None
    with transaction.atomic():
        if Recruit.objects.filter(person=person).exists():
            return None
        recruit = Recruit.objects.create(
            champion=champion,
            person=person,
            route=route,
            attributed_by=actor if route == choices.RecruitRoute.OFFICER else None,
        )
        record(
            "network.recruit_attributed",
            actor=actor,
            obj=recruit,
            changed_fields=["champion"],
            request=request,
        )
    return recruit


def set_named_to_champion(recruit: Recruit, named: bool, *, actor, request=None) -> Recruit:
    with transaction.atomic(durable=True):
        recruit.named_to_champion = bool(named)
        recruit.save(update_fields=["named_to_champion"])
        record(
            "network.recruit_naming_changed",
            actor=actor,
            obj=recruit,
            changed_fields=["named_to_champion"],
            request=request,
        )
    return recruit


# --- Outreach -----------------------------------------------------------------------------------------------


def save_partner(
    partner: OutreachPartner | None, *, actor, communities=None, request=None, **fields
) -> OutreachPartner:
    with transaction.atomic(durable=True):
        creating = partner is None
        partner = partner or OutreachPartner()
        changed = [name for name, value in fields.items() if getattr(partner, name) != value]
        for name, value in fields.items():
            setattr(partner, name, value)
        partner.save()
        if communities is not None:
            partner.communities.set(communities)
            changed.append("communities")
        record(
            "network.partner_added" if creating else "network.partner_changed",
            actor=actor,
            obj=partner,
            changed_fields=changed,
            request=request,
        )
    return partner


def log_outreach(partner: OutreachPartner, *, actor, request=None, **fields) -> OutreachContact:
    _not_future(fields.get("happened_on"), "happened_on", "of the outreach")
    _reach(fields.get("reached", 0))
    if not (fields.get("what") or "").strip():
        raise ServiceError("Say what was done", field="what")
    with transaction.atomic(durable=True):
        contact = OutreachContact.objects.create(partner=partner, recorded_by=actor, **fields)
        OutreachPartner.objects.filter(pk=partner.pk).exclude(
            last_contact_on__gte=contact.happened_on
        ).update(last_contact_on=contact.happened_on)
        record(
            "network.outreach_logged",
            actor=actor,
            obj=contact,
            changed_fields=sorted(fields),
            request=request,
        )
    return contact


# --- Public events ------------------------------------------------------------------------------------------


def book_public_event(meeting, *, actor=None, request=None, **fields) -> EventBooking:
    """Anyone books a place at a public event: a name and a way to contact them are needed."""
    from coproduce.meetings.selectors import is_bookable_public_event

    if not (fields.get("name") or "").strip():
        raise ServiceError("Enter your name", field="name")
    if not (fields.get("email") or fields.get("phone")):
        raise ServiceError("Enter an email address or a phone number so we can reach you", field="email")
    with transaction.atomic(durable=True):
        if not is_bookable_public_event(meeting):
            raise ConflictError("Bookings for this event have closed")
        taken = EventBooking.objects.filter(meeting=meeting, cancelled_at__isnull=True).count()
        if meeting.capacity and taken >= meeting.capacity:
            raise ConflictError(
                "This event is full. Please phone the co-production team to go on a waiting list"
            )
        booking = EventBooking.objects.create(meeting=meeting, **fields)
        record(
            "network.event_booked", actor=actor, obj=booking, changed_fields=sorted(fields), request=request
        )
    return booking


def register_from_booking(booking: EventBooking, *, actor, request=None):
    """Register someone who asked at a public event to join the network (consent to contact taken in person
    by the officer), linking the booking to their new profile."""
    with transaction.atomic(durable=True):
        booking = EventBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.person_id:
            raise ConflictError("This person has already been registered")
        person = register_person(
            profile={
                "full_name": booking.name,
                "email": booking.email,
                "phone": booking.phone,
                "access_needs": booking.access_needs,
            },
            consents={ConsentPurpose.CONTACT: True},
            method=ConsentMethod.IN_PERSON,
            actor=actor,
            request=request,
        )
        booking.person = person
        booking.save(update_fields=["person"])
        record(
            "network.joined_from_event", actor=actor, obj=booking, changed_fields=["person"], request=request
        )
    return person


# --- Newsletters --------------------------------------------------------------------------------------------


def _newsletter_checks(subject: str, body: str):
    if not (subject or "").strip():
        raise ServiceError("Enter a subject", field="subject")
    if not (body or "").strip():
        raise ServiceError("Write the newsletter: its body cannot be empty", field="body")


def write_newsletter(
    newsletter: Newsletter | None, *, subject: str, body: str, audience: str, actor, request=None
):
    _newsletter_checks(subject, body)
    with transaction.atomic(durable=True):
        if newsletter is not None and newsletter.status != choices.NewsletterStatus.DRAFT:
            raise ConflictError("This newsletter has been sent and can no longer be changed")
        creating = newsletter is None
        newsletter = newsletter or Newsletter(written_by=actor)
        newsletter.subject, newsletter.body, newsletter.audience = subject.strip(), body, audience
        newsletter.save()
        record(
            "network.newsletter_written" if creating else "network.newsletter_changed",
            actor=actor,
            obj=newsletter,
            changed_fields=["subject", "body", "audience"],
            request=request,
        )
    return newsletter


def send_newsletter(newsletter: Newsletter, *, actor, request=None) -> int:
    """Make one delivery per recipient and queue the sending task on commit. Returns how many."""
    from . import selectors
    from .tasks import deliver_newsletter

    _newsletter_checks(newsletter.subject, newsletter.body)
    with transaction.atomic(durable=True):
        locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if locked.status != choices.NewsletterStatus.DRAFT:
            raise ConflictError("This newsletter has already been sent")
        people = selectors.newsletter_recipient_ids(locked.audience)
        NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(newsletter=locked, person_id=pk) for pk in people], batch_size=1000
        )
        locked.status = choices.NewsletterStatus.SENDING
        locked.sent_at, locked.sent_by, locked.recipients = timezone.now(), actor, len(people)
        locked.save()
        record("network.newsletter_sent", actor=actor, obj=locked, changed_fields=["status"], request=request)
        transaction.on_commit(lambda: deliver_newsletter.enqueue(locked.pk))
    newsletter.refresh_from_db()
    return len(people)


def mark_delivered(delivery_ids: list[int], *, actor=None, request=None) -> None:
    """The newsletter task's bookkeeping (no person acts: `actor` is None)."""
    NewsletterDelivery.objects.filter(pk__in=delivery_ids, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )


def finish_newsletter(newsletter_id: int, *, actor=None, request=None) -> None:
    """The newsletter task's last step (no person acts: `actor` is None)."""
    Newsletter.objects.filter(pk=newsletter_id, status=choices.NewsletterStatus.SENDING).update(
        status=choices.NewsletterStatus.SENT
    )


def unsubscribe(person, *, actor=None, request=None) -> bool:
    """The signed link in a newsletter: the reader need not be signed in, so `actor` is usually None."""
    with transaction.atomic(durable=True):
        _, created = NewsletterOptOut.objects.get_or_create(person=person)
        if created:
            record(
                "network.unsubscribed",
                actor=actor,
                obj=person,
                changed_fields=["newsletter"],
                request=request,
            )
    return created


def resubscribe(person, *, actor, request=None) -> bool:
    with transaction.atomic(durable=True):
        deleted, _ = NewsletterOptOut.objects.filter(person=person).delete()
        if deleted:
            record(
                "network.resubscribed",
                actor=actor,
                obj=person,
                changed_fields=["newsletter"],
                request=request,
            )
    return bool(deleted)


# Where the invitation link leaves the champion's code until the person has joined.
INVITATION_SESSION_KEY = "network.invitation"


def count_recruit(sender, *, person, actor, request=None, attribution=None, **kwargs) -> None:
    """people.services.person_joined receiver: a person who joined through a champion's invitation link
    (the code waits in their session), or whom an officer attributed on the register-on-behalf form, counts
    as that champion's recruit."""
    champion = None
    route = choices.RecruitRoute.LINK
    chosen = (attribution or {}).get("recruited_by")
    if chosen:
        champion = Champion.objects.active().filter(pk=chosen).first()
        route = choices.RecruitRoute.OFFICER
    elif request is not None and hasattr(request, "session"):
        code = request.session.pop(INVITATION_SESSION_KEY, None)
        if code:
            champion = Champion.objects.active().filter(invitation_code=code).first()
    if champion is not None:
        attribute_recruit(person, champion, route=route, actor=actor, request=request)
