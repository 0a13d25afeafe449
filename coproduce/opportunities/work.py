"""Opportunity work queues for the back-office home (see coproduce.core.work)."""

from coproduce.core.work import SHARED_SECONDS, WorkQueue, register

from .choices import InterestStatus
from .models import ExpressionOfInterest
from .rules import MANAGE, is_opportunity_officer
from .selectors import manageable_by


def waiting_to_hear_back(user) -> int:
    waiting = ExpressionOfInterest.objects.filter(status=InterestStatus.ACTIVE)
    if is_opportunity_officer(user):
        return waiting.count()  # every opportunity: the status index alone
    return waiting.filter(opportunity__in=manageable_by(user).values("pk")).count()


def register_queues() -> None:
    register(
        WorkQueue(
            "opportunities.waiting",
            "People waiting to hear whether they were chosen for an opportunity",
            "opportunities_manage:list",
            MANAGE,
            waiting_to_hear_back,
            order=20,
            shared_seconds=SHARED_SECONDS,
            shared_when=is_opportunity_officer,
            follows=("opportunities.ExpressionOfInterest",),
        ),
    )
