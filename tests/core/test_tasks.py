"""Emails go through the task queue: in the request in development, through database workers in production."""

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from coproduce.core.tasks import queue_email

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_email_is_sent_once_the_change_that_asked_for_it_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("someone@example.test", "Welcome", "Hello")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["someone@example.test"], "Welcome")]


def test_no_email_is_sent_when_the_change_rolls_back(db):
    class Abandoned(Exception):
        pass

    try:
        with transaction.atomic():
            queue_email("someone@example.test", "Welcome", "Hello")
            raise Abandoned
    except Abandoned:
        pass
    assert mail.outbox == []


@override_settings(TASKS=DATABASE_QUEUE)
def test_in_production_a_worker_process_sends_queued_email(transactional_db):
    # Real commits: the worker, like a production one, runs outside any test transaction.
    with transaction.atomic():
        queue_email(["a@example.test", "b@example.test"], "Meeting reminder", "See you on Tuesday")
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    sent = [(m.to, m.subject) for m in mail.outbox]
    assert sent == [(["a@example.test", "b@example.test"], "Meeting reminder")]


def test_a_line_break_in_a_subject_never_stops_the_email(db, django_capture_on_commit_callbacks):
    # A meeting title saved with a line break once made every email about the meeting fail (BadHeaderError).
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("someone@example.test", "Cancelled: Carers'\r\nforum", "The meeting is cancelled.")
    assert [m.subject for m in mail.outbox] == ["Cancelled: Carers' forum"]
