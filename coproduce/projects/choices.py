"""The fixed lists projects are described with."""

from django.db import models


class Rung(models.IntegerChoices):
    """The ladder of participation, lowest first. 1–2 are "doing to", 3–5 "doing for", 6–7 "doing with"."""

    COERCION = 1, "Coercion"
    EDUCATING = 2, "Educating"
    INFORMING = 3, "Informing"
    CONSULTING = 4, "Consulting"
    ENGAGING = 5, "Engaging"
    CO_DESIGNING = 6, "Co-designing"
    CO_PRODUCING = 7, "Co-producing"


# A target below this rung is consultation, not co-production: the officer must say why it is taken on.
CO_PRODUCTION_THRESHOLD = Rung.CO_DESIGNING


def ladder_band(rung: int) -> str:
    if rung <= Rung.EDUCATING:
        return "doing to"
    if rung <= Rung.ENGAGING:
        return "doing for"
    return "doing with"


class Stage(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SCOPING = "scoping", "Scoping"
    DESIGNING = "designing", "Designing"
    DELIVERING = "delivering", "Delivering"
    REVIEWING = "reviewing", "Reviewing"
    CLOSED = "closed", "Closed"
    STOPPED = "stopped", "Stopped"
    DECLINED = "declined", "Declined"


# The order a project moves through; "stopped" can follow any active stage, "declined" only a request.
STAGE_ORDER = [
    Stage.REQUESTED,
    Stage.SCOPING,
    Stage.DESIGNING,
    Stage.DELIVERING,
    Stage.REVIEWING,
    Stage.CLOSED,
]
ACTIVE_STAGES = frozenset({Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING, Stage.REVIEWING})
FINISHED_STAGES = frozenset({Stage.CLOSED, Stage.STOPPED, Stage.DECLINED})


class TriageState(models.TextChoices):
    """Where a request stands with the co-production team (only meaningful while the stage is "requested")."""

    AWAITING = "awaiting", "Awaiting triage"
    MORE_INFORMATION = "more_information", "More information asked for"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class TeamRole(models.TextChoices):
    CO_LEAD = "co_lead", "Co-lead with lived experience"
    MEMBER = "member", "Member"
    PEER_RESEARCHER = "peer_researcher", "Peer researcher"
    STAFF_LEAD = "staff_lead", "Staff lead"
    FACILITATOR = "facilitator", "Facilitator"


class ProjectRole(models.TextChoices):
    """What someone is to one project (selectors.project_roles). What each may do is decided once, in
    rules.py, and every app (projects, meetings, opportunities, payments) asks those rules."""

    OFFICER = "officer", "Co-production officer"
    REQUESTER = "requester", "Asked for the project"
    STAFF_LEAD = "staff_lead", "Staff lead"
    FACILITATOR = "facilitator", "Facilitator"
    CO_LEAD = "co_lead", "Co-lead with lived experience"
    MEMBER = "member", "Member"
    PEER_RESEARCHER = "peer_researcher", "Peer researcher"
    BOARD = "board", "Board member (reads it to check and challenge)"


# Roles held by people who bring lived experience; the others are staff. The team screen warns when staff
# outnumber people with lived experience.
LIVED_EXPERIENCE_ROLES = frozenset({TeamRole.CO_LEAD, TeamRole.MEMBER, TeamRole.PEER_RESEARCHER})
STAFF_ROLES = frozenset({TeamRole.STAFF_LEAD, TeamRole.FACILITATOR})


class RatingMoment(models.TextChoices):
    TARGET = "target", "Target (at acceptance)"
    REVIEW = "review", "At review"
    CLOSE = "close", "At close"


class OutputKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    DECISION = "decision", "Decision"
    SERVICE_CHANGE = "service_change", "Service change"


class PublicSection(models.TextChoices):
    """Parts of a published project the team chooses to show on its public page (title and stage always
    show once a project is published)."""

    ABOUT = "about", "What it is about"
    TEAM = "team", "Who is involved"
    GET_INVOLVED = "get_involved", "How to get involved"
    UPDATES = "updates", "You said, we did"
    OUTPUTS = "outputs", "What changed"


PRINCIPLES = (
    ("equality", "Equality", "Everyone has assets: how will people take part as equals?"),
    ("diversity", "Diversity", "How will the project reach beyond the usual voices?"),
    ("accessibility", "Accessibility", "How can everyone take part in the way that suits them?"),
    ("reciprocity", "Reciprocity", "What will people get back: payment, recognition, skills?"),
)
