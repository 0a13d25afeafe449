"""The fixed lists the programme, its board and the concordat are described with."""

from django.db import models


class Shift(models.TextChoices):
    """The seven shifts of a co-production programme (the evaluation app uses the same codes)."""

    SENIOR_COMMITMENT = "senior_commitment", "Senior-level commitment"
    TRAINING = "training", "A co-produced training programme"
    BOARD = "board", "A co-production board"
    RESOURCING = "resourcing", "Resourcing: money and a co-production team"
    CONCORDAT = "concordat", "A written agreement (concordat)"
    PILOTING = "piloting", "Piloting co-produced services"
    EVALUATION = "evaluation", "Evaluation of the whole programme"


class ShiftStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AT_RISK = "at_risk", "At risk"
    EMBEDDED = "embedded", "Embedded"


class BoardRole(models.TextChoices):
    CO_CHAIR_LIVED = "co_chair_lived", "Co-chair with lived experience"
    CO_CHAIR_OFFICER = "co_chair_officer", "Co-chair who is a senior officer"
    LIVED = "lived", "Member with lived experience"
    STAFF = "staff", "Staff member"
    PARTNER = "partner", "Partner member"
    ADVISER = "adviser", "Adviser"


CO_CHAIR_ROLES = frozenset({BoardRole.CO_CHAIR_LIVED, BoardRole.CO_CHAIR_OFFICER})
# Who brings lived experience to the board, and who is there for an organisation. Advisers count as neither.
LIVED_EXPERIENCE_ROLES = frozenset({BoardRole.CO_CHAIR_LIVED, BoardRole.LIVED})
ORGANISATION_ROLES = frozenset({BoardRole.CO_CHAIR_OFFICER, BoardRole.STAFF, BoardRole.PARTNER})


class RecruitmentStep(models.TextChoices):
    """The way onto the board, in order (as the seed programme did it)."""

    INTEREST = "interest", "Expressed interest"
    OBSERVED = "observed", "Observed a meeting"
    CONVERSATION = "conversation", "Conversation with a co-chair"
    INDUCTION = "induction", "Induction"
    MEMBER = "member", "Full member"


RECRUITMENT_ORDER = list(RecruitmentStep.values)


class ChallengeKind(models.TextChoices):
    QUESTION = "question", "A question"
    CONCERN = "concern", "A concern"
    RECOMMENDATION = "recommendation", "A recommendation"


class ChallengeStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting", "Waiting for a response"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Outcome recorded"


class ChallengeOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted: the project keeps its approach"
    CHANGED = "changed", "Changed: the project changed what it does"
    CLOSED = "closed", "Closed without change"


class SignatoryKind(models.TextChoices):
    PERSON = "person", "A person"
    TEAM = "team", "A team"
    ORGANISATION = "organisation", "An organisation"
