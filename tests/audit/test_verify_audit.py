from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coproduce.audit.models import AuditEvent

from .conftest import tamper


def run_verify(*args):
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_reports_an_intact_chain(record_events):
    record_events(5)
    out, err = run_verify()
    assert "Audit trail intact: 5 events" in out
    assert err == ""


def test_it_reports_an_empty_trail_as_intact(db):
    out, _ = run_verify()
    assert "Audit trail intact: 0 events" in out


def test_it_detects_a_row_changed_behind_the_apps_back(record_events):
    events = record_events(4)
    tamper("UPDATE audit_auditevent SET verb = %s WHERE id = %s", ["nothing.happened", events[1].id])
    _, err = _run_expecting_failure()
    assert err.splitlines() == [f"event {events[1].id}: contents do not match its hash (the row was changed)"]


def test_it_detects_a_changed_list_of_fields(record_events):
    events = record_events(4)
    tamper(
        "UPDATE audit_auditevent SET changed_fields = %s WHERE id = %s", ['["bank_account"]', events[2].id]
    )
    out, err = _run_expecting_failure()
    assert f"event {events[2].id}: contents do not match its hash (the row was changed)" in err
    assert "intact" not in out


def test_it_detects_a_deleted_row(record_events):
    events = record_events(4)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    _, err = _run_expecting_failure()
    assert f"event {events[2].id}: does not follow the event before it (a row is missing)" in err


def test_it_detects_the_newest_rows_removed_given_an_earlier_hash(record_events):
    events = record_events(3)
    out, _ = run_verify()
    assert f"hash {events[-1].hash}" in out
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].id])
    _, err = _run_expecting_failure("--expect-hash", events[-1].hash)
    assert "no longer in the trail" in err
    assert AuditEvent.objects.count() == 2


def _run_expecting_failure(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    assert failure.value.returncode == 1
    return out.getvalue(), err.getvalue()


def test_it_detects_history_rewritten_without_the_key(record_events):
    # Someone with database access changes a row and recomputes every later hash, as they could when the
    # chain was a plain SHA-256: without COPRODUCE_AUDIT_KEY they cannot produce the keyed hashes.
    import hashlib

    events = record_events(4)
    tamper("UPDATE audit_auditevent SET verb = %s WHERE id = %s", ["nothing.happened", events[1].id])
    prev = events[0].hash
    for event in AuditEvent.objects.filter(id__gte=events[1].id).order_by("id"):
        rewritten = hashlib.sha256(
            event.payload().replace(event.prev_hash.encode(), prev.encode())
        ).hexdigest()
        tamper(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, rewritten, event.id]
        )
        prev = rewritten
    _, err = _run_expecting_failure()
    assert f"event {events[1].id}: contents do not match its hash (the row was changed)" in err.splitlines()
