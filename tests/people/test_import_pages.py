"""The import pages: upload, preview, confirm (all or nothing) and cancel, and who may use them."""

import datetime

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.people import imports
from coproduce.people.models import Consent, LivedExperienceArea, PendingImport, Person
from tests.conftest import sign_in

from .transfer_support import contact, csv_text, make_person, upload

UPLOAD = "/manage/people/import/"


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def uploaded(client, text) -> PendingImport:
    response = client.post(UPLOAD, {"file": upload(text)})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("people_manage:import_preview", args=[pending.token])
    return pending


def confirm(client, pending):
    return client.post(reverse("people_manage:import_confirm", args=[pending.token]))


def test_the_import_url_is_named():
    assert reverse("people_manage:import") == UPLOAD


def test_members_may_not_import(client, member):
    sign_in(client, member)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": upload(csv_text([contact(1)]))}).status_code == 403
    assert not PendingImport.objects.exists()


def test_the_upload_page_documents_the_accepted_headings(officer_client):
    page = officer_client.get(UPLOAD).content.decode()
    for heading in ("full name", "first name", "surname", "consent to contact", "how consent was taken"):
        assert heading in page
    assert "Mental health" in page  # the lived-experience areas that are accepted
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"Full name,Consent to contact,Consent method\n\x81\x8d\x8f,yes,paper\n", "could not be read"),
        (b"PK\x03\x04\x00\x00binary", "not a CSV file"),
        (b'Full name,Consent to contact,Consent method\n"unclosed,yes,paper\n', "not a well-formed CSV"),
        (b"Email,Consent to contact,Consent method\na@b.test,yes,paper\n", "full name"),
    ],
)
def test_it_explains_why_a_file_cannot_be_used(officer_client, data, message):
    response = officer_client.post(UPLOAD, {"file": upload(data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<title>Error: " in page
    assert 'href="#id_file"' in page  # the error summary links to the field
    assert not PendingImport.objects.exists()


def test_it_asks_for_a_file_when_none_is_chosen(officer_client):
    response = officer_client.post(UPLOAD, {})
    assert "Select a CSV file" in response.content.decode()


def test_it_refuses_a_file_over_5_mb(officer_client):
    big = csv_text([contact(1)]) + ("x," * 10 + "\n") * 300_000
    assert len(big) > imports.MAX_BYTES
    response = officer_client.post(UPLOAD, {"file": upload(big)})
    assert "smaller than 5 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_uploading_keeps_the_file_server_side_and_imports_nothing_yet(officer_client, officer):
    text = csv_text([contact(1), contact(2)])
    pending = uploaded(officer_client, text)
    assert pending.content == text
    assert pending.uploaded_by == officer
    assert pending.file_name == "contacts.csv"
    assert not Person.objects.exists()
    preview = officer_client.get(
        reverse("people_manage:import_preview", args=[pending.token])
    ).content.decode()
    assert "imported1@example.test" not in preview  # the data is never sent back in form fields
    # the only hidden fields are the forms' CSRF tokens
    assert preview.count('type="hidden"') == preview.count('name="csrfmiddlewaretoken"')


def test_the_preview_reports_counts_problems_and_duplicates(officer_client):
    make_person(email="imported3@example.test")
    rows = [contact(1), contact(2, Email="broken"), contact(3), contact(4, Email="imported1@example.test")]
    pending = uploaded(officer_client, csv_text(rows))
    response = officer_client.get(reverse("people_manage:import_preview", args=[pending.token]))
    page = response.content.decode()
    report = response.context["report"]
    assert (report.ready_count, report.problem_count, report.skip_count) == (1, 1, 2)
    assert "Email is not a valid address" in page
    assert "Already in the directory (same email address)" in page
    assert "Same email address as row 2" in page
    assert "Problem" in page and "Will be skipped" in page
    assert reverse("people_manage:import_confirm", args=[pending.token]) not in page  # no import button


def test_confirming_imports_everyone_ready_with_consent_and_one_audit_event(officer_client, officer):
    make_person(email="imported3@example.test")
    rows = [
        contact(1),
        contact(2, **{"Consent to contact": "no", "Consent method": "phone", "Interests": ""}),
        contact(3),
    ]
    pending = uploaded(officer_client, csv_text(rows))
    before = AuditEvent.objects.count()
    response = confirm(officer_client, pending)
    assert response.status_code == 302
    assert response["Location"] == reverse("people_manage:directory")
    people = Person.objects.filter(email__startswith="imported").order_by("email")
    assert [p.email for p in people] == [
        "imported1@example.test",
        "imported2@example.test",
        "imported3@example.test",
    ]
    first, second = people[0], people[1]
    assert first.registered_by == officer
    assert first.consents_to_contact is True and second.consents_to_contact is False
    assert sorted(a.name for a in first.lived_experience.all()) == ["Mental health", "Unpaid carer"]
    assert [i.name for i in first.interests.all()] == ["Housing"]
    assert not second.interests.exists()
    consent = Consent.objects.get(person=second)
    assert (consent.purpose, consent.given, consent.method, consent.recorded_by) == (
        "contact",
        False,
        "phone",
        officer,
    )
    assert Consent.objects.get(person=first).method == "paper"
    imported = AuditEvent.objects.filter(verb="people.imported").get()
    assert imported.actor == officer
    assert imported.object_id == "2"
    assert "email" in imported.changed_fields and "imported1@example.test" not in str(imported.changed_fields)
    assert "consent.contact" in imported.changed_fields
    assert AuditEvent.objects.count() - before == 1  # one event per import, not one per row
    assert not PendingImport.objects.exists()
    follow = officer_client.get(response["Location"])
    assert "2 people imported. 1 duplicate row was skipped." in follow.content.decode()


def test_confirming_checks_the_file_again_and_imports_nothing_when_a_row_now_fails(officer_client):
    pending = uploaded(officer_client, csv_text([contact(1), contact(2, **{"Lived experience": "Autism"})]))
    LivedExperienceArea.objects.filter(name="Autism").update(active=False)
    response = confirm(officer_client, pending)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Unknown lived-experience area ‘Autism’" in page
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(verb="people.imported").exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_someone_added_after_the_preview_is_skipped_not_duplicated(officer_client):
    pending = uploaded(officer_client, csv_text([contact(1), contact(2)]))
    make_person(email="imported2@example.test")
    confirm(officer_client, pending)
    assert Person.objects.filter(email="imported2@example.test").count() == 1
    assert Person.objects.filter(email="imported1@example.test").count() == 1


def test_a_failure_part_way_through_saves_nothing(officer_client, monkeypatch):
    pending = uploaded(officer_client, csv_text([contact(n) for n in range(1, 6)]))

    def failing(*args, **kwargs):
        raise DatabaseError("disk full")

    # The audit event is the last write: by then people, links and consents are already inserted.
    monkeypatch.setattr(imports, "record", failing)
    response = confirm(officer_client, pending)
    assert response.status_code == 302
    assert not Person.objects.exists()
    assert not Consent.objects.exists()
    assert not Person.lived_experience.through.objects.exists()
    assert not AuditEvent.objects.filter(verb="people.imported").exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    page = officer_client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page


def test_imported_people_are_searchable_like_people_saved_one_by_one(officer_client):
    row = contact(1, **{"Full name": "  Ann   O'Neil ", "Phone": "+44 7700 900001", "Postcode": "wy11aa"})
    confirm(officer_client, uploaded(officer_client, csv_text([row])))
    person = Person.objects.get()
    imported = (person.name_search, person.email_search, person.phone_search, person.postcode_search)
    person.save()
    person.refresh_from_db()
    assert imported == (person.name_search, person.email_search, person.phone_search, person.postcode_search)
    assert person.postcode == "WY1 1AA"


def test_an_upload_can_be_cancelled(officer_client):
    pending = uploaded(officer_client, csv_text([contact(1)]))
    response = officer_client.post(reverse("people_manage:import_cancel", args=[pending.token]))
    assert response.status_code == 302
    assert not PendingImport.objects.exists()
    assert not Person.objects.exists()


def test_confirm_and_cancel_only_answer_post(officer_client):
    pending = uploaded(officer_client, csv_text([contact(1)]))
    assert (
        officer_client.get(reverse("people_manage:import_confirm", args=[pending.token])).status_code == 405
    )
    assert officer_client.get(reverse("people_manage:import_cancel", args=[pending.token])).status_code == 405
    assert not Person.objects.exists()


def test_another_officer_cannot_open_or_confirm_someone_elses_upload(client, officer, user_with_role):
    sign_in(client, officer)
    pending = uploaded(client, csv_text([contact(1)]))
    other = user_with_role("officer")
    client.logout()
    sign_in(client, other)
    assert client.get(reverse("people_manage:import_preview", args=[pending.token])).status_code == 404
    assert confirm(client, pending).status_code == 404
    assert not Person.objects.exists()


def test_an_unknown_token_is_not_found(officer_client):
    assert officer_client.get(reverse("people_manage:import_preview", args=["nope"])).status_code == 404


def test_uploads_expire_after_a_day_and_are_swept(officer_client):
    pending = uploaded(officer_client, csv_text([contact(1)]))
    PendingImport.objects.filter(pk=pending.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert (
        officer_client.get(reverse("people_manage:import_preview", args=[pending.token])).status_code == 404
    )
    assert imports.sweep_pending() == 1
    assert not PendingImport.objects.exists()


def test_formula_text_is_imported_as_text(officer_client):
    formula = "=cmd|' /C calc'!A0"
    pending = uploaded(officer_client, csv_text([contact(1, **{"Full name": formula})]))
    confirm(officer_client, pending)
    assert Person.objects.get().full_name == formula


def test_it_imports_5000_rows_in_one_go(officer_client):
    # How long it takes is the benchmark's business, not a test's (a timed test fails on a slow machine).
    pending = uploaded(officer_client, csv_text([contact(n) for n in range(5000)]))
    response = confirm(officer_client, pending)
    assert response.status_code == 302
    assert Person.objects.count() == 5000
    assert AuditEvent.objects.filter(verb="people.imported").get().object_id == "5000"
