"""Background work for meetings: the daily reminder run (queued by a scheduler, or run with
`manage.py send_meeting_reminders`)."""

from django_tasks import task

from . import services


@task()
def send_meeting_reminders() -> int:
    """Queue a reminder email to everyone registered for a meeting within MEETING_REMINDER_DAYS days."""
    return services.send_due_reminders()
