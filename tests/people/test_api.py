"""The people API: officers list, search and read people; members read and change only themselves; equality
answers and notes never appear."""

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.people import services as people_services
from coproduce.people.choices import NoteKind
from coproduce.people.models import EqualityRecord, LivedExperienceArea
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)

from .manage_support import make_many, make_person

LIST = "/api/people/"
ME = "/api/people/me/"


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise


def test_the_urls_are_named():
    assert reverse("api:person-list") == LIST
    assert reverse("api:person-detail", args=[5]) == "/api/people/5/"
    assert reverse("api:person-me") == ME


def test_it_refuses_callers_without_a_token(api_client, db):  # noqa: F811
    assert api_client.get(LIST).status_code == 401
    assert api_client.get(ME).status_code == 401


def test_officers_list_and_search_people(as_user, officer):
    make_person(full_name="Sam Smith", postcode="OX4 1ZZ", formats=["audio"])
    make_person(full_name="Pat Jones")
    client = as_user(officer)
    body = client.get(LIST).json()
    assert body["count"] == 2
    assert [row["full_name"] for row in body["results"]] == ["Pat Jones", "Sam Smith"]
    assert [row["full_name"] for row in client.get(LIST, {"q": "smi"}).json()["results"]] == ["Sam Smith"]
    assert [row["full_name"] for row in client.get(LIST, {"format_needed": "audio"}).json()["results"]] == [
        "Sam Smith"
    ]
    assert client.get(LIST, {"sort": "name", "dir": "desc"}).json()["results"][0]["full_name"] == "Sam Smith"


def test_the_list_pages_fifty_at_a_time(as_user, officer):
    make_many(60)
    body = as_user(officer).get(LIST).json()
    assert len(body["results"]) == 50 and body["next"]


def test_officers_read_one_person_without_equality_answers_or_notes(as_user, officer):
    area = LivedExperienceArea.objects.first()
    person = make_person(full_name="Dee Tail", access_needs=["breaks"], lived_experience=[area])
    EqualityRecord.objects.create(person=person, sex="Female")
    people_services.add_note(person, kind=NoteKind.GENERAL, text="Private remark", actor=officer)
    response = as_user(officer).get(f"{LIST}{person.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Dee Tail"
    assert body["access_needs"] == ["breaks"]
    assert body["lived_experience"] == [area.pk]
    assert body["has_sign_in"] is False
    text = response.content.decode()
    assert "Female" not in text and "Private remark" not in text
    assert not {"equality_record", "notes", "sex"} & set(body)


def test_erased_people_are_not_in_the_api(as_user, officer):
    from django.utils import timezone

    person = make_person(erased_at=timezone.now())
    client = as_user(officer)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(f"{LIST}{person.pk}/").status_code == 404


def test_members_cannot_list_people(as_user, member):
    make_person(user=member)
    response = as_user(member).get(LIST)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(verb="access.denied", actor=member).exists()


def test_a_member_cannot_read_anyone_by_changing_the_id(as_user, member):
    mine = make_person(user=member)
    other = make_person(full_name="Someone Else")
    client = as_user(member)
    for pk in (other.pk, mine.pk, other.pk + 1000, "me2"):
        response = client.get(f"{LIST}{pk}/")
        assert response.status_code in (403, 404)
        assert "Someone Else" not in response.content.decode()


def test_a_member_reads_their_own_profile(as_user, member):
    make_person(user=member, full_name="Morgan Member", formats=["large_print"])
    make_person(full_name="Someone Else")
    body = as_user(member).get(ME).json()
    assert body["full_name"] == "Morgan Member"
    assert body["formats"] == ["large_print"]
    assert "consents_to_contact" not in body


def test_a_member_changes_their_own_profile_and_it_is_audited(as_user, member):
    person = make_person(user=member, full_name="Morgan Member")
    response = as_user(member).patch(
        ME,
        {"preferred_name": "Mo", "access_needs": ["quiet_room", "quiet_room"], "postcode": "ox2 6gg"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert (person.preferred_name, person.access_needs, person.postcode) == ("Mo", ["quiet_room"], "OX2 6GG")
    event = AuditEvent.objects.get(verb="people.profile_changed")
    assert set(event.changed_fields) == {"preferred_name", "access_needs", "postcode"}
    assert event.actor == member


@pytest.mark.parametrize(
    "data",
    [
        {"formats": ["telepathy"]},
        {"full_name": "   "},
        {"postcode": "nowhere"},
        {"travel_miles": -3},
        {"lived_experience": [999999]},
        {"recognition": "gold"},
    ],
)
def test_a_member_gets_a_400_not_a_500_for_bad_values(as_user, member, data):
    make_person(user=member)
    assert as_user(member).patch(ME, data, format="json").status_code == 400


def test_a_member_cannot_change_what_is_not_theirs_to_change(as_user, member):
    person = make_person(user=member, last_involved_at=None)
    as_user(member).patch(
        ME, {"last_involved_at": "2020-01-01", "consents_to_contact": True, "id": 999}, format="json"
    )
    person.refresh_from_db()
    assert person.last_involved_at is None and not person.consents_to_contact and person.pk != 999


def test_someone_who_has_not_joined_gets_no_profile(as_user, member):
    assert as_user(member).get(ME).status_code == 403


def test_officers_without_a_profile_have_no_me(as_user, officer):
    assert as_user(officer).get(ME).status_code == 403


def test_the_list_costs_the_same_queries_for_few_or_many_people(as_user, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(officer)
    make_many(3)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    make_many(80, start=3)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)
