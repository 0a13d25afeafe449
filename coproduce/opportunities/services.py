"""Writes for opportunities: each verb runs in one transaction and records its audit event there."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.accounts.rules import UNCONFIRMED_EMAIL, has_confirmed_email
from coproduce.audit.services import record
from coproduce.core.errors import ServiceError
from coproduce.notifications.choices import Channel
from coproduce.notifications.selectors import address_for
from coproduce.payments.choices import Activity
from coproduce.people.models import Person
from coproduce.projects.choices import TeamRole
from coproduce.projects.services import add_team_member

from . import emails
from .choices import CameIn, InterestStatus, InvitationMethod, Status
from .models import ExpressionOfInterest, Invitation, Opportunity


class OpportunityError(ServiceError, ValueError):
    """A request the rules refuse; the message is plain English, fit to show as it is."""


# Where each status may go next, and the audit verb for the move.
TRANSITIONS = {
    (Status.DRAFT, Status.OPEN): "opportunity.published",
    (Status.OPEN, Status.CLOSED): "opportunity.closed",
    (Status.OPEN, Status.FILLED): "opportunity.filled",
    (Status.CLOSED, Status.FILLED): "opportunity.filled",
    (Status.CLOSED, Status.OPEN): "opportunity.reopened",
}
MANY_TO_MANY = ("lived_experience", "interests")


def _set_relations(opportunity: Opportunity, values: dict) -> list[str]:
    changed = []
    for name in MANY_TO_MANY:
        if name in values:
            wanted = {item.pk for item in values[name]}
            if wanted != set(getattr(opportunity, name).values_list("pk", flat=True)):
                getattr(opportunity, name).set(wanted)
                changed.append(name)
    return changed


@transaction.atomic
def advertise(values: dict, *, actor, request=None) -> Opportunity:
    """Create an opportunity as a draft (publish it to advertise it)."""
    fields = {name: value for name, value in values.items() if name not in MANY_TO_MANY}
    opportunity = Opportunity.objects.create(created_by=actor, **fields)
    _set_relations(opportunity, values)
    record(
        "opportunity.advertised",
        actor=actor,
        obj=opportunity,
        changed_fields=values.keys(),
        request=request,
    )
    return opportunity


@transaction.atomic
def update_opportunity(opportunity: Opportunity, values: dict, *, actor, request=None) -> list[str]:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    changed = [
        name
        for name, value in values.items()
        if name not in MANY_TO_MANY and getattr(opportunity, name) != value
    ]
    for name in changed:
        setattr(opportunity, name, values[name])
    if changed:
        opportunity.save(update_fields=changed)
    changed += _set_relations(opportunity, values)
    if changed:
        record("opportunity.changed", actor=actor, obj=opportunity, changed_fields=changed, request=request)
    return changed


@transaction.atomic
def change_status(opportunity: Opportunity, status: str, *, actor, request=None) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    verb = TRANSITIONS.get((opportunity.status, status))
    if verb is None:
        raise OpportunityError(
            f"A {opportunity.get_status_display().lower()} opportunity cannot become "
            f"{Status(status).label.lower()}."
        )
    if status == Status.OPEN and opportunity.closes_on < timezone.localdate():
        raise OpportunityError("The closing date has passed. Change it before opening the opportunity.")
    changed = ["status"]
    opportunity.status = status
    if status == Status.OPEN and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
        changed.append("published_at")
    opportunity.save(update_fields=changed)
    record(verb, actor=actor, obj=opportunity, changed_fields=changed, request=request)
    return opportunity


# --- Expressions of interest -------------------------------------------------------------------------------


@transaction.atomic
def express_interest(
    opportunity: Opportunity,
    person: Person,
    answers: dict,
    *,
    actor,
    came_in: str = CameIn.ONLINE,
    came_in_note: str = "",
    request=None,
) -> ExpressionOfInterest:
    """Record that `person` is interested (`answers`: why, brings, access_needs, access_needs_detail,
    contact_method). Refused after the closing date or when they already have a live expression."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not opportunity.is_accepting():
        raise OpportunityError(
            f"“{opportunity.title}” closed on {opportunity.closes_on:%-d %B %Y}, so it is no longer taking "
            "expressions of interest."
            if opportunity.closes_on < timezone.localdate()
            else f"“{opportunity.title}” is not taking expressions of interest."
        )
    if person.erased_at is not None:
        raise OpportunityError("This person's record has been erased.")
    applying_for_themselves = person.user_id is not None and person.user_id == getattr(actor, "pk", None)
    if applying_for_themselves and not has_confirmed_email(actor):
        raise OpportunityError(UNCONFIRMED_EMAIL)
    if ExpressionOfInterest.objects.live().filter(opportunity=opportunity, person=person).exists():
        raise OpportunityError(f"{person.display_name} has already said they are interested in this.")
    try:
        with transaction.atomic():
            interest = ExpressionOfInterest.objects.create(
                opportunity=opportunity,
                person=person,
                came_in=came_in,
                came_in_note=came_in_note,
                recorded_by=actor,
                **answers,
            )
    except IntegrityError:  # a second request that raced past the check above
        raise OpportunityError(
            f"{person.display_name} has already said they are interested in this."
        ) from None
    record(
        "opportunity.interest_expressed",
        actor=actor,
        obj=interest,
        changed_fields=["why", "brings", "access_needs", "contact_method", "came_in"],
        request=request,
    )
    emails.tell_team_about_interest(interest)
    return interest


@transaction.atomic
def withdraw(interest: ExpressionOfInterest, *, actor, request=None) -> ExpressionOfInterest:
    interest = ExpressionOfInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != InterestStatus.ACTIVE:
        raise OpportunityError(
            "A decision has already been made about this, so it cannot be withdrawn here. "
            "Please contact the co-production team."
            if interest.status != InterestStatus.WITHDRAWN
            else "You have already withdrawn this."
        )
    interest.status = InterestStatus.WITHDRAWN
    interest.withdrawn_at = timezone.now()
    interest.save(update_fields=["status", "withdrawn_at"])
    record(
        "opportunity.interest_withdrawn",
        actor=actor,
        obj=interest,
        changed_fields=["status", "withdrawn_at"],
        request=request,
    )
    return interest


# --- Invitations -------------------------------------------------------------------------------------------


@transaction.atomic
def invite(opportunity: Opportunity, person: Person, method: str, *, actor, request=None) -> Invitation:
    """Invite someone whose experience fits: by email, or by a letter that goes in the next letter batch (or
    to GOV.UK Notify to post)."""
    if person.erased_at is not None or not person.consents_to_contact:
        raise OpportunityError(f"{person.full_name} has not agreed to be contacted about opportunities.")
    if opportunity.status == Status.DRAFT:
        raise OpportunityError("Publish the opportunity before inviting people to it.")
    if method == InvitationMethod.EMAIL and not person.email:
        raise OpportunityError(f"We have no email address for {person.full_name}. Send a letter instead.")
    if method == InvitationMethod.LETTER and not address_for(person, Channel.LETTER):
        raise OpportunityError(f"We have no full postal address (with postcode) for {person.full_name}.")
    invitation = Invitation.objects.create(
        opportunity=opportunity, person=person, method=method, invited_by=actor
    )
    record(
        "opportunity.invited",
        actor=actor,
        obj=invitation,
        changed_fields=["person", "method"],
        request=request,
    )
    emails.invite(invitation)
    return invitation


# --- Selection ---------------------------------------------------------------------------------------------


def _decide(interest: ExpressionOfInterest, status: str, message: str, *, actor, request) -> None:
    interest.status = status
    interest.decided_at = timezone.now()
    interest.decided_by = actor
    interest.outcome_message = message
    interest.save(update_fields=["status", "decided_at", "decided_by", "outcome_message"])
    verb = (
        "opportunity.interest_selected"
        if status == InterestStatus.SELECTED
        else "opportunity.interest_declined"
    )
    record(
        verb,
        actor=actor,
        obj=interest,
        changed_fields=["status", "decided_at", "decided_by", "outcome_message"],
        request=request,
    )
    emails.tell_outcome(interest)


def _with_note(message: str, note: str) -> str:
    return f"{message}\n\n{note}" if note else message


def _places(places: int) -> str:
    return "There is 1 place" if places == 1 else f"There are {places} places"


@transaction.atomic
def select(
    opportunity: Opportunity, chosen_ids: Iterable[int], *, actor, note: str = "", request=None
) -> tuple[list[ExpressionOfInterest], list[ExpressionOfInterest]]:
    """Decide everyone waiting: the chosen are selected (and join the project team), the rest are told
    kindly that they were not selected this time. People already decided are left as they are, so choosing
    again is harmless and sends nothing twice. Returns (newly selected, newly not selected)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    chosen = set(chosen_ids)
    live = list(
        ExpressionOfInterest.objects.live()
        .select_for_update()
        .filter(opportunity=opportunity)
        .select_related("person", "opportunity")
    )
    by_id = {interest.pk: interest for interest in live}
    unknown = chosen - set(by_id)
    if unknown:
        raise OpportunityError("Some of the people chosen have withdrawn or did not apply for this.")
    refused = [by_id[pk] for pk in chosen if by_id[pk].status == InterestStatus.NOT_SELECTED]
    if refused:
        names = ", ".join(sorted(interest.person.full_name for interest in refused))
        raise OpportunityError(f"{names} have already been told they were not selected.")
    already = [interest for interest in live if interest.status == InterestStatus.SELECTED]
    newly = [
        interest for interest in live if interest.pk in chosen and interest.status == InterestStatus.ACTIVE
    ]
    if len(already) + len(newly) > opportunity.places:
        raise OpportunityError(
            f"{_places(opportunity.places)} and you have chosen {len(already) + len(newly)} people. "
            "Choose fewer people."
        )
    declined = [
        interest
        for interest in live
        if interest.status == InterestStatus.ACTIVE and interest.pk not in chosen
    ]
    for interest in newly:
        _decide(
            interest,
            InterestStatus.SELECTED,
            _with_note(emails.SELECTED_MESSAGE, note),
            actor=actor,
            request=request,
        )
        if opportunity.project_id:
            # Someone recruited to paid peer research joins as the project's peer researcher (evaluation's
            # workspace, and their sessions claimed at the peer research rate).
            role = (
                TeamRole.PEER_RESEARCHER
                if opportunity.reward_activity == Activity.PEER_RESEARCH
                else TeamRole.MEMBER
            )
            add_team_member(opportunity.project, interest.person, role, actor=actor, request=request)
    for interest in declined:
        _decide(
            interest,
            InterestStatus.NOT_SELECTED,
            _with_note(emails.NOT_SELECTED_MESSAGE, note),
            actor=actor,
            request=request,
        )
    if len(already) + len(newly) == opportunity.places and opportunity.status in (Status.OPEN, Status.CLOSED):
        change_status(opportunity, Status.FILLED, actor=actor, request=request)
    return newly, declined
