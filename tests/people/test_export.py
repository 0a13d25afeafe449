"""The directory's CSV export: streamed in batches, filtered like the directory, formula text neutralised,
restricted columns only with the permission, and every export audited."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.people import exports, imports
from coproduce.people.models import EqualityRecord, LivedExperienceArea, PersonNote
from tests.conftest import sign_in

from .transfer_support import make_person

URL = "/manage/people/export/"


def grant(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


def read(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def test_the_export_url_is_named():
    assert reverse("people_manage:export") == URL


def test_members_may_not_export(client, member):
    make_person()
    sign_in(client, member)
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(verb="people.exported").exists()


def test_it_streams_a_csv_with_the_documented_columns(officer_client):
    person = make_person(full_name="Ann Smith", postcode="WY1 1AA", formats=["easy_read", "bsl"])
    person.lived_experience.set(LivedExperienceArea.objects.filter(name__in=["Autism", "Mental health"]))
    response = officer_client.get(URL)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="people-')
    rows = read(response)
    assert list(rows[0]) == [heading for heading, _ in exports.COLUMNS]
    row = rows[0]
    assert row["full name"] == "Ann Smith"
    assert row["formats"] == "Easy read; British Sign Language (BSL)"
    assert row["lived experience"] == "Mental health; Autism"
    assert row["consent to contact"] == "no"
    assert "benefits limit" not in " ".join(row)


def test_it_exports_only_the_people_the_directory_filters_match(officer_client):
    make_person(full_name="Ann Smith", consents_to_contact=True)
    make_person(full_name="Bob Jones", consents_to_contact=True)
    make_person(full_name="Ann Other", consents_to_contact=False)
    make_person(full_name="Ann Erased", consents_to_contact=True, erased_at=timezone.now())
    rows = read(officer_client.get(URL, {"q": "ann", "contact": "yes"}))
    assert [row["full name"] for row in rows] == ["Ann Smith"]


def test_it_audits_the_export_naming_the_filters_not_their_values(officer_client, officer):
    make_person()
    read(officer_client.get(URL, {"q": "ann", "contact": "yes", "sort": "registered"}))
    event = AuditEvent.objects.get(verb="people.exported")
    assert event.actor == officer
    assert event.changed_fields == ["contact", "q"]
    assert "ann" not in str(event.changed_fields)
    restricted = ["people.equality_exported", "people.safeguarding_exported"]
    assert not AuditEvent.objects.filter(verb__in=restricted).exists()


def test_it_neutralises_text_a_spreadsheet_would_run_as_a_formula(officer_client):
    make_person(full_name='=HYPERLINK("http://evil.example")', phone="+44 7700 900001", address="@SUM(A1)")
    make_person(full_name="-2+3", email="")
    rows = read(officer_client.get(URL))
    names = sorted(row["full name"] for row in rows)
    assert names == ["'-2+3", '\'=HYPERLINK("http://evil.example")']
    first = next(row for row in rows if "HYPERLINK" in row["full name"])
    assert first["phone"] == "'+44 7700 900001"
    assert first["address"] == "'@SUM(A1)"


def test_equality_answers_are_left_out_without_the_permission(officer_client):
    person = make_person()
    EqualityRecord.objects.create(person=person, sex="Female", religion="Buddhist")
    rows = read(officer_client.get(URL))
    assert not [heading for heading in rows[0] if heading.startswith("equality")]
    assert "Buddhist" not in str(rows)


def test_equality_answers_are_exported_and_audited_with_the_permission(client, officer):
    officer = grant(officer, "view_equality_answers")
    sign_in(client, officer)
    answered = make_person(full_name="Ann Answered")
    make_person(full_name="Bob Blank")
    EqualityRecord.objects.create(person=answered, sex="Female", religion="Buddhist")
    rows = {row["full name"]: row for row in read(client.get(URL))}
    assert rows["Ann Answered"]["equality: religion"] == "Buddhist"
    assert rows["Ann Answered"]["equality: sex"] == "Female"
    assert rows["Bob Blank"]["equality: religion"] == ""
    event = AuditEvent.objects.get(verb="people.equality_exported")
    assert event.actor == officer
    assert "religion" in event.changed_fields
    assert AuditEvent.objects.filter(verb="people.exported").count() == 1


def test_safeguarding_notes_are_exported_only_with_their_permission(client, officer):
    person = make_person(full_name="Ann Smith")
    PersonNote.objects.create(
        person=person, kind="safeguarding", text="Restricted concern", written_by=officer
    )
    PersonNote.objects.create(person=person, kind="general", text="Likes tea", written_by=officer)
    sign_in(client, officer)
    without = read(client.get(URL))
    assert "safeguarding notes" not in without[0]
    assert "Restricted concern" not in str(without) and "Likes tea" not in str(without)

    allowed = grant(officer, "view_safeguarding_notes")
    client.logout()
    sign_in(client, allowed)
    rows = read(client.get(URL))
    assert "Restricted concern" in rows[0]["safeguarding notes"]
    assert "Likes tea" not in str(rows)
    assert AuditEvent.objects.filter(verb="people.safeguarding_exported", actor=allowed).count() == 1


def test_it_reads_people_in_batches_whatever_their_number(officer_client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    areas = list(LivedExperienceArea.objects.all()[:2])

    def queries_for(count):
        for _ in range(count):
            make_person().lived_experience.set(areas)
        response = officer_client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            rows = read(response)
        return len(rows), len(captured)

    rows, queries = queries_for(25)
    assert rows == 25
    # one read per batch of 10 (SQLite; a server-side cursor on PostgreSQL) and two prefetches per batch
    assert queries <= 3 * 3 + 1


def test_the_export_can_be_checked_by_the_importer_again(officer_client):
    make_person(full_name="Ann Smith", phone="+44 7700 900001", consents_to_contact=True)
    text = b"".join(officer_client.get(URL).streaming_content).decode("utf-8")
    text = text.replace("consent to contact", "consent to contact,consent method", 1)
    lines = text.splitlines()
    text = "\n".join([lines[0], *[line.replace(",yes,", ",yes,phone,", 1) for line in lines[1:]]])
    report = imports.check(text)
    assert [row.skip_reason for row in report.rows] == ["Already in the directory (same email address)"]
