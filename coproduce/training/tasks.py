"""Background work for training: working out the training report's figures again, after a change (queued on
commit by the services) and nightly (queued by a scheduler, or run with `manage.py refresh_training_report`),
which also picks up co-trainers' pay approved in payments since."""

from django.core.cache import cache
from django_tasks import task

# Set while a refresh after a change is queued and not yet started (services._refresh_report_on_commit).
REFRESH_QUEUED = "training:report-refresh-queued"


@task()
def refresh_training_report() -> int:
    from . import services

    cache.delete(REFRESH_QUEUED)
    return services.refresh_report()
