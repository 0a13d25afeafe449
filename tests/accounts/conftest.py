import re

import pytest
from django.core import mail
from django_otp.oath import totp

from coproduce.audit.models import AuditEvent


@pytest.fixture(autouse=True)
def send_queued_email_immediately(monkeypatch):
    """queue_email() sends on commit; tests run inside a transaction that never commits."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def current_code(device) -> str:
    device.refresh_from_db()
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    ).zfill(device.digits)


def verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


def last_event(verb: str) -> AuditEvent:
    return AuditEvent.objects.filter(verb=verb).order_by("-id").first()


def link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def without_csrf(html: bytes) -> bytes:
    """The page without what differs on every response: the CSRF token and the CSP nonce."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
    return re.sub(rb'nonce="[^"]+"', b"", html)


@pytest.fixture
def outbox():
    return mail.outbox
