"""Background work for messages: delivering one message, and the scheduled run that retries those whose
wait is over (queued by a scheduler every few minutes, or `manage.py retry_messages`)."""

from django_tasks import default_task_backend, task

from . import services
from .choices import Status


@task()
def deliver_message(message_id: int) -> str:
    status = services.deliver(message_id)
    if status == Status.QUEUED and default_task_backend.supports_defer:
        # A failed attempt: try again after the message's wait, on backends that can defer. Others rely on
        # the scheduled retry run.
        from .models import Message

        retry_at = Message.objects.values_list("next_attempt_at", flat=True).get(pk=message_id)
        deliver_message.using(run_after=retry_at).enqueue(message_id)
    return status


@task()
def retry_messages() -> int:
    return services.retry_due()
