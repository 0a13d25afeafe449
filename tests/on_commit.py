"""The one way tests run the work a service queues with transaction.on_commit (emails, tasks, signals).

A test's transaction never commits, so `committed` captures the callbacks and runs them when `step` returns,
as a real commit would (and not at all when `step` raises, as a rollback would)."""

from django.test import TestCase


def committed(step, *args, **kwargs):
    """`committed(services.invite, opportunity, person, "email", actor=officer)`: what the step returned."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return step(*args, **kwargs)
