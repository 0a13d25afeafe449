"""Writes for the programme, the board and the concordat. Each verb runs in one transaction (durable: it is
the outermost), checks its rules before writing (a refusal is a ServiceError naming the field it is about,
so nothing is half-saved) and records its audit event there; emails are queued on commit."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts import services as account_services
from coproduce.accounts.models import Role
from coproduce.accounts.selectors import site_url
from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.meetings import services as meetings_services
from coproduce.meetings.choices import BodyKind, BodyRole
from coproduce.notifications.services import notify, notify_by_email

from . import choices, selectors
from .choices import CO_CHAIR_ROLES, ChallengeStatus, Shift
from .models import (
    BoardTerm,
    Challenge,
    Commitment,
    ConcordatVersion,
    PlanItem,
    Programme,
    Recruitment,
    ShiftNote,
    ShiftRecord,
    Signature,
    Sponsor,
    TeamMember,
    TermsOfReference,
)

PROGRAMME_FIELDS = ("name", "started_on", "description", "budget", "cost_centres")


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(day: datetime.date, field: str, what: str) -> None:
    if day > _today():
        raise ServiceError(f"{what} must be today or in the past", field=field)


# --- The programme record ---------------------------------------------------------------------------------


def create_programme(*, actor, request=None, **fields) -> Programme:
    """The programme record, with a record for each of the seven shifts."""
    with transaction.atomic(durable=True):
        if Programme.objects.exists():
            raise ConflictError("The programme already has its record: change that one instead")
        programme = Programme.objects.create(
            **{name: fields[name] for name in PROGRAMME_FIELDS if name in fields}
        )
        ShiftRecord.objects.bulk_create(
            [ShiftRecord(programme=programme, shift=shift) for shift in Shift.values]
        )
        record("programme.created", actor=actor, obj=programme, changed_fields=list(fields), request=request)
    return programme


def update_programme(programme: Programme, *, actor, request=None, **changes) -> list[str]:
    changed = [
        name for name in PROGRAMME_FIELDS if name in changes and getattr(programme, name) != changes[name]
    ]
    if not changed:
        return []
    with transaction.atomic(durable=True):
        for name in changed:
            setattr(programme, name, changes[name])
        programme.updated_at = timezone.now()
        programme.save()
        record("programme.updated", actor=actor, obj=programme, changed_fields=changed, request=request)
    return changed


def add_team_member(programme: Programme, *, person, role: str, actor, request=None) -> TeamMember:
    with transaction.atomic(durable=True):
        if programme.team.filter(person=person).exists():
            raise ServiceError(f"{person.full_name} is already on the co-production team", field="person")
        member = TeamMember.objects.create(programme=programme, person=person, role=role, joined_on=_today())
        record(
            "programme.team_member_added",
            actor=actor,
            obj=member,
            changed_fields=["person", "role"],
            request=request,
        )
    return member


def remove_team_member(member: TeamMember, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        record(
            "programme.team_member_removed",
            actor=actor,
            obj=member,
            changed_fields=["person"],
            request=request,
        )
        member.delete()


def update_shift(shift: ShiftRecord, *, actor, request=None, owner=None, status: str) -> list[str]:
    changed = [
        name for name, value in (("owner", owner), ("status", status)) if getattr(shift, name) != value
    ]
    if not changed:
        return []
    with transaction.atomic(durable=True):
        shift.owner, shift.status, shift.updated_at = owner, status, timezone.now()
        shift.save()
        record("programme.shift_updated", actor=actor, obj=shift, changed_fields=changed, request=request)
    return changed


def add_shift_note(
    shift: ShiftRecord, *, actor, request=None, noted_on: datetime.date, text: str
) -> ShiftNote:
    _not_in_future(noted_on, "noted_on", "The date of the note")
    with transaction.atomic(durable=True):
        note = ShiftNote.objects.create(shift=shift, noted_on=noted_on, text=text, written_by=actor)
        shift.updated_at = timezone.now()
        shift.save(update_fields=["updated_at"])
        record(
            "programme.shift_note_added",
            actor=actor,
            obj=note,
            changed_fields=["noted_on", "text"],
            request=request,
        )
    return note


def add_sponsor(programme: Programme, *, actor, request=None, **fields) -> Sponsor:
    if fields.get("until") and fields["until"] < fields["since"]:
        raise ServiceError("The end of the sponsorship must be on or after its start", field="until")
    with transaction.atomic(durable=True):
        sponsor = Sponsor.objects.create(programme=programme, **fields)
        record(
            "programme.sponsor_added", actor=actor, obj=sponsor, changed_fields=list(fields), request=request
        )
    return sponsor


def end_sponsor(sponsor: Sponsor, *, until: datetime.date, actor, request=None) -> Sponsor:
    if until < sponsor.since:
        raise ServiceError("The end of the sponsorship must be on or after its start", field="until")
    with transaction.atomic(durable=True):
        sponsor.until = until
        sponsor.save(update_fields=["until"])
        record("programme.sponsor_ended", actor=actor, obj=sponsor, changed_fields=["until"], request=request)
    return sponsor


def add_commitment(programme: Programme, *, actor, request=None, **fields) -> Commitment:
    _not_in_future(fields["made_on"], "made_on", "The date it was made")
    if fields["review_on"] <= fields["made_on"]:
        raise ServiceError("The review date must be after the date it was made", field="review_on")
    with transaction.atomic(durable=True):
        commitment = Commitment.objects.create(programme=programme, recorded_by=actor, **fields)
        record(
            "programme.commitment_added",
            actor=actor,
            obj=commitment,
            changed_fields=list(fields),
            request=request,
        )
    return commitment


# --- Terms of reference -------------------------------------------------------------------------------------


def _board_decision(decision, field: str = "decision"):
    if decision is None or decision.body_id is None or decision.body.kind != BodyKind.BOARD:
        raise ServiceError("Choose a decision the board made at one of its meetings", field=field)
    return decision


def approve_terms_of_reference(
    *, actor, request=None, text: str, what_changed: str, decision
) -> TermsOfReference:
    """A new version, approved by a board decision; its review is due a year after the meeting."""
    _board_decision(decision)
    approved_on = decision.meeting.starts_at.date()
    with transaction.atomic(durable=True):
        last = TermsOfReference.objects.aggregate(last=Max("version"))["last"] or 0
        if last and not what_changed.strip():
            raise ServiceError("Say what changed from the last version", field="what_changed")
        terms = TermsOfReference.objects.create(
            version=last + 1,
            text=text,
            what_changed=what_changed,
            decision=decision,
            approved_on=approved_on,
            review_due=_a_year_on(approved_on),
            created_by=actor,
        )
        record(
            "programme.terms_of_reference_approved",
            actor=actor,
            obj=terms,
            changed_fields=["text", "what_changed", "decision"],
            request=request,
        )
    return terms


def _a_year_on(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


# --- Board membership -------------------------------------------------------------------------------------


def _board():
    from coproduce.meetings.models import Body

    return Body.objects.get(kind=BodyKind.BOARD, slug="board")


def _check_term_dates(starts_on, ends_on) -> None:
    if ends_on <= starts_on:
        raise ServiceError("The term must end after it starts", field="ends_on")


def _overlapping(person, starts_on, ends_on, exclude=None):
    terms = BoardTerm.objects.filter(
        person=person, left_on__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude is not None:
        terms = terms.exclude(pk=exclude.pk)
    return terms.exists()


def _sync_body_membership(term: BoardTerm, *, actor, request=None, today=None) -> None:
    """Board meetings are the meetings app's: a current term keeps the person on the board body there (as
    co-chair for a co-chair's term), so they are invited and, as co-chair, organise its meetings. It also
    gives their sign-in the board-member role (read access to every project for check and challenge, the
    board's pages); the end of their last current term takes both away, as the champions register does."""
    body = _board()
    person = term.person
    if term.is_current(today):
        role = BodyRole.CO_CHAIR if term.role in CO_CHAIR_ROLES else BodyRole.MEMBER
        meetings_services.add_body_member(body, person, role=role, actor=actor, request=request)
        if person.user_id:
            account_services.grant_role(person.user, Role.BOARD_MEMBER, actor=actor, request=request)
    elif not BoardTerm.objects.current(today).filter(person=person).exists():
        membership = body.memberships.current().filter(person=person).first()
        if membership is not None:
            meetings_services.remove_body_member(membership, actor=actor, request=request)
        if person.user_id:
            account_services.revoke_role(person.user, Role.BOARD_MEMBER, actor=actor, request=request)


def start_term(
    *, actor, request=None, person, role: str, starts_on, ends_on, organisation: str = ""
) -> BoardTerm:
    _check_term_dates(starts_on, ends_on)
    with transaction.atomic(durable=True):
        if _overlapping(person, starts_on, ends_on):
            raise ServiceError(
                f"{person.full_name} already has a board term in those dates", field="starts_on"
            )
        term = BoardTerm.objects.create(
            person=person,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            organisation=organisation,
            created_by=actor,
        )
        record(
            "programme.board_term_started",
            actor=actor,
            obj=term,
            changed_fields=["person", "role", "starts_on", "ends_on"],
            request=request,
        )
        _sync_body_membership(term, actor=actor, request=request)
    return term


def renew_term(term: BoardTerm, *, actor, request=None, ends_on, role: str | None = None) -> BoardTerm:
    """A new term from the day after this one ends."""
    starts_on = term.ends_on + datetime.timedelta(days=1)
    _check_term_dates(starts_on, ends_on)
    with transaction.atomic(durable=True):
        if term.left_on is not None:
            raise ConflictError("This term was ended early, so it cannot be renewed")
        if BoardTerm.objects.filter(renews=term).exists():
            raise ConflictError("This term has already been renewed")
        if _overlapping(term.person, starts_on, ends_on, exclude=term):
            raise ServiceError(
                f"{term.person.full_name} already has a board term in those dates", field="ends_on"
            )
        renewal = BoardTerm.objects.create(
            person=term.person,
            role=role or term.role,
            starts_on=starts_on,
            ends_on=ends_on,
            organisation=term.organisation,
            renews=term,
            created_by=actor,
        )
        record(
            "programme.board_term_renewed",
            actor=actor,
            obj=renewal,
            changed_fields=["renews", "role", "starts_on", "ends_on"],
            request=request,
        )
        _sync_body_membership(renewal, actor=actor, request=request)
    return renewal


def end_term(term: BoardTerm, *, actor, request=None, left_on) -> BoardTerm:
    if left_on < term.starts_on:
        raise ServiceError("Someone cannot leave before their term starts", field="left_on")
    with transaction.atomic(durable=True):
        if term.left_on is not None:
            raise ConflictError("This term has already ended")
        term.left_on = min(left_on, term.ends_on)
        term.save(update_fields=["left_on"])
        record(
            "programme.board_term_ended", actor=actor, obj=term, changed_fields=["left_on"], request=request
        )
        _sync_body_membership(term, actor=actor, request=request)
    return term


def sync_board_terms(*, today=None, actor=None, request=None) -> int:
    """The daily run: a term recorded ahead of its start day gives its holder the board body and the role on
    that day, and a term that simply ran out (in the last week, so a missed day is caught up) takes them away
    unless another term is current. Safe to run more than once. Returns how many terms it looked at."""
    today = today or _today()
    with transaction.atomic(durable=True):
        terms = list(BoardTerm.objects.current(today).select_related("person__user"))
        terms += list(
            BoardTerm.objects.filter(
                left_on__isnull=True, ends_on__lt=today, ends_on__gte=today - datetime.timedelta(days=7)
            ).select_related("person__user")
        )
        for term in terms:
            _sync_body_membership(term, actor=actor, request=request, today=today)
    return len(terms)


# --- Recruitment ------------------------------------------------------------------------------------------


def start_recruitment(
    *, actor, request=None, person, interest_on, opportunity=None, notes: str = ""
) -> Recruitment:
    _not_in_future(interest_on, "interest_on", "The date they expressed interest")
    if opportunity is not None and opportunity.project_id is not None:
        raise ServiceError("Choose a programme-wide opportunity, not a project's", field="opportunity")
    with transaction.atomic(durable=True):
        if (
            Recruitment.objects.filter(person=person, stopped_on__isnull=True)
            .exclude(step=choices.RecruitmentStep.MEMBER)
            .exists()
        ):
            raise ServiceError(f"{person.full_name} is already on the way onto the board", field="person")
        recruitment = Recruitment.objects.create(
            person=person,
            opportunity=opportunity,
            interest_on=interest_on,
            notes=notes,
            step=choices.RecruitmentStep.INTEREST,
            created_by=actor,
        )
        record(
            "programme.recruitment_started",
            actor=actor,
            obj=recruitment,
            changed_fields=["person", "interest_on", "opportunity", "notes"],
            request=request,
        )
    return recruitment


def record_step(
    recruitment: Recruitment, *, actor, request=None, on, meeting=None, notes: str = ""
) -> Recruitment:
    """Date the next step (observing names the meeting when known)."""
    step = selectors.next_step(recruitment)
    if step is None or recruitment.stopped_on is not None:
        raise ConflictError("There is no next step: they are a full member, or stopped")
    _not_in_future(on, "on", "The date of the step")
    if meeting is not None and (
        step != choices.RecruitmentStep.OBSERVED
        or meeting.body_id is None
        or meeting.body.kind != BodyKind.BOARD
    ):
        raise ServiceError("Choose one of the board's meetings they observed", field="meeting")
    previous = getattr(recruitment, f"{recruitment.step}_on")
    if on < previous:
        raise ServiceError(f"The date must be on or after the last step ({previous:%-d %B %Y})", field="on")
    with transaction.atomic(durable=True):
        setattr(recruitment, f"{step}_on", on)
        recruitment.step = step
        if meeting is not None and step == choices.RecruitmentStep.OBSERVED:
            recruitment.observed_meeting = meeting
        if notes:
            recruitment.notes = f"{recruitment.notes}\n{notes}".strip()
        recruitment.save()
        record(
            "programme.recruitment_step",
            actor=actor,
            obj=recruitment,
            changed_fields=["step", f"{step}_on"],
            request=request,
        )
    return recruitment


def stop_recruitment(recruitment: Recruitment, *, actor, request=None, on) -> Recruitment:
    with transaction.atomic(durable=True):
        if recruitment.stopped_on is not None or recruitment.step == choices.RecruitmentStep.MEMBER:
            raise ConflictError("This recruitment has already finished")
        recruitment.stopped_on = on
        recruitment.save(update_fields=["stopped_on"])
        record(
            "programme.recruitment_stopped",
            actor=actor,
            obj=recruitment,
            changed_fields=["stopped_on"],
            request=request,
        )
    return recruitment


# --- Forward plan -----------------------------------------------------------------------------------------


def _future_board_meeting(meeting) -> None:
    if (
        meeting is None
        or meeting.body_id is None
        or meeting.body.kind != BodyKind.BOARD
        or meeting.cancelled_at is not None
        or meeting.starts_at < timezone.now()
    ):
        raise ServiceError("Choose one of the board's coming meetings", field="meeting")


def plan_item(
    *, actor, request=None, meeting, title: str, description: str = "", led_by: str = ""
) -> PlanItem:
    """Put an item on the forward plan for a coming board meeting: it goes on that meeting's agenda."""
    _future_board_meeting(meeting)
    with transaction.atomic(durable=True):
        agenda_item = meetings_services.add_agenda_item(
            meeting, actor=actor, request=request, title=title, description=description, led_by=led_by
        )
        item = PlanItem.objects.create(
            title=title,
            description=description,
            led_by=led_by,
            meeting=meeting,
            agenda_item=agenda_item,
            created_by=actor,
        )
        record(
            "programme.plan_item_added",
            actor=actor,
            obj=item,
            changed_fields=["title", "meeting"],
            request=request,
        )
    return item


def move_plan_item(item: PlanItem, *, actor, request=None, meeting) -> PlanItem:
    """Plan the item for another coming board meeting: it moves to that meeting's agenda."""
    _future_board_meeting(meeting)
    if meeting.pk == item.meeting_id:
        return item
    with transaction.atomic(durable=True):
        if item.agenda_item is not None:
            meetings_services.delete_agenda_item(item.agenda_item, actor=actor, request=request)
        item.agenda_item = meetings_services.add_agenda_item(
            meeting,
            actor=actor,
            request=request,
            title=item.title,
            description=item.description,
            led_by=item.led_by,
        )
        item.meeting = meeting
        item.save(update_fields=["meeting", "agenda_item"])
        record(
            "programme.plan_item_moved", actor=actor, obj=item, changed_fields=["meeting"], request=request
        )
    return item


# --- Check and challenge ----------------------------------------------------------------------------------


def raise_challenge(*, actor, request=None, project, kind: str, text: str, respond_by) -> Challenge:
    if respond_by < _today():
        raise ServiceError("The date for a response must be today or in the future", field="respond_by")
    if not text.strip():
        raise ServiceError("Write the question, concern or recommendation", field="text")
    with transaction.atomic(durable=True):
        lead = selectors.challenge_lead(project)
        challenge = Challenge.objects.create(
            project=project, kind=kind, text=text, raised_by=actor, lead=lead, respond_by=respond_by
        )
        selectors.forget_challenge_counts()
        record(
            "programme.challenge_raised",
            actor=actor,
            obj=challenge,
            changed_fields=["project", "kind", "text", "respond_by"],
            request=request,
        )
        notify_by_email(
            lead.email,
            "challenge_raised",
            {
                "subject": f"The co-production board asks about {project.title}",
                "body": f"A member of the co-production board has raised "
                f"{challenge.get_kind_display().lower()} about {project.title}:\n\n{text}\n\n"
                f"Please respond by {respond_by:%-d %B %Y}: "
                f"{site_url(reverse('programme_manage:challenge', args=[challenge.pk]))}",
            },
            f"programme.challenge_raised:{challenge.pk}",
            user=lead,
        )
    return challenge


def respond_to_challenge(challenge: Challenge, *, actor, request=None, response: str) -> Challenge:
    if not response.strip():
        raise ServiceError("Write the project's response", field="response")
    with transaction.atomic(durable=True):
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.status == ChallengeStatus.CLOSED:
            raise ConflictError("The board has already recorded the outcome of this challenge")
        challenge.response, challenge.responded_by = response, actor
        challenge.responded_at, challenge.status = timezone.now(), ChallengeStatus.RESPONDED
        challenge.save(update_fields=["response", "responded_by", "responded_at", "status"])
        selectors.forget_challenge_counts()
        record(
            "programme.challenge_responded",
            actor=actor,
            obj=challenge,
            changed_fields=["response"],
            request=request,
        )
        raiser = challenge.raised_by
        notify_by_email(
            raiser.email,
            "challenge_responded",
            {
                "subject": f"{challenge.project.title} has responded to the board",
                "body": f"{challenge.project.title} has responded to your challenge:\n\n{response}\n\n"
                f"{site_url(reverse('programme_manage:challenge', args=[challenge.pk]))}",
            },
            f"programme.challenge_responded:{challenge.pk}",
            user=raiser,
        )
    return challenge


def record_outcome(
    challenge: Challenge, *, actor, request=None, outcome: str, note: str = "", decision=None
) -> Challenge:
    if decision is not None:
        _board_decision(decision)
    with transaction.atomic(durable=True):
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.status == ChallengeStatus.CLOSED:
            raise ConflictError("The outcome of this challenge is already recorded")
        challenge.outcome, challenge.outcome_note, challenge.decision = outcome, note, decision
        challenge.outcome_by, challenge.outcome_at = actor, timezone.now()
        challenge.status = ChallengeStatus.CLOSED
        challenge.save(
            update_fields=["outcome", "outcome_note", "decision", "outcome_by", "outcome_at", "status"]
        )
        selectors.forget_challenge_counts()
        record(
            "programme.challenge_outcome",
            actor=actor,
            obj=challenge,
            changed_fields=["outcome", "outcome_note", "decision"],
            request=request,
        )
    return challenge


# --- The concordat ----------------------------------------------------------------------------------------


def approve_concordat_version(
    *, actor, request=None, title: str, text: str, what_changed: str, decision
) -> ConcordatVersion:
    """A new version approved by a board decision. Everyone who signed the version before (and left an email
    address) is asked to sign the new one."""
    _board_decision(decision)
    with transaction.atomic(durable=True):
        previous = ConcordatVersion.objects.order_by("-number").first()
        if previous is not None and not what_changed.strip():
            raise ServiceError("Say what changed from the last version", field="what_changed")
        version = ConcordatVersion.objects.create(
            number=(previous.number + 1) if previous else 1,
            title=title,
            text=text,
            what_changed=what_changed,
            decision=decision,
            approved_on=decision.meeting.starts_at.date(),
            created_by=actor,
        )
        record(
            "programme.concordat_approved",
            actor=actor,
            obj=version,
            changed_fields=["title", "text", "what_changed", "decision"],
            request=request,
        )
        if previous is not None:
            _ask_to_re_sign(previous, version)
    return version


def _ask_to_re_sign(previous: ConcordatVersion, version: ConcordatVersion) -> None:
    link = site_url(reverse("programme:concordat_sign"))
    for signature in previous.signatures.select_related("person"):
        context = {
            "subject": f"Please sign the new version of {version.title}",
            "body": f"Thank you for signing {previous.title} (version {previous.number}). "
            f"The co-production board has approved version {version.number}.\n\nWhat changed:\n"
            f"{version.what_changed}\n\nPlease read it and sign again: {link}",
        }
        event_key = f"programme.sign_again:{version.pk}:{signature.pk}"
        if signature.person_id and signature.person.erased_at is None:
            # In the network: by the way they chose to be contacted.
            notify(signature.person, "concordat_sign_again", context, event_key, link=link)
        elif signature.email:
            # An organisation's signatory, who left only an email address.
            context["body"] = f"Dear {signature.name},\n\n{context['body']}"
            notify_by_email(signature.email, "concordat_sign_again", context, event_key)


def sign_concordat(
    version: ConcordatVersion,
    *,
    actor,
    request=None,
    kind: str,
    name: str,
    role: str = "",
    organisation: str = "",
    email: str = "",
    signed_on=None,
    listed: bool = False,
    person=None,
) -> Signature:
    """Sign the current version (once per signatory and version)."""
    signed_on = signed_on or _today()
    _not_in_future(signed_on, "signed_on", "The date of signing")
    if signed_on < version.approved_on:
        raise ServiceError("The date of signing cannot be before the version was approved", field="signed_on")
    if not name.strip():
        raise ServiceError("Enter the name of who is signing", field="name")
    if kind != choices.SignatoryKind.PERSON and not organisation.strip():
        raise ServiceError("Enter the organisation the team or organisation belongs to", field="organisation")
    try:
        with transaction.atomic(durable=True):
            latest = ConcordatVersion.objects.order_by("-number").values_list("pk", flat=True).first()
            if latest != version.pk:
                raise ConflictError("A newer version has been approved: please read and sign that one")
            key = Signature.key_for(name, organisation)
            if version.signatures.filter(signatory_key=key).exists() or (
                person is not None and version.signatures.filter(person=person).exists()
            ):
                raise ServiceError(f"{name} has already signed version {version.number}", field="name")
            signature = Signature.objects.create(
                version=version,
                kind=kind,
                person=person,
                name=name.strip(),
                role=role,
                organisation=organisation,
                email=email,
                signed_on=signed_on,
                listed=listed,
                recorded_by=actor,
            )
            record(
                "programme.concordat_signed",
                actor=actor,
                obj=signature,
                changed_fields=["name", "role", "organisation", "listed"],
                request=request,
            )
    except IntegrityError:  # two signings at once: the constraint decides
        raise ServiceError(f"{name} has already signed version {version.number}", field="name") from None
    return signature


def change_listing(signature: Signature, *, actor, request=None, listed: bool) -> Signature:
    with transaction.atomic(durable=True):
        signature.listed = listed
        signature.save(update_fields=["listed"])
        record(
            "programme.signature_listing_changed",
            actor=actor,
            obj=signature,
            changed_fields=["listed"],
            request=request,
        )
    return signature
