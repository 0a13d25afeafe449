"""The programme's work queues for the back-office home (see coproduce.core.work)."""

from coproduce.core.work import SHARED_SECONDS, WorkQueue, register

from . import selectors
from .rules import BOARD_KEEPERS, CHALLENGE_LEADS


def overdue_challenges(user) -> int:
    return selectors.overdue_challenges().count()


def challenges_to_answer(user) -> int:
    return selectors.challenges_for_lead(user).filter(status="awaiting").count()


def terms_of_reference_review(user) -> int:
    return selectors.terms_of_reference_review_due()


def register_queues() -> None:
    register(
        WorkQueue(
            "programme.challenges_overdue",
            "Board challenges whose response is overdue",
            "programme_manage:challenges",
            BOARD_KEEPERS,
            overdue_challenges,
            query="show=overdue",
            order=60,
            # A challenge falls overdue with time alone: a minute late at most.
            shared_seconds=SHARED_SECONDS,
            follows=("programme.Challenge",),
        ),
        WorkQueue(
            "programme.challenges_to_answer",
            "Board challenges waiting for your response",
            "programme_manage:challenges",
            CHALLENGE_LEADS,
            challenges_to_answer,
            query="show=mine",
            order=61,
        ),
        WorkQueue(
            "programme.terms_of_reference_review",
            "The board's terms of reference are due for review",
            "programme_manage:terms_of_reference",
            BOARD_KEEPERS,
            terms_of_reference_review,
            order=62,
            shared_seconds=SHARED_SECONDS,
            follows=("programme.TermsOfReference",),
        ),
    )
