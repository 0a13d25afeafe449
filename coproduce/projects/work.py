"""Project work queues for the back-office home (see coproduce.core.work)."""

from coproduce.core.work import SHARED_SECONDS, WorkQueue, register

from .choices import Stage, TriageState
from .models import Project
from .navigation import REQUESTERS_NOT_OFFICERS
from .rules import OFFICERS


def awaiting_triage(user) -> int:
    return Project.objects.filter(stage=Stage.REQUESTED, triage_state=TriageState.AWAITING).count()


def asked_for_more_information(user) -> int:
    return Project.objects.filter(requested_by=user, triage_state=TriageState.MORE_INFORMATION).count()


def register_queues() -> None:
    register(
        WorkQueue(
            "projects.triage",
            "Requests for support waiting to be triaged",
            "projects_manage:list",
            OFFICERS,
            awaiting_triage,
            order=10,
            shared_seconds=SHARED_SECONDS,
            follows=("projects.Project",),
        ),
        WorkQueue(
            "projects.more_information",
            "Your requests where the team asked for more information",
            "projects:requests",
            REQUESTERS_NOT_OFFICERS,
            asked_for_more_information,
            order=11,
        ),
    )
