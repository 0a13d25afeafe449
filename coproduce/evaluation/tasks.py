"""Background work for evaluation: refreshing the summary rows every dashboard reads — nightly (queued by a
scheduler, or run with `manage.py refresh_evaluation`), and once after a burst of changes in other apps
(services.queue_refresh) — and sending the default survey after meetings and at project close."""

import datetime

from django.core.cache import cache
from django.db import transaction
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


# Changes in other apps queue one refresh per kind of summary, run this long after the first change: every
# change in the meantime is covered by that one run (the marker in the shared cache lasts as long).
REFRESH_AFTER = datetime.timedelta(minutes=10)
REFRESH_KINDS = ("diversity", "indicators")


def queue_refresh(kind: str) -> bool:
    """Queue a refresh of one kind of summary row after a change, on commit. Debounced: False when one is
    already queued. With a backend that can defer (the database queue) it runs REFRESH_AFTER later, so a
    burst of changes costs one refresh; the immediate backend (development) runs it at once."""
    if kind not in REFRESH_KINDS:
        raise ValueError(f"Unknown summary kind {kind!r}")
    queued = refresh_evaluation_kind
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + REFRESH_AFTER)
    return _queue_once(f"evaluation:refresh-queued:{kind}", queued, kind)


@task()
def send_survey_after_meeting(meeting_id: int) -> int:
    return services.survey_after_meeting(meeting_id)


@task()
def send_survey_at_project_close(project_id: int) -> int:
    return services.survey_at_project_close(project_id)


@task()
def send_due_surveys() -> int:
    """Nightly: the default survey for every meeting held and project closed within the survey window."""
    from coproduce.meetings import selectors as meetings_selectors
    from coproduce.projects import selectors as projects_selectors

    now = timezone.now()
    sent = sum(
        services.survey_after_meeting(pk)
        for pk in meetings_selectors.meetings_held_between(now - services.SURVEY_WINDOW, now)
    )
    return sent + sum(
        services.survey_at_project_close(pk)
        for pk in projects_selectors.projects_closed_between(now - services.SURVEY_WINDOW, now)
    )


def _queue_once(key: str, queued_task, *args) -> bool:
    """Enqueue on commit unless the same was queued within REFRESH_AFTER (the shared cache remembers)."""
    if not cache.add(key, True, timeout=REFRESH_AFTER.total_seconds()):
        return False
    transaction.on_commit(lambda: queued_task.enqueue(*args))
    return True


def queue_meeting_survey(meeting_id: int) -> bool:
    """After attendance is recorded: send the meeting's survey (one queued send per meeting, however many
    marks are saved; the service itself never sends anyone the same survey twice)."""
    return _queue_once(
        f"evaluation:survey-queued:meeting:{meeting_id}", send_survey_after_meeting, meeting_id
    )


def queue_project_survey(project_id: int) -> bool:
    return _queue_once(
        f"evaluation:survey-queued:project:{project_id}", send_survey_at_project_close, project_id
    )
