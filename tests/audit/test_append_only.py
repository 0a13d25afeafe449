"""The database itself refuses to change or remove audit events, whatever the route to it."""

import pytest
from django.db import DatabaseError, connection, transaction

from coproduce.audit.models import AuditEvent

REFUSED = "append-only"


@pytest.fixture
def event(record_events):
    return record_events(2)[0]


def refused(action):
    # Each attempt runs in its own savepoint: on PostgreSQL an error aborts the enclosing transaction.
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        action()


def test_it_refuses_an_orm_update(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(verb="nothing.happened"))
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb


def test_it_refuses_saving_a_changed_event(event):
    event.changed_fields = ["something_else"]
    refused(lambda: event.save())
    assert AuditEvent.objects.get(pk=event.pk).changed_fields == ["title"]


def test_it_refuses_an_orm_delete(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    refused(lambda: event.delete())
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_a_raw_sql_update(event):
    def update():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET actor_id = NULL, verb = 'x' WHERE id = %s", [event.pk]
            )

    refused(update)
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb


def test_it_refuses_a_raw_sql_delete(event):
    def delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    refused(delete)
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_refuses_emptying_the_table(event):
    # PostgreSQL's TRUNCATE skips row triggers, so it has its own statement trigger; SQLite has no TRUNCATE.
    # Committed events (transaction=True): PostgreSQL refuses TRUNCATE earlier while the inserting
    # transaction still has deferred foreign-key checks pending.
    statement = (
        "TRUNCATE audit_auditevent" if connection.vendor == "postgresql" else "DELETE FROM audit_auditevent"
    )

    def empty():
        with connection.cursor() as cursor:
            cursor.execute(statement)

    refused(empty)
    assert AuditEvent.objects.count() == 2


def test_it_still_accepts_new_events(event, record_events):
    record_events(1)
    assert AuditEvent.objects.count() == 3
