"""Background work for training: working out the training report's figures again, after a change (queued on
commit by the services) and nightly (queued by a scheduler, or run with `manage.py refresh_training_report`),
which also picks up co-trainers' pay approved in payments since."""

from django_tasks import task


@task()
def refresh_training_report() -> int:
    from . import services

    return services.refresh_report()
