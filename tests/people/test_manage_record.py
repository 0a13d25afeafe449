"""A person's record for officers: everything on the profile, consents, the notes log with restricted
safeguarding notes, the tombstone of an erased person, and its query count."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.people import services
from coproduce.people.choices import ConsentMethod, ConsentPurpose, NoteKind
from coproduce.people.models import Interest, LivedExperienceArea, PersonNote
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from .manage_support import make_person

# The record page's query count (a number here: query_counts.json keys must reverse without arguments).
RECORD_PAGE_QUERIES = 12


def grant(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="people"))
    # The permission cache is per instance: drop it so the new permission counts.
    for attribute in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attribute, None)
    return user


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def url(person):
    return f"/manage/people/{person.pk}/"


def test_the_record_url_is_named(db):
    person = make_person()
    assert reverse("people_manage:record", args=[person.pk]) == url(person)


def test_it_shows_everything_on_the_profile(officer_client, officer):
    area = LivedExperienceArea.objects.create(name="Test lived experience")
    interest = Interest.objects.create(name="Test transport")
    person = make_person(
        full_name="Rowan Record",
        preferred_name="Ro",
        pronouns="they/them",
        address="1 High Street\nWitney",
        formats=["easy_read", "other_language"],
        other_language="Polish",
        access_needs=["step_free", "breaks"],
        access_needs_detail="Needs a chair with arms",
        support_person_name="Sam Carer",
        support_person_relationship="Sister",
        support_person_contact="07700 900999",
        support_person_may_be_contacted=True,
        lived_experience=[area],
        interests=[interest],
        available_days=["mon", "fri"],
        available_times=["morning"],
        online=True,
        in_person=True,
        travel_miles=10,
        recognition="voucher",
        benefits_limit="yes",
    )
    services.record_consent(person, ConsentPurpose.PHOTOS, True, method=ConsentMethod.PAPER, actor=officer)
    content = officer_client.get(url(person)).content.decode()
    for text in (
        "Rowan Record",
        "they/them",
        "Witney",
        "Easy read",
        "Polish",
        "Step-free access",
        "Regular breaks",
        "Needs a chair with arms",
        "Sam Carer",
        "Sister",
        "07700 900999",
        "Test lived experience",
        "Test transport",
        "Monday, Friday",
        "Mornings",
        "Online or in person",
        "10 miles",
        "A voucher",
        "On a paper form, recorded by Olu Officer",
        "Not asked yet",
    ):
        assert text in content, text


def test_the_equality_link_shows_only_to_those_who_may_see_answers(officer_client, officer):
    person = make_person()
    link = f"/manage/people/{person.pk}/equality/"
    assert link not in officer_client.get(url(person)).content.decode()
    grant(officer, "view_equality_answers")
    assert link in officer_client.get(url(person)).content.decode()


def test_officers_without_the_permission_see_that_restricted_notes_exist_but_not_them(
    officer_client, user_with_role
):
    person = make_person()
    writer = grant(user_with_role("officer"), "view_safeguarding_notes")
    services.add_note(person, kind=NoteKind.SAFEGUARDING, text="Secret concern", actor=writer)
    services.add_note(person, kind=NoteKind.GENERAL, text="Rang about the meeting", actor=writer)
    content = officer_client.get(url(person)).content.decode()
    assert "There are restricted notes you cannot see" in content
    assert "Secret concern" not in content
    assert "Rang about the meeting" in content
    assert not AuditEvent.objects.filter(verb="people.safeguarding_viewed").exists()


def test_officers_see_no_restricted_notes_message_when_there_are_none(officer_client):
    person = make_person()
    assert "restricted notes" not in officer_client.get(url(person)).content.decode()


def test_safeguarding_readers_see_them_and_each_read_is_audited(client, officer):
    grant(officer, "view_safeguarding_notes")
    sign_in(client, officer)
    person = make_person()
    services.add_note(person, kind=NoteKind.SAFEGUARDING, text="Secret concern", actor=officer)
    content = client.get(url(person)).content.decode()
    assert "Secret concern" in content and "Safeguarding" in content
    client.get(url(person))
    reads = AuditEvent.objects.filter(
        verb="people.safeguarding_viewed", object_id=str(person.pk), actor=officer
    )
    assert reads.count() == 2


def test_notes_show_their_date_and_author(officer_client, officer):
    person = make_person()
    services.add_note(person, kind=NoteKind.GENERAL, text="First chat", actor=officer)
    content = officer_client.get(url(person)).content.decode()
    assert "First chat" in content and "by Olu Officer" in content


def test_an_erased_person_shows_a_tombstone(officer_client):
    person = make_person(
        full_name="Someone Erased", erased_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    )
    response = officer_client.get(url(person))
    assert response.status_code == 200
    content = response.content.decode()
    assert "This person's details were erased on" in content and "2 March 2026" in content
    assert "Someone Erased" not in content


def test_a_missing_person_is_not_found(officer_client, db):
    assert officer_client.get("/manage/people/999999/").status_code == 404


def test_members_cannot_open_a_record_even_their_own(client, member):
    person = make_person(user=member)
    sign_in(client, member)
    assert client.get(url(person)).status_code == 403


def test_the_query_count_does_not_grow_with_notes_and_consents(officer_client, officer):
    person = make_person(lived_experience=list(LivedExperienceArea.objects.all()[:2]))
    officer_client.get(url(person))
    services.add_note(person, kind=NoteKind.GENERAL, text="One", actor=officer)
    services.record_consent(person, ConsentPurpose.CONTACT, True, method=ConsentMethod.PHONE, actor=officer)
    assert_page_queries(officer_client, url(person), RECORD_PAGE_QUERIES)
    for n in range(15):
        services.add_note(person, kind=NoteKind.GENERAL, text=f"Note {n}", actor=officer)
        services.record_consent(
            person, ConsentPurpose.PHOTOS, n % 2 == 0, method=ConsentMethod.PAPER, actor=officer
        )
    person.interests.set(Interest.objects.all())
    assert_page_queries(officer_client, url(person), RECORD_PAGE_QUERIES)


def test_adding_a_general_note_is_audited(officer_client, officer):
    person = make_person()
    response = officer_client.post(
        reverse("people_manage:add_note", args=[person.pk]), {"kind": "general", "text": " Called back "}
    )
    assert response.status_code == 302
    note = PersonNote.objects.get(person=person)
    assert (note.kind, note.text, note.written_by) == ("general", "Called back", officer)
    event = AuditEvent.objects.get(verb="people.note_added")
    assert event.changed_fields == ["kind", "text"]


def test_an_empty_note_is_refused_with_a_message(officer_client):
    person = make_person()
    response = officer_client.post(
        reverse("people_manage:add_note", args=[person.pk]), {"kind": "general", "text": "  "}
    )
    assert response.status_code == 200
    assert "Enter the note" in response.content.decode()
    assert not PersonNote.objects.exists()


def test_officers_without_the_permission_cannot_write_safeguarding_notes(officer_client):
    person = make_person()
    page = officer_client.get(reverse("people_manage:add_note", args=[person.pk])).content.decode()
    assert "Safeguarding (restricted)" not in page
    officer_client.post(
        reverse("people_manage:add_note", args=[person.pk]), {"kind": "safeguarding", "text": "x"}
    )
    assert not PersonNote.objects.filter(kind="safeguarding").exists()


def test_the_service_refuses_a_safeguarding_note_without_the_permission(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_note(make_person(), kind=NoteKind.SAFEGUARDING, text="x", actor=officer)


def test_safeguarding_officers_can_write_one(client, officer):
    grant(officer, "view_safeguarding_notes")
    sign_in(client, officer)
    person = make_person()
    client.post(
        reverse("people_manage:add_note", args=[person.pk]), {"kind": "safeguarding", "text": "Concern"}
    )
    assert PersonNote.objects.get().kind == "safeguarding"
    assert AuditEvent.objects.filter(verb="people.safeguarding_note_added").exists()


def test_notes_cannot_be_added_to_an_erased_person(officer_client):
    person = make_person(erased_at=timezone.now())
    assert officer_client.get(reverse("people_manage:add_note", args=[person.pk])).status_code == 404


def test_an_officer_records_a_consent_decision_with_how_it_was_taken(officer_client, officer):
    person = make_person()
    response = officer_client.post(
        reverse("people_manage:change_consent", args=[person.pk]),
        {"purpose": "contact", "given": "yes", "method": "phone"},
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert (consent.purpose, consent.given, consent.method, consent.recorded_by) == (
        "contact",
        True,
        "phone",
        officer,
    )
    person.refresh_from_db()
    assert person.consents_to_contact


def test_a_consent_decision_needs_every_answer(officer_client):
    person = make_person()
    response = officer_client.post(
        reverse("people_manage:change_consent", args=[person.pk]), {"purpose": "contact"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not person.consents.exists()
