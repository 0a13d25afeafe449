"""Background work shared by every app. Emails always go through the task queue so a slow mail server
never slows a page, and production workers retry independently of the web servers."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(to: list[str], subject: str, body: str) -> int:
    return send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, to)


def one_line(subject: str) -> str:
    """An email subject is one line: a line break in it (say, from a meeting's title) would make the mail
    library refuse the whole message (BadHeaderError), and the person would never be told."""
    return " ".join(str(subject).split())


def queue_email(to: str | list[str], subject: str, body: str) -> None:
    """Queue a plain-text email. Call it inside the transaction that decided to send it: it is queued on
    commit, so a rolled-back change sends nothing."""
    from django.db import transaction

    recipients = [to] if isinstance(to, str) else list(to)
    subject = one_line(subject)
    transaction.on_commit(lambda: send_email.enqueue(recipients, subject, body))


@task()
def recount_work_queue(queue_key: str) -> int:
    """A work-queue count that reads a large table, made by a worker after changes (core.work)."""
    from . import work

    return work.recount(queue_key)
