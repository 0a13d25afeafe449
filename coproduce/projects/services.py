"""Writes for projects: each verb runs in one transaction and records its audit event there."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.selectors import site_url
from coproduce.audit.services import record
from coproduce.core import search, work
from coproduce.core.errors import ServiceError
from coproduce.notifications.services import notify_by_email

from .choices import (
    CO_PRODUCTION_THRESHOLD,
    PRINCIPLES,
    PublicSection,
    RatingMoment,
    Stage,
    TriageState,
)
from .models import (
    REQUEST_FIELDS,
    AgreementStatement,
    JargonTerm,
    LadderRating,
    Output,
    Project,
    StageChange,
    TeamMember,
    Update,
)
from .selectors import achieved_rung, allowed_moves


class ProjectError(ServiceError):
    """A workflow rule refused the change; the message is shown to the user as it is."""


def _unique_slug(title: str) -> str:
    base = slugify(title)[:140] or "project"
    slug, n = base, 1
    while Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _email_requester(project: Project, subject: str, body: str) -> None:
    """The requester is staff of a service, told at their work address (and each triage step once)."""
    link = site_url(reverse("projects:request", args=[project.pk]))
    notify_by_email(
        project.requested_by.email,
        "project_request",
        {"subject": subject, "body": f"{body}\n\nSee your request: {link}"},
        f"projects.request:{project.pk}:{project.triage_state}:{project.triaged_at.isoformat()}",
        user=project.requested_by,
    )


@transaction.atomic
def create_request(data: dict, *, actor, request=None) -> Project:
    project = Project(requested_by=actor, **{name: data[name] for name in REQUEST_FIELDS if name in data})
    project.slug = _unique_slug(project.title)
    project.save()
    StageChange.objects.create(project=project, from_stage="", to_stage=Stage.REQUESTED, changed_by=actor)
    record(
        "project.requested",
        actor=actor,
        obj=project,
        changed_fields=[*REQUEST_FIELDS, "stage"],
        request=request,
    )
    return project


@transaction.atomic
def resubmit_request(project: Project, data: dict, *, actor, request=None) -> Project:
    """The requester answers a "more information" request by changing the request and sending it back."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.triage_state != TriageState.MORE_INFORMATION:
        raise ProjectError("You can only change a request when the co-production team has asked for more.")
    changed = [name for name in REQUEST_FIELDS if name in data and getattr(project, name) != data[name]]
    for name in changed:
        setattr(project, name, data[name])
    project.triage_state = TriageState.AWAITING
    project.save(update_fields=[*changed, "triage_state"])
    record(
        "project.request_resubmitted",
        actor=actor,
        obj=project,
        changed_fields=[*changed, "triage_state"],
        request=request,
    )
    return project


def _lock_for_triage(project: Project, allowed: set[str]) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.stage != Stage.REQUESTED or locked.triage_state not in allowed:
        raise ProjectError("This request has already been dealt with: reload the page to see its status.")
    return locked


def _set_stage(
    project: Project, to_stage: str, *, actor, reason: str = "", expected: str, request=None
) -> None:
    """Move the stage only if it is still `expected` (a conditional update, so of two officers moving the
    same project at the same moment exactly one succeeds), and add the history row."""
    now = timezone.now()
    fields = {"stage": to_stage, "stage_changed_at": now}
    if to_stage == Stage.STOPPED:
        fields["stopped_reason"] = reason
    moved = Project.objects.filter(pk=project.pk, stage=expected).update(**fields)
    if not moved:
        raise ProjectError("Someone else has just moved this project: reload the page to see its stage.")
    work.forget_following(Project)  # a conditional update sends no signal
    for name, value in fields.items():
        setattr(project, name, value)
    search.refresh(Project, [project.pk])  # the stage decides whether the result links to a public page
    StageChange.objects.create(
        project=project,
        from_stage=expected,
        to_stage=to_stage,
        reason=reason,
        changed_by=actor,
        changed_at=now,
    )


def _finish_triage(project: Project, state: str, message: str, *, actor, request=None) -> None:
    project.triage_state = state
    project.triage_message = message
    project.triaged_by = actor
    project.triaged_at = timezone.now()
    project.save(update_fields=["triage_state", "triage_message", "triaged_by", "triaged_at"])


@transaction.atomic
def accept_request(
    project: Project,
    *,
    target_rung: int,
    justification: str,
    principles: dict,
    below_reason: str = "",
    actor,
    request=None,
) -> Project:
    """Take a request on: the target rung with its justification and the four principles check. A target
    below co-designing is consultation, not co-production, and needs a reason to take it on anyway."""
    project = _lock_for_triage(project, {TriageState.AWAITING, TriageState.MORE_INFORMATION})
    missing = [label for key, label, _ in PRINCIPLES if not (principles.get(key) or "").strip()]
    if missing:
        raise ProjectError(f"Write a note for each principle: {', '.join(missing).lower()}.")
    if not justification.strip():
        raise ProjectError("Say why this target rung is right.")
    below = target_rung < CO_PRODUCTION_THRESHOLD
    if below and not below_reason.strip():
        raise ProjectError("This target is consultation, not co-production: say why it is still taken on.")
    LadderRating.objects.create(
        project=project,
        moment=RatingMoment.TARGET,
        rung=target_rung,
        justification=justification,
        rated_by=actor,
    )
    project.target_rung = target_rung
    project.principles_check = {key: principles[key].strip() for key, _, _ in PRINCIPLES}
    project.below_co_production_reason = below_reason.strip() if below else ""
    project.save(update_fields=["target_rung", "principles_check", "below_co_production_reason"])
    _finish_triage(project, TriageState.ACCEPTED, "", actor=actor, request=request)
    _set_stage(project, Stage.SCOPING, actor=actor, expected=Stage.REQUESTED, request=request)
    record(
        "project.accepted",
        actor=actor,
        obj=project,
        changed_fields=[
            "triage_state",
            "target_rung",
            "principles_check",
            "below_co_production_reason",
            "stage",
        ],
        request=request,
    )
    _email_requester(
        project,
        f"Your request has been accepted: {project.title}",
        f"The co-production team has accepted your request for support with {project.title}. "
        "It is now being scoped; someone from the team will be in touch.",
    )
    return project


@transaction.atomic
def decline_request(project: Project, *, reason: str, actor, request=None) -> Project:
    project = _lock_for_triage(project, {TriageState.AWAITING, TriageState.MORE_INFORMATION})
    if not reason.strip():
        raise ProjectError("Give the reason the request is declined: the requester will see it.")
    _finish_triage(project, TriageState.DECLINED, reason.strip(), actor=actor, request=request)
    _set_stage(
        project, Stage.DECLINED, actor=actor, reason=reason.strip(), expected=Stage.REQUESTED, request=request
    )
    record(
        "project.declined",
        actor=actor,
        obj=project,
        changed_fields=["triage_state", "triage_message", "stage"],
        request=request,
    )
    _email_requester(
        project,
        f"Your request was not taken on: {project.title}",
        f"The co-production team cannot take on {project.title}. Their reason:\n\n{reason.strip()}",
    )
    return project


@transaction.atomic
def ask_for_more_information(project: Project, *, question: str, actor, request=None) -> Project:
    project = _lock_for_triage(project, {TriageState.AWAITING, TriageState.MORE_INFORMATION})
    if project.triage_state == TriageState.MORE_INFORMATION:
        raise ProjectError(
            "You have already asked for more information. The request comes back to the queue when the "
            "requester answers; you can still accept or decline it now."
        )
    if not question.strip():
        raise ProjectError("Write what more you need to know: the requester will see it.")
    _finish_triage(project, TriageState.MORE_INFORMATION, question.strip(), actor=actor, request=request)
    record(
        "project.more_information_asked",
        actor=actor,
        obj=project,
        changed_fields=["triage_state", "triage_message"],
        request=request,
    )
    _email_requester(
        project,
        f"We need more information: {project.title}",
        f"The co-production team needs more information about {project.title}:\n\n{question.strip()}\n\n"
        "Change your request to answer, then send it again.",
    )
    return project


def apply_triage(project: Project, data: dict, principles: dict, *, actor, request=None) -> str:
    """Carry out an officer's triage decision (from the triage form or the API); return what to tell them."""
    if data["decision"] == "accept":
        accept_request(
            project,
            target_rung=data["target_rung"],
            justification=data["justification"],
            principles=principles,
            below_reason=data.get("below_co_production_reason", ""),
            actor=actor,
            request=request,
        )
        return "Request accepted: the project is now being scoped."
    if data["decision"] == "decline":
        decline_request(project, reason=data["message"], actor=actor, request=request)
        return "Request declined. The requester has been emailed the reason."
    ask_for_more_information(project, question=data["message"], actor=actor, request=request)
    return "The requester has been asked for more information."


@transaction.atomic
def move_stage(
    project: Project, to_stage: str, *, expected: str, reason: str = "", actor, request=None
) -> Project:
    """Move a project one step forward, one step back (with a reason) or stop it (with a reason).
    `expected` is the stage the officer saw: if the project has moved since, nothing changes."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.stage != expected:
        raise ProjectError("Someone else has just moved this project: reload the page to see its stage.")
    kind = allowed_moves(project.stage).get(to_stage)
    if kind is None:
        raise ProjectError(
            f"A project cannot move from {Stage(project.stage).label.lower()} to "
            f"{Stage(to_stage).label.lower() if to_stage in Stage.values else to_stage}."
        )
    if kind != "forward" and not reason.strip():
        raise ProjectError(
            "Give the reason for stopping the project."
            if kind == "stop"
            else "Give the reason for moving back."
        )
    _set_stage(project, to_stage, actor=actor, reason=reason.strip(), expected=expected, request=request)
    record(
        "project.stage_changed",
        actor=actor,
        obj=project,
        changed_fields=["stage", "stage_changed_at"],
        request=request,
    )
    return project


# Which rating moment may be recorded at which stages.
RATING_STAGES = {
    RatingMoment.REVIEW: {Stage.REVIEWING, Stage.CLOSED},
    RatingMoment.CLOSE: {Stage.REVIEWING, Stage.CLOSED},
}


@transaction.atomic
def rate_project(
    project: Project, *, moment: str, rung: int, evidence: str, actor, request=None
) -> LadderRating:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if moment not in RATING_STAGES:
        raise ProjectError("Ratings after acceptance are at review or at close.")
    if project.stage not in RATING_STAGES[moment]:
        raise ProjectError("Rate the project when it reaches the reviewing stage.")
    if not evidence.strip():
        raise ProjectError("Give the evidence for this rung.")
    rating = LadderRating.objects.create(
        project=project, moment=moment, rung=rung, justification=evidence.strip(), rated_by=actor
    )
    project.achieved_rung = achieved_rung(project)
    project.save(update_fields=["achieved_rung"])
    record(
        "project.rated",
        actor=actor,
        obj=rating,
        changed_fields=["moment", "rung", "justification"],
        request=request,
    )
    return rating


@transaction.atomic
def add_team_member(project: Project, person, role: str, *, actor, request=None) -> TeamMember:
    """Put a person on a project team (or change their role if they are on it already)."""
    member = (
        TeamMember.objects.select_for_update().filter(project=project, person=person, left_at=None).first()
    )
    if member is None:
        member = TeamMember.objects.create(project=project, person=person, role=role, added_by=actor)
        record(
            "project.team_member_added",
            actor=actor,
            obj=member,
            changed_fields=["person", "role"],
            request=request,
        )
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
        record(
            "project.team_member_role_changed",
            actor=actor,
            obj=member,
            changed_fields=["role"],
            request=request,
        )
    return member


@transaction.atomic
def remove_team_member(member: TeamMember, *, actor, request=None) -> None:
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    record(
        "project.team_member_removed", actor=actor, obj=member, changed_fields=["left_at"], request=request
    )


@transaction.atomic
def set_publishing(
    project: Project, *, is_published: bool, sections: list[str], actor, request=None
) -> Project:
    sections = [value for value in PublicSection.values if value in sections]
    changed = []
    if project.is_published != is_published:
        project.is_published = is_published
        changed.append("is_published")
    if project.public_sections != sections:
        project.public_sections = sections
        changed.append("public_sections")
    if changed:
        project.save(update_fields=changed)
        record(
            "project.publishing_changed", actor=actor, obj=project, changed_fields=changed, request=request
        )
    return project


def _save_item(item, data: dict, verb_prefix: str, *, actor, request=None):
    created = item.pk is None
    changed = [name for name, value in data.items() if created or getattr(item, name) != value]
    for name, value in data.items():
        setattr(item, name, value)
    if changed:
        item.save()
        record(
            f"{verb_prefix}_{'added' if created else 'changed'}",
            actor=actor,
            obj=item,
            changed_fields=changed,
            request=request,
        )
    return item


@transaction.atomic
def save_output(output: Output, data: dict, *, actor, request=None) -> Output:
    return _save_item(output, data, "project.output", actor=actor, request=request)


@transaction.atomic
def save_update(update: Update, data: dict, *, actor, request=None) -> Update:
    return _save_item(update, data, "project.update", actor=actor, request=request)


def _delete_item(item, verb: str, fields: list[str], *, actor, request=None) -> None:
    record(verb, actor=actor, obj=item, changed_fields=fields, request=request)
    item.delete()


@transaction.atomic
def delete_output(output: Output, *, actor, request=None) -> None:
    _delete_item(
        output,
        "project.output_deleted",
        ["kind", "title", "description", "date", "link"],
        actor=actor,
        request=request,
    )


@transaction.atomic
def delete_update(update: Update, *, actor, request=None) -> None:
    _delete_item(
        update, "project.update_deleted", ["you_said", "we_did", "date"], actor=actor, request=request
    )


@transaction.atomic
def set_agreement(project: Project, statements: list[str], *, actor, request=None) -> None:
    """Replace the group agreement with these statements, in this order."""
    current = list(project.agreement.values_list("text", flat=True))
    if current == statements:
        return
    project.agreement.all().delete()
    AgreementStatement.objects.bulk_create(
        AgreementStatement(project=project, text=text, order=n) for n, text in enumerate(statements)
    )
    record(
        "project.agreement_changed", actor=actor, obj=project, changed_fields=["agreement"], request=request
    )


@transaction.atomic
def add_jargon(project: Project, *, term: str, meaning: str, actor, request=None) -> JargonTerm:
    if project.jargon.filter(term__iexact=term).exists():
        raise ProjectError(f"“{term}” is already in the jargon buster.", field="term")
    item = JargonTerm.objects.create(project=project, term=term, meaning=meaning)
    record("project.jargon_added", actor=actor, obj=item, changed_fields=["term", "meaning"], request=request)
    return item


@transaction.atomic
def remove_jargon(item: JargonTerm, *, actor, request=None) -> None:
    record(
        "project.jargon_removed", actor=actor, obj=item, changed_fields=["term", "meaning"], request=request
    )
    item.delete()
