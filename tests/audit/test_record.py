import threading

import pytest
from django.db import connection, transaction

from coproduce.audit import services
from coproduce.audit.models import GENESIS_HASH, AuditEvent
from coproduce.audit.selectors import verify_chain
from coproduce.audit.services import record
from tests.factories import UserFactory


def test_it_chains_each_event_to_the_one_before(record_events):
    first, second, third = record_events(3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    for event in (first, second, third):
        assert event.hash == event.compute_hash()
        assert len(event.hash) == 64
    assert verify_chain() == []


def test_the_stored_hash_covers_what_the_database_holds(record_events):
    record_events(2)
    for event in AuditEvent.objects.order_by("id"):
        assert event.compute_hash() == event.hash


def test_it_records_who_what_and_which_fields(rf, officer):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    event = record(
        "accounts.user.updated",
        actor=officer,
        obj=officer,
        changed_fields=["email", "full_name", "email"],
        request=request,
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == officer
    assert (stored.object_type, stored.object_id) == ("accounts.user", str(officer.pk))
    assert stored.changed_fields == ["email", "full_name"]
    assert stored.ip_address == "203.0.113.9"


def test_it_never_stores_the_values_that_changed(db):
    person = UserFactory(email="secret.person@example.test", full_name="Very Private Name")
    event = record("accounts.user.updated", actor=person, obj=person, changed_fields=["email", "full_name"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent WHERE id = %s", [event.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "secret.person" not in row
    assert "Very Private Name" not in row
    # There is nowhere to put a value: the row is who, when, verb, object, field names, address and hashes.
    assert {field.name for field in AuditEvent._meta.fields} == {
        "id",
        "occurred_at",
        "actor",
        "verb",
        "object_type",
        "object_id",
        "changed_fields",
        "ip_address",
        "prev_hash",
        "hash",
    }


def test_it_records_anonymous_visitors_as_nobody(rf, db):
    from django.contrib.auth.models import AnonymousUser

    event = record("access.denied", actor=AnonymousUser(), obj=("url", "/manage/"))
    assert event.actor is None


@pytest.mark.django_db(transaction=True)
def test_it_writes_in_the_callers_transaction_and_rolls_back_with_it():
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        record("projects.updated", obj=("projects.project", "1"), changed_fields=["title"])
        assert AuditEvent.objects.count() == 1
        raise Abandoned
    assert AuditEvent.objects.count() == 0

    with transaction.atomic():
        record("projects.updated", obj=("projects.project", "1"), changed_fields=["title"])
    assert AuditEvent.objects.count() == 1
    assert verify_chain() == []


def in_own_thread(work):
    """Run `work` on a thread with its own database connection; return its result or raise its error."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 - re-raised on the calling thread
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def test_concurrent_writers_keep_one_unbroken_chain(own_connection_per_thread):
    writers, per_writer = 6, 15
    errors = []
    start = threading.Barrier(writers)

    def write(n):
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    record("projects.updated", obj=("projects.project", f"{n}-{i}"), changed_fields=["title"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    count, problems, predecessors = in_own_thread(
        lambda: (
            AuditEvent.objects.count(),
            verify_chain(),
            list(AuditEvent.objects.values_list("prev_hash", flat=True)),
        )
    )
    assert count == writers * per_writer
    assert problems == []
    assert len(set(predecessors)) == len(predecessors), "two events claim the same predecessor"


def test_record_export_names_the_filters_not_their_values(administrator):
    event = services.record_export(actor=administrator, filters_used=["actor", "verb"])
    assert event.verb == "audit.exported"
    assert event.changed_fields == ["actor", "verb"]


def test_verbs_and_record_types_read_as_plain_english():
    from coproduce.audit.models import describe_object_type, describe_verb

    assert describe_verb("accounts.password_changed") == "Accounts: password changed"
    assert describe_verb("access.denied") == "Access refused"
    assert describe_verb("standalone") == "Standalone"
    assert describe_object_type("accounts.user") == "user"
    assert describe_object_type("url") == "page"
    assert describe_object_type("no.such_model") == "no.such_model"
