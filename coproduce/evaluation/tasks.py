"""Background work for evaluation: refreshing the summary rows every dashboard reads — nightly (queued by a
scheduler, or run with `manage.py refresh_evaluation`), and once after a burst of changes in other apps
(services.queue_refresh) — and sending the default survey after meetings and at project close."""

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def refresh_evaluation_summaries() -> dict[str, int]:
    return services.refresh_summaries()


@task()
def refresh_evaluation_kind(kind: str) -> dict[str, int]:
    """Queued by services.queue_refresh after a change: today's diversity snapshots or computed indicators."""
    return services.refresh_for_date(
        timezone.localdate(), diversity=kind == "diversity", indicators=kind == "indicators"
    )
