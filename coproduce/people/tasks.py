"""Background work for people: the daily retention run (queued by a scheduler, or run with
`manage.py erase_marked_people`)."""

from django_tasks import task

from . import imports, services


@task()
def erase_marked_people() -> dict[str, int]:
    """Erase everyone an officer confirmed for deletion, and delete uploads nobody confirmed within a day."""
    return {"erased": services.erase_marked(), "uploads_removed": imports.sweep_pending()}
