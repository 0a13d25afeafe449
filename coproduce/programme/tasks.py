"""Background work for the board: the daily run that keeps the board body and the board-member role in step
with terms that start or run out on their own (queued by a scheduler, or run with `manage.py
sync_board_terms`)."""

from django_tasks import task

from . import services


@task()
def sync_board_terms() -> int:
    return services.sync_board_terms()
