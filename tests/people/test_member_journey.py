import re

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.people import selectors as people_selectors
from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Interest, LivedExperienceArea, Person
from coproduce.people.views_member import SESSION_KEY, STEPS
from tests.conftest import sign_in

from .member_factories import joined_member

pytestmark = pytest.mark.django_db


def _answers():
    area = LivedExperienceArea.objects.create(name="Test area", order=999)
    interest = Interest.objects.create(name="Test interest", order=999)
    consent = {
        purpose: "yes" if purpose == ConsentPurpose.CONTACT else "no" for purpose in ConsentPurpose.values
    }
    return {
        "name": {"full_name": "Sam Person", "preferred_name": "Sam", "pronouns": "they/them"},
        "contact": {"email": "sam@example.test", "phone": "07700 900982", "preferred_contact": "text"},
        "formats": {"formats": ["easy_read", "other_language"], "other_language": "Polish"},
        "access": {"access_needs": ["step_free", "breaks"], "access_needs_detail": "Chair with arms"},
        "support": {
            "has_support_person": "yes",
            "support_person_name": "Alex Carer",
            "support_person_contact": "alex@example.test",
            "support_person_may_be_contacted": "yes",
        },
        "experience": {"lived_experience": [str(area.pk)]},
        "interests": {"interests": [str(interest.pk)]},
        "availability": {"available_days": ["mon"], "ways": ["online", "in_person"], "travel_miles": "12"},
        "recognition": {"recognition": "donate", "benefits_limit": "prefer_not"},
        "consent": consent,
    }


def _walk(client, answers):
    for slug, _, _ in STEPS:
        response = client.post(reverse(f"people:join_{slug}"), answers[slug])
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return response


def test_the_whole_journey_creates_the_profile_only_after_confirming(member, client):
    sign_in(client, member)
    answers = _answers()
    response = _walk(client, answers)
    assert response.url == reverse("people:join_check")
    assert not Person.objects.filter(user=member).exists()

    page = client.get(reverse("people:join_check")).content.decode()
    assert "Check your answers" in page and "Polish" in page and "Alex Carer" in page and "12 miles" in page
    assert "Give it to a charity" in page
    assert f"{reverse('people:join_contact')}?change=1" in page

    response = client.post(reverse("people:join_check"))
    # A charity was chosen: the journey asks which one next (skippable), then says it is done.
    assert response.url == reverse("payments:join_details")
    details = client.get(response.url).content.decode()
    assert "Which charity should we give it to?" in details and "Skip for now" in details
    assert "we will need the charity's name before we can donate" in details
    person = Person.objects.get(user=member)
    assert person.payment_choice.method == "donate"
    assert person.full_name == "Sam Person" and person.preferred_contact == "text"
    assert person.formats == ["easy_read", "other_language"] and person.other_language == "Polish"
    assert person.support_person_may_be_contacted is True
    assert person.online and person.in_person and person.travel_miles == 12
    assert person.lived_experience.get().name == "Test area"
    assert person.consents_to_contact is True
    current = people_selectors.latest_consents(person)
    assert current[ConsentPurpose.PHOTOS].given is False
    assert AuditEvent.objects.filter(verb="people.joined", actor=member).exists()
    assert SESSION_KEY not in client.session
    assert "You have joined the network" in client.get(reverse("people:join_done")).content.decode()


def test_email_is_prefilled_from_the_account(member, client):
    sign_in(client, member)
    answers = _answers()
    client.post(reverse("people:join_name"), answers["name"])
    page = client.get(reverse("people:join_contact")).content.decode()
    assert 'value="member@example.test"' in page


def test_a_later_step_sends_you_back_to_the_first_unanswered_one(member, client):
    sign_in(client, member)
    response = client.get(reverse("people:join_access"))
    assert response.url == reverse("people:join_name")
    assert client.get(reverse("people:join_check")).url == reverse("people:join_name")


def test_each_step_has_a_back_link_to_the_previous_one(member, client):
    sign_in(client, member)
    answers = _answers()
    client.post(reverse("people:join_name"), answers["name"])
    page = client.get(reverse("people:join_contact")).content.decode()
    assert f'href="{reverse("people:join_name")}" class="govuk-back-link"' in page


def test_change_from_check_answers_returns_to_check_answers(member, client):
    sign_in(client, member)
    _walk(client, _answers())
    url = f"{reverse('people:join_name')}?change=1"
    page = client.get(url).content.decode()
    assert 'value="Sam Person"' in page
    assert f'href="{reverse("people:join_check")}" class="govuk-back-link"' in page
    response = client.post(url, {"full_name": "Samira Person"})
    assert response.url == reverse("people:join_check")
    assert "Samira Person" in client.get(response.url).content.decode()


def test_consent_has_nothing_chosen_and_requires_an_answer(member, client):
    sign_in(client, member)
    answers = _answers()
    for slug, _, _ in STEPS[:-1]:
        client.post(reverse(f"people:join_{slug}"), answers[slug])
    page = client.get(reverse("people:join_consent")).content.decode()
    assert "checked" not in page
    response = client.post(reverse("people:join_consent"), {"photos": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose yes or no for: contact me about opportunities" in page
    assert re.search(r'name="photos" value="yes"[^>]*checked', page)  # what was typed is kept


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("name", {"full_name": "   "}, "Enter your full name"),
        ("name", {"full_name": "x" * 5000}, "Ensure this value has at most 150 characters"),
        ("contact", {"preferred_contact": "email", "email": ""}, "Enter your email address"),
        ("contact", {"preferred_contact": "email", "email": "not-an-email"}, "correct format"),
        ("contact", {"preferred_contact": "post"}, "Enter your postal address"),
        ("contact", {"preferred_contact": "text", "phone": "call me"}, "Enter a phone number"),
        ("contact", {"preferred_contact": "pigeon"}, "Select a valid choice"),
        ("contact", {"preferred_contact": "post", "address": "1 Road", "postcode": "nope"}, "real postcode"),
        ("formats", {"formats": ["other_language"]}, "Enter the language"),
        ("formats", {"formats": ["telepathy"]}, "Select a valid choice"),
        ("support", {}, "Choose yes if you have a support person"),
        ("support", {"has_support_person": "yes"}, "Enter your support person"),
        (
            "support",
            {
                "has_support_person": "yes",
                "support_person_name": "A",
                "support_person_may_be_contacted": "yes",
            },
            "Enter their phone number or email address",
        ),
        ("experience", {"lived_experience": ["abc"]}, "Choose from the list"),
        ("experience", {"lived_experience": ["99999999999999999999999"]}, "Choose from the list"),
        ("availability", {"ways": []}, "Choose online, in person, or both"),
        ("availability", {"ways": ["online"], "travel_miles": "lots"}, "whole number of miles"),
        ("availability", {"ways": ["online"], "travel_miles": "9" * 40}, "500 miles or fewer"),
        ("recognition", {"recognition": "payment"}, "Choose yes, no or prefer not to say"),
    ],
)
def test_each_step_validates_with_a_clear_message_and_keeps_the_answers(member, client, slug, data, message):
    sign_in(client, member)
    answers = _answers()
    for earlier, _, _ in STEPS:
        if earlier == slug:
            break
        client.post(reverse(f"people:join_{earlier}"), answers[earlier])
    response = client.post(reverse(f"people:join_{slug}"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert "<title>Error: " in page


def test_garbage_input_never_breaks_a_page(member, client):
    sign_in(client, member)
    garbage = {
        "full_name": "\x00" * 10,
        "preferred_name": "💥" * 500,
        "formats": ["\x00"],
        "ways": "x" * 10000,
    }
    answers = _answers()
    for slug, _, _ in STEPS:
        response = client.post(reverse(f"people:join_{slug}"), garbage)
        assert response.status_code in (200, 302), slug
        client.post(reverse(f"people:join_{slug}"), answers[slug])


def test_a_tampered_session_cannot_break_check_answers(member, client):
    sign_in(client, member)
    session = client.session
    session[SESSION_KEY] = {slug: {"nonsense": ["x"]} for slug, _, _ in STEPS}
    session.save()
    response = client.get(reverse("people:join_check"))
    assert response.status_code == 302 and "change=1" in response.url


def test_someone_who_has_joined_is_sent_to_their_profile(client):
    user, _ = joined_member()
    sign_in(client, user)
    for name in ("people:join_start", "people:join_name", "people:join_check"):
        assert client.get(reverse(name)).url == reverse("people:me")
    assert Person.objects.filter(user=user).count() == 1


def test_signed_out_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("people:join_name"))
    assert response.status_code == 302 and reverse("accounts:sign_in") in response.url


def test_members_without_a_profile_see_the_call_to_action(member, client):
    sign_in(client, member)
    home = client.get(reverse("core:home")).content.decode()
    assert "Join the network" in home and reverse("people:join_start") in home
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Complete your profile to join the network" in account
    start = client.get(reverse("people:join_start")).content.decode()
    assert "Start now" in start


def test_members_with_a_profile_see_your_profile_in_the_menu(client):
    user, _ = joined_member()
    sign_in(client, user)
    home = client.get(reverse("core:home")).content.decode()
    assert "Your profile" in home and reverse("people:join_start") not in home
