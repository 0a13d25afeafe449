"""Retention: who is listed for review, keeping or confirming deletion (audited), the list's cost, and the
daily erasure command and task."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services
from coproduce.people import tasks
from coproduce.people.models import PendingImport, Person, PersonNote
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from .transfer_support import make_person

URL = "/manage/people/retention/"


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def quiet_person(**fields) -> Person:
    """Someone last involved four years ago (past the default 36 months)."""
    fields.setdefault("last_involved_at", days_ago(4 * 365))
    return make_person(**fields)


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def due_names():
    return sorted(person.full_name for person in people_selectors.due_for_review())


# --- Who is due -------------------------------------------------------------------------------------------


def test_months_before_keeps_to_real_dates():
    assert people_selectors.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert people_selectors.months_before(datetime.date(2026, 1, 15), 36) == datetime.date(2023, 1, 15)


@pytest.mark.django_db
def test_people_quiet_for_longer_than_the_period_are_due():
    quiet_person(full_name="Quiet Involved")
    make_person(full_name="Recently Involved", last_involved_at=days_ago(30))
    make_person(
        full_name="Involved 35 Months Ago", last_involved_at=people_selectors.months_before(days_ago(0), 35)
    )
    make_person(
        full_name="Never Involved, Old", registered_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )
    make_person(full_name="Never Involved, New")
    assert due_names() == ["Never Involved, Old", "Quiet Involved"]


@pytest.mark.django_db
def test_involvement_counts_over_registration():
    old = timezone.now() - datetime.timedelta(days=4 * 365)
    make_person(full_name="Old But Involved Lately", registered_at=old, last_involved_at=days_ago(10))
    assert due_names() == []


@pytest.mark.django_db
def test_erased_marked_and_recently_reviewed_people_are_not_listed():
    quiet_person(full_name="Erased", erased_at=timezone.now())
    quiet_person(full_name="Marked", marked_for_erasure_at=timezone.now())
    quiet_person(full_name="Reviewed", retention_reviewed_at=timezone.now() - datetime.timedelta(days=20))
    quiet_person(
        full_name="Reviewed Long Ago", retention_reviewed_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )
    assert due_names() == ["Reviewed Long Ago"]


@pytest.mark.django_db
def test_the_period_comes_from_the_setting(settings):
    make_person(full_name="Two Years Quiet", last_involved_at=days_ago(2 * 365))
    assert due_names() == []
    settings.COPRODUCE_RETENTION_MONTHS = 12
    assert due_names() == ["Two Years Quiet"]


# --- The review page --------------------------------------------------------------------------------------


def test_the_retention_url_is_named():
    assert reverse("people_manage:retention") == URL


def test_members_may_not_review(client, member):
    quiet_person()
    sign_in(client, member)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"person": [1], "action": "delete"}).status_code == 403


def test_the_page_lists_people_due_and_the_period(officer_client):
    quiet_person(full_name="Quinn Quiet")
    make_person(full_name="Rory Recent", last_involved_at=days_ago(3))
    page = officer_client.get(URL).content.decode()
    assert "Quinn Quiet" in page and "Rory Recent" not in page
    assert "36 months" in page


def test_the_page_costs_the_same_with_few_or_many_people(officer_client):
    for total in (3, 70):
        while Person.objects.count() < total:
            quiet_person(marked_for_erasure_at=timezone.now() if Person.objects.count() % 5 == 0 else None)
        assert_page_queries(officer_client, URL, "people_manage:retention")


def test_the_list_is_paginated(officer_client):
    for _ in range(55):
        quiet_person()
    first = officer_client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert len(officer_client.get(URL, {"page": 2}).context["page"].object_list) == 5


def test_confirming_deletion_of_a_selection_marks_them_and_audits_each(officer_client, officer):
    first, second, third = quiet_person(), quiet_person(), quiet_person()
    response = officer_client.post(URL, {"person": [first.pk, second.pk], "action": "delete"})
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.marked_for_erasure_at and second.marked_for_erasure_at
    assert third.marked_for_erasure_at is None
    assert first.erased_at is None  # erased later, by the daily run
    events = AuditEvent.objects.filter(verb="people.marked_for_erasure")
    assert sorted(events.values_list("object_id", flat=True)) == sorted([str(first.pk), str(second.pk)])
    assert all(event.actor == officer for event in events)
    follow = officer_client.get(URL).content.decode()
    assert "2 records will be erased at the next daily run." in follow
    assert "Waiting to be erased (2)" in follow


def test_people_not_due_cannot_be_marked_by_posting_their_id(officer_client):
    recent = make_person(last_involved_at=days_ago(5))
    officer_client.post(URL, {"person": [recent.pk], "action": "delete"})
    recent.refresh_from_db()
    assert recent.marked_for_erasure_at is None
    assert not AuditEvent.objects.filter(verb="people.marked_for_erasure").exists()


def test_keeping_records_a_note_and_restarts_the_clock_without_faking_involvement(officer_client, officer):
    person = quiet_person()
    involved = person.last_involved_at
    officer_client.post(URL, {"person": [person.pk], "action": "keep"})
    person.refresh_from_db()
    assert person.last_involved_at == involved
    assert person.retention_reviewed_at is not None
    assert person.marked_for_erasure_at is None
    note = PersonNote.objects.get(person=person)
    assert note.kind == "general" and note.written_by == officer
    assert "still in touch" in note.text
    assert AuditEvent.objects.filter(verb="people.retention_kept", object_id=str(person.pk)).count() == 1
    assert due_names() == []


def test_it_asks_which_button_was_meant_when_the_action_is_missing(officer_client):
    person = quiet_person()
    page = officer_client.post(URL, {"person": [person.pk]}).content.decode()
    assert "Press “Keep selected” or “Confirm deletion of selected”" in page


def test_it_asks_for_a_selection(officer_client):
    quiet_person()
    response = officer_client.post(URL, {"action": "delete"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one person" in page
    assert 'href="#id_person_0"' in page and 'id="id_person_0"' in page
    assert "<title>Error: " in page


@pytest.mark.parametrize("data", [{"person": ["x"], "action": "delete"}, {"person": ["1"], "action": "burn"}])
def test_tampered_forms_change_nothing(officer_client, data):
    person = quiet_person()
    data = {**data, "person": [str(person.pk) if value == "1" else value for value in data["person"]]}
    response = officer_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    person.refresh_from_db()
    assert person.marked_for_erasure_at is None and person.retention_reviewed_at is None


def test_one_person_can_be_kept_with_a_note(officer_client):
    person = quiet_person()
    page = reverse("people_manage:retention_person", args=[person.pk])
    assert officer_client.get(page).status_code == 200
    response = officer_client.post(page, {"decision": "keep", "note": "Rang them today"})
    assert response.status_code == 302
    assert PersonNote.objects.get(person=person).text.endswith("Rang them today")


def test_one_person_can_be_confirmed_for_deletion(officer_client):
    person = quiet_person()
    officer_client.post(reverse("people_manage:retention_person", args=[person.pk]), {"decision": "delete"})
    person.refresh_from_db()
    assert person.marked_for_erasure_at is not None


def test_the_decision_page_needs_a_choice(officer_client):
    person = quiet_person()
    response = officer_client.post(reverse("people_manage:retention_person", args=[person.pk]), {})
    assert "Select whether to keep or delete this record" in response.content.decode()


def test_the_decision_page_is_only_for_people_due(officer_client):
    recent = make_person(last_involved_at=days_ago(5))
    assert officer_client.get(reverse("people_manage:retention_person", args=[recent.pk])).status_code == 404


def test_a_confirmed_deletion_can_be_cancelled_before_the_daily_run(officer_client):
    person = quiet_person(marked_for_erasure_at=timezone.now())
    response = officer_client.post(reverse("people_manage:retention_cancel", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.marked_for_erasure_at is None
    assert AuditEvent.objects.filter(verb="people.erasure_cancelled", object_id=str(person.pk)).exists()


# --- The daily run ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_erases_only_people_confirmed_for_deletion():
    marked = quiet_person(full_name="Marked Person", marked_for_erasure_at=timezone.now())
    kept = quiet_person(full_name="Kept Person")
    out = StringIO()
    call_command("erase_marked_people", stdout=out)
    marked.refresh_from_db(), kept.refresh_from_db()
    assert marked.erased_at is not None and marked.full_name == "" and marked.email == ""
    assert kept.erased_at is None and kept.full_name == "Kept Person"
    assert "Erased 1 people" in out.getvalue()
    assert AuditEvent.objects.filter(verb="people.erased", object_id=str(marked.pk)).exists()


@pytest.mark.django_db
def test_the_command_has_a_dry_run():
    marked = quiet_person(marked_for_erasure_at=timezone.now())
    out = StringIO()
    call_command("erase_marked_people", "--dry-run", stdout=out)
    marked.refresh_from_db()
    assert marked.erased_at is None
    assert "1 people are confirmed for deletion" in out.getvalue()


@pytest.mark.django_db
def test_the_command_removes_uploads_nobody_confirmed(officer):
    stale = people_services.store_upload(actor=officer, file_name="old.csv", text="Full name\nAnn\n")
    fresh = people_services.store_upload(actor=officer, file_name="new.csv", text="Full name\nBob\n")
    PendingImport.objects.filter(pk=stale.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
    call_command("erase_marked_people", stdout=StringIO())
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_the_task_does_the_same_for_a_scheduler():
    marked = quiet_person(marked_for_erasure_at=timezone.now())
    result = tasks.erase_marked_people.enqueue()
    assert result.return_value == {"erased": 1, "uploads_removed": 0}
    marked.refresh_from_db()
    assert marked.erased_at is not None
