"""Network work queues for the back-office home (see coproduce.core.work)."""

from coproduce.core.work import SHARED_SECONDS, WorkQueue, register

from .choices import ChampionStatus, RecommendationStatus
from .models import Champion, Recommendation
from .rules import OFFICERS


def waiting_champions(user) -> int:
    return Champion.objects.filter(status__in=[ChampionStatus.APPLIED, ChampionStatus.NOMINATED]).count()


def unanswered_recommendations(user) -> int:
    return Recommendation.objects.filter(status=RecommendationStatus.RAISED).count()


def register_queues() -> None:
    register(
        WorkQueue(
            "network.applications",
            "Champion applications and nominations waiting for a decision",
            "network_manage:register",
            OFFICERS,
            waiting_champions,
            query="status=pending",
            order=60,
            shared_seconds=SHARED_SECONDS,
            follows=("network.Champion",),
        ),
        WorkQueue(
            "network.recommendations",
            "Champions' recommendations waiting for a response",
            "network_manage:recommendations",
            OFFICERS,
            unanswered_recommendations,
            query="status=raised",
            order=61,
            shared_seconds=SHARED_SECONDS,
            follows=("network.Recommendation",),
        ),
    )
