"""The member's own equality monitoring pages at /me/equality/: consent first, every question with "Prefer
not to say", review, change and delete, and never anyone else's answers."""

import re

import pytest
from django.urls import reverse

from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services
from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Consent, EqualityRecord
from tests.conftest import sign_in

from .equality_support import FULL_ANSWERS, audit_events, person_with_account

pytestmark = pytest.mark.django_db

START = reverse("people:equality")
QUESTIONS = reverse("people:equality_questions")
DELETE = reverse("people:equality_delete")


def test_the_intro_explains_why_who_sees_answers_and_asks_for_consent(client):
    user, _person = person_with_account(consent=False)
    page = sign_in(client, user).get(START).content.decode()
    assert "Prefer not to say" in page
    assert "kept apart from your profile" in page
    assert "Only the few staff" in page
    assert 'name="agree"' in page
    assert QUESTIONS not in page


def test_it_asks_again_when_consent_is_not_ticked(client):
    user, person = person_with_account(consent=False)
    response = sign_in(client, user).post(START, {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Tick the box to agree" in page
    assert not Consent.objects.filter(person=person).exists()


def test_agreeing_records_consent_and_goes_to_the_questions(client):
    user, person = person_with_account(consent=False)
    response = sign_in(client, user).post(START, {"agree": "on"})
    assert response.status_code == 302
    assert response.url == QUESTIONS
    consent = Consent.objects.get(person=person, purpose=ConsentPurpose.KEEP_EQUALITY_DATA)
    assert consent.given and consent.method == "online"


def test_the_questions_send_a_member_without_consent_back_to_the_intro(client):
    user, _person = person_with_account(consent=False)
    sign_in(client, user)
    assert client.get(QUESTIONS).url == START
    assert client.post(QUESTIONS, FULL_ANSWERS).url == START
    assert not EqualityRecord.objects.exists()


def test_every_question_is_a_radio_group_with_prefer_not_to_say(client):
    user, _person = person_with_account()
    page = sign_in(client, user).get(QUESTIONS).content.decode()
    for field in people_selectors.FIELDS:
        assert f'name="{field}" value="prefer_not"' in page
    assert page.count('type="radio"') == sum(len(topic.choices) for topic in people_selectors.TOPICS)
    assert page.count("<fieldset") == len(people_selectors.FIELDS)


def test_missing_answers_show_errors_and_keep_what_was_chosen(client):
    user, _person = person_with_account()
    response = sign_in(client, user).post(QUESTIONS, {"sex": "Male"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Age: select an answer" in page
    assert 'href="#id_age_band' in page  # the error summary links to the question
    assert re.search(r'name="sex" value="Male"[^>]*checked', page)
    assert not EqualityRecord.objects.exists()


def test_an_answer_that_is_not_offered_is_an_error_not_a_crash(client):
    user, _person = person_with_account()
    response = sign_in(client, user).post(QUESTIONS, {**FULL_ANSWERS, "sex": "x" * 5000})
    assert response.status_code == 200
    assert "Sex: select one of the answers shown" in response.content.decode()


def test_saving_answers_then_reviewing_them(client):
    user, person = person_with_account()
    sign_in(client, user)
    response = client.post(QUESTIONS, FULL_ANSWERS)
    assert response.url == START
    assert EqualityRecord.objects.get(person=person).religion == "No religion"
    page = client.get(START).content.decode()
    assert "Your answers" in page
    assert "White: Irish" in page
    assert "Change your answers" in page and DELETE in page
    assert len(audit_events("people.equality_answered")) == 1


def test_changing_answers_starts_from_the_saved_ones(client):
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    sign_in(client, user)
    page = client.get(QUESTIONS).content.decode()
    assert "Change your equality monitoring answers" in page
    assert page.count("checked") == len(people_selectors.FIELDS)
    client.post(QUESTIONS, {**FULL_ANSWERS, "sexual_orientation": "prefer_not"})
    assert EqualityRecord.objects.get(person=person).sexual_orientation == "prefer_not"


def test_deleting_answers_asks_first_then_removes_the_record(client):
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    sign_in(client, user)
    assert "Delete your equality monitoring answers" in client.get(DELETE).content.decode()
    assert EqualityRecord.objects.filter(person=person).exists()
    response = client.post(DELETE)
    assert response.url == START
    assert not EqualityRecord.objects.filter(person=person).exists()
    [event] = audit_events("people.equality_deleted")
    assert event.actor == user


def test_delete_with_nothing_saved_goes_back_to_the_intro(client):
    user, _person = person_with_account()
    assert sign_in(client, user).post(DELETE).url == START


def test_a_member_only_ever_sees_their_own_answers(client):
    other_user, other = person_with_account()
    people_services.save_equality_answers(
        other, {**FULL_ANSWERS, "ethnic_group": "Other ethnic group"}, actor=other_user
    )
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    sign_in(client, user)
    page = client.get(START).content.decode()
    assert "White: Irish" in page and "Another ethnic group" not in page
    # There is no member page addressed by id; the back-office one refuses members.
    assert client.get(reverse("people_manage:equality_answers", args=[other.pk])).status_code == 403
    assert client.get(f"{START}?person={other.pk}").content.decode().count("Another ethnic group") == 0


def test_an_account_without_a_profile_cannot_open_the_questionnaire(client, member):
    assert sign_in(client, member).get(START).status_code == 403
