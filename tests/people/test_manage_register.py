"""Officers registering someone on their behalf, and editing a section of a profile from the record."""

import re

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Interest, LivedExperienceArea, Person
from coproduce.people.services import register_person
from tests.conftest import sign_in

from .manage_support import make_person

URL = "/manage/people/register/"


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def answers(**changes):
    area = LivedExperienceArea.objects.first()
    interest = Interest.objects.first()
    data = {
        "profile-full_name": "  Dee   Phoner ",
        "profile-preferred_name": "Dee",
        "profile-phone": "07700 900321",
        "profile-address": "2 Mill Lane\nBanbury",
        "profile-postcode": "ox16 5aa",
        "profile-preferred_contact": "phone",
        "profile-formats": ["large_print"],
        "profile-access_needs": ["hearing_loop", "companion"],
        "profile-support_person_name": "Dan Phoner",
        "profile-support_person_may_be_contacted": "on",
        "profile-lived_experience": [area.pk],
        "profile-interests": [interest.pk],
        "profile-available_days": ["tue"],
        "profile-available_times": ["afternoon"],
        "profile-in_person": "on",
        "profile-travel_miles": "5",
        "profile-recognition": "payment",
        "profile-benefits_limit": "prefer_not",
        "consent-method": "phone",
    }
    for purpose in ConsentPurpose.values:
        data[f"consent-consent_{purpose}"] = "yes" if purpose == ConsentPurpose.CONTACT else "no"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_register_url_is_named():
    assert reverse("people_manage:register") == URL


def test_the_form_has_every_section(officer_client):
    content = officer_client.get(URL).content.decode()
    for heading in (
        "Contact details",
        "Formats and access needs",
        "Support person or carer",
        "Lived experience and interests",
        "Availability",
        "Recognition and benefits",
        "Consent",
    ):
        assert f">{heading}</h2>" in content


def test_it_registers_a_person_without_a_sign_in_with_consent_taken_by_the_officer(officer_client, officer):
    response = officer_client.post(URL, answers())
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/people/{person.pk}/"
    assert person.user is None
    assert person.registered_by == officer
    assert person.full_name == "Dee Phoner"
    assert person.postcode == "OX16 5AA"
    assert person.formats == ["large_print"]
    assert person.access_needs == ["hearing_loop", "companion"]
    assert person.support_person_may_be_contacted and person.in_person and not person.online
    assert person.travel_miles == 5
    assert list(person.lived_experience.all()) == [LivedExperienceArea.objects.first()]
    assert person.consents_to_contact
    consents = {c.purpose: c for c in person.consents.all()}
    assert set(consents) == set(ConsentPurpose.values)
    assert all(c.method == "phone" and c.recorded_by == officer for c in consents.values())
    assert consents["contact"].given and not consents["photos"].given
    event = AuditEvent.objects.get(verb="people.registered_by_officer")
    assert "full_name" in event.changed_fields and "lived_experience" in event.changed_fields
    assert event.actor == officer


def test_it_shows_every_problem_and_keeps_what_was_typed(officer_client):
    data = answers(**{"profile-full_name": " ", "profile-phone": "", "consent-method": None})
    data.pop("consent-consent_photos")
    response = officer_client.post(URL, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    assert "Enter their full name" in content
    assert "Enter their phone number" in content
    assert "Select how they gave their answers" in content
    assert "Select whether they agree: use photos of me" in content
    assert 'href="#id_profile-full_name"' in content
    assert "2 Mill Lane" in content
    assert re.search(r'value="large_print"[^>]*checked', content)
    assert not Person.objects.exists()


def test_it_needs_the_language_when_another_language_is_chosen(officer_client):
    response = officer_client.post(URL, answers(**{"profile-formats": ["other_language"]}))
    assert "Enter the language they need" in response.content.decode()


@pytest.mark.parametrize("postcode", ["12345", "OX1", "not a postcode at all"])
def test_it_refuses_a_made_up_postcode(officer_client, postcode):
    response = officer_client.post(URL, answers(**{"profile-postcode": postcode}))
    assert "Enter a real postcode" in response.content.decode()


def test_online_consent_is_not_an_option_for_officers(officer_client):
    response = officer_client.post(URL, answers(**{"consent-method": "online"}))
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_members_cannot_register_people(client, member):
    sign_in(client, member)
    assert client.post(URL, answers()).status_code == 403
    assert not Person.objects.exists()


def test_an_officer_edits_one_section_and_the_change_is_audited_by_field_name(officer_client, officer):
    person = make_person(full_name="Eddie Edit", phone="01865 000000", preferred_contact="phone")
    edit = reverse("people_manage:edit_section", args=[person.pk, "contact"])
    page = officer_client.get(edit).content.decode()
    assert "01865 000000" in page and "Full name" not in page
    response = officer_client.post(
        edit,
        {
            "email": person.email,
            "phone": "01865 111111",
            "address": "",
            "postcode": "OX1 1AA",
            "preferred_contact": "phone",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "01865 111111"
    assert person.phone_search == "01865111111"
    event = AuditEvent.objects.get(verb="people.profile_changed")
    assert event.changed_fields == ["phone"]
    assert event.actor == officer


def test_editing_lived_experience_sets_the_areas(officer_client):
    person = make_person()
    areas = list(LivedExperienceArea.objects.all()[:2])
    officer_client.post(
        reverse("people_manage:edit_section", args=[person.pk, "experience"]),
        {"lived_experience": [a.pk for a in areas]},
    )
    assert set(person.lived_experience.all()) == set(areas)
    assert AuditEvent.objects.get(verb="people.profile_changed").changed_fields == ["lived_experience"]


def test_saving_without_changes_writes_no_audit_event(officer_client):
    person = make_person(full_name="Same Name")
    officer_client.post(
        reverse("people_manage:edit_section", args=[person.pk, "name"]),
        {"full_name": "Same Name", "preferred_name": "", "pronouns": ""},
    )
    assert not AuditEvent.objects.filter(verb="people.profile_changed").exists()


def test_an_unknown_section_or_erased_person_is_not_found(officer_client):
    from django.utils import timezone

    person = make_person()
    assert officer_client.get(f"/manage/people/{person.pk}/edit/secrets/").status_code == 404
    gone = make_person(erased_at=timezone.now())
    assert officer_client.get(f"/manage/people/{gone.pk}/edit/name/").status_code == 404


def test_the_service_registers_without_the_web_form(officer):
    person = register_person(
        profile={"full_name": "Api Person", "lived_experience": []},
        consents={ConsentPurpose.CONTACT: False},
        method="paper",
        actor=officer,
    )
    assert person.registered_by == officer and not person.consents_to_contact
    assert person.consents.get().method == "paper"
