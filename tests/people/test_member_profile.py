import io
import json
import zipfile

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from coproduce.accounts.models import User
from coproduce.audit.models import AuditEvent
from coproduce.people import selectors as people_selectors
from coproduce.people.choices import ConsentPurpose, NoteKind
from coproduce.people.models import Consent, EqualityRecord, Person, PersonNote
from coproduce.people.views_member import PROFILE_SECTIONS
from tests.conftest import sign_in
from tests.factories import PASSWORD

from .member_factories import joined_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(client):
    user, person = joined_member(full_name="Jo Joiner", preferred_name="Jo", access_needs=["hearing_loop"])
    sign_in(client, user)
    return user, person


def test_the_profile_page_shows_each_section_with_a_change_link(joined, client):
    page = client.get(reverse("people:me")).content.decode()
    assert "Jo Joiner" in page and "Hearing loop" in page
    for slug, _, _ in PROFILE_SECTIONS:
        assert reverse(f"people:me_change_{slug}") in page
    assert "Nothing is recorded yet" in page
    assert reverse("people:me_download") in page and reverse("people:me_delete") in page


def test_each_section_can_be_changed_and_the_change_is_audited_by_field_name(joined, client):
    user, person = joined
    page = client.get(reverse("people:me_change_name")).content.decode()
    assert 'value="Jo Joiner"' in page
    response = client.post(
        reverse("people:me_change_name"), {"full_name": "Joanne Joiner", "preferred_name": "Jo"}
    )
    assert response.url == reverse("people:me")
    person.refresh_from_db()
    assert person.full_name == "Joanne Joiner"
    event = AuditEvent.objects.filter(verb="people.profile_changed").latest("id")
    assert event.changed_fields == ["full_name"] and event.actor == user


def test_every_section_page_opens_with_the_saved_answers(joined, client):
    for slug, _, _ in PROFILE_SECTIONS:
        response = client.get(reverse(f"people:me_change_{slug}"))
        assert response.status_code == 200, slug


def test_a_section_change_with_errors_keeps_what_was_typed(joined, client):
    response = client.post(
        reverse("people:me_change_contact"), {"preferred_contact": "post", "phone": "0770 0900"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Enter your postal address" in page and 'value="0770 0900"' in page


def test_consent_withdrawal_takes_effect_at_once_and_is_audited(joined, client):
    user, person = joined
    answers = {purpose: "no" for purpose in ConsentPurpose.values}
    response = client.post(reverse("people:me_consent"), answers)
    assert response.url == reverse("people:me")
    person.refresh_from_db()
    assert person.consents_to_contact is False
    assert people_selectors.latest_consents(person)[ConsentPurpose.CONTACT].given is False
    assert AuditEvent.objects.filter(
        verb="people.consent_withdrawn", changed_fields=["consent.contact"]
    ).exists()
    # Only the changed purpose gets a new row.
    assert Consent.objects.filter(person=person, purpose=ConsentPurpose.PHOTOS).count() == 1
    page = client.get(reverse("people:me")).content.decode()
    assert "Withdrawn or refused on" in page


def test_the_consent_page_requires_an_answer_for_every_purpose(joined, client):
    response = client.post(reverse("people:me_consent"), {"contact": "no"})
    assert (
        response.status_code == 200 and "Choose yes or no for: use photos of me" in response.content.decode()
    )


def test_the_download_contains_their_data_and_is_audited(joined, client, officer):
    user, person = joined
    EqualityRecord.objects.create(person=person, sex="Female")
    PersonNote.objects.create(person=person, text="Prefers mornings", written_by=officer)
    PersonNote.objects.create(
        person=person, kind=NoteKind.SAFEGUARDING, text="Restricted concern", written_by=officer
    )
    page = client.get(reverse("people:me_download")).content.decode()
    assert "Safeguarding notes are not included" in page

    response = client.post(reverse("people:me_download"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for part in ("profile", "consents", "equality", "notes"):
        assert {f"{part}.json", f"{part}.csv"} <= names
    profile = json.loads(archive.read("profile.json"))[0]
    assert profile["full_name"] == "Jo Joiner" and profile["access_needs"] == ["hearing_loop"]
    assert len(json.loads(archive.read("consents.json"))) == len(ConsentPurpose.values)
    assert json.loads(archive.read("equality.json"))[0]["sex"] == "Female"
    notes = archive.read("notes.json").decode()
    assert "Prefers mornings" in notes and "Restricted concern" not in notes
    assert "Jo Joiner" in archive.read("profile.csv").decode("utf-8-sig")
    event = AuditEvent.objects.get(verb="people.data_downloaded")
    assert event.actor == user and event.object_id == str(person.pk)


def test_deleting_the_account_needs_the_password(joined, client):
    _, person = joined
    response = client.post(reverse("people:me_delete"), {"password": "wrong"})
    assert response.status_code == 200 and "The password is not right" in response.content.decode()
    response = client.post(reverse("people:me_delete"), {})
    assert "Enter your password to delete your account" in response.content.decode()
    person.refresh_from_db()
    assert person.erased_at is None


def test_deleting_the_account_erases_signs_out_and_prevents_sign_in(joined, client):
    user, person = joined
    email = user.email
    response = client.post(reverse("people:me_delete"), {"password": PASSWORD})
    assert response.url == reverse("people:deleted")
    assert client.get(response.url).status_code == 200
    person.refresh_from_db()
    assert person.erased_at is not None and person.full_name == ""
    assert client.get(reverse("people:me")).status_code == 302  # signed out
    assert authenticate(RequestFactory().post("/"), email=email, password=PASSWORD) is None
    response = client.post(reverse("accounts:sign_in"), {"email": email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert not User.objects.get(pk=user.pk).is_active
    assert AuditEvent.objects.filter(verb="people.erased", actor=user).exists()


def test_a_member_can_never_see_or_change_another_members_record(joined, client):
    _, mine = joined
    _, theirs = joined_member(full_name="Other Person", account_name="Other Person", phone="07700 900555")
    for name in ("people:me", *(f"people:me_change_{slug}" for slug, _, _ in PROFILE_SECTIONS)):
        page = client.get(reverse(name)).content.decode()
        assert "Other Person" not in page and "07700 900555" not in page
    # Ids in the query string or the form are ignored: only the signed-in member's record changes.
    client.post(
        f"{reverse('people:me_change_name')}?person={theirs.pk}",
        {"full_name": "Hacked", "person": theirs.pk, "id": theirs.pk, "user": theirs.user_id},
    )
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.full_name == "Other Person" and mine.full_name == "Hacked"
    response = client.post(f"{reverse('people:me_download')}?id={theirs.pk}", {"id": theirs.pk})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Other Person" not in archive.read("profile.json").decode()
    client.post(reverse("people:me_delete"), {"password": PASSWORD, "person": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.erased_at is None


def test_people_without_a_profile_cannot_open_the_profile_pages(member, client):
    sign_in(client, member)
    for name in (
        "people:me",
        "people:me_consent",
        "people:me_download",
        "people:me_delete",
        "people:me_change_name",
    ):
        assert client.get(reverse(name)).status_code == 403
    assert not Person.objects.exists()


def test_signed_out_visitors_cannot_open_the_profile(client):
    response = client.get(reverse("people:me"))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response.url


def _validated_summary(form_class, person):
    """The summary as the page used to make it: a form built from the saved values and validated."""
    form = form_class(data=form_class.from_person(person))
    form.is_valid()
    return form.summary_rows()


def test_the_profile_summary_from_saved_values_matches_the_validated_forms(client):
    from coproduce.people.models import Interest, LivedExperienceArea

    areas = [LivedExperienceArea.objects.create(name=f"Area {n}", order=n) for n in range(3)]
    topics = [Interest.objects.create(name=f"Topic {n}", order=n) for n in range(2)]
    user, person = joined_member(
        full_name="Sam Summary",
        pronouns="they/them",
        email="sam@example.com",
        address="1 High Street\nTown",
        preferred_contact="post",
        formats=["easy_read", "large_print"],
        access_needs=["hearing_loop", "step_free"],
        access_needs_detail="A quiet room",
        support_person_name="Alex",
        support_person_relationship="my brother",
        support_person_contact="01632 960 001",
        support_person_may_be_contacted=True,
        available_days=["mon", "fri"],
        online=True,
        in_person=True,
        travel_miles=12,
    )
    person.lived_experience.set([areas[2], areas[0]])
    person.interests.set(topics)
    person.refresh_from_db()
    for _, form_class, _ in PROFILE_SECTIONS:
        assert form_class.stored_summary(person) == _validated_summary(form_class, person), form_class
    sign_in(client, user)
    page = client.get(reverse("people:me")).content.decode()
    assert "Area 0, Area 2" in page and "Topic 0, Topic 1" in page and "12 miles" in page


def test_the_profile_page_asks_the_same_number_of_queries_with_more_answers(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.people.models import Interest, LivedExperienceArea

    counts = []
    for many in (1, 5):
        user, person = joined_member(full_name=f"Pat {many}")
        person.lived_experience.set(
            [LivedExperienceArea.objects.create(name=f"Area {many}-{n}", order=n) for n in range(many)]
        )
        person.interests.set(
            [Interest.objects.create(name=f"Topic {many}-{n}", order=n) for n in range(many)]
        )
        sign_in(client, user)
        client.get(reverse("people:me"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:me")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
