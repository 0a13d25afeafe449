"""Background work for evaluation: the nightly refresh of the summary rows every dashboard reads (queued by
a scheduler, or run with `manage.py refresh_evaluation`)."""

from django_tasks import task

from . import services


@task()
def refresh_evaluation_summaries() -> dict[str, int]:
    return services.refresh_summaries()
