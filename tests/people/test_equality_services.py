"""Saving, changing, deleting and reading one person's equality answers: consent, audit, field names only."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services
from coproduce.people.models import EqualityRecord

from .equality_support import FULL_ANSWERS, audit_events, give_consent, person_with_account

pytestmark = pytest.mark.django_db


def test_it_saves_answers_in_one_record_and_audits_field_names_only():
    user, person = person_with_account()
    saved = people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    assert EqualityRecord.objects.get(person=person) == saved
    assert saved.ethnic_group == "White: Irish"
    [event] = audit_events("people.equality_answered")
    assert event.actor == user
    assert event.object_id == str(person.pk)
    assert sorted(event.changed_fields) == sorted(FULL_ANSWERS)
    for value in FULL_ANSWERS.values():
        assert value not in str(event.changed_fields)


def test_it_refuses_to_save_answers_without_consent_to_keep_them():
    user, person = person_with_account(consent=False)
    with pytest.raises(people_services.EqualityConsentRequired):
        people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    assert not EqualityRecord.objects.exists()
    assert audit_events("people.equality_answered") == []


def test_it_refuses_after_consent_was_withdrawn():
    user, person = person_with_account()
    give_consent(person, actor=user, given=False)
    with pytest.raises(people_services.EqualityConsentRequired):
        people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)


def test_changing_answers_audits_only_the_fields_that_changed():
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    people_services.save_equality_answers(person, {**FULL_ANSWERS, "religion": "prefer_not"}, actor=user)
    events = audit_events("people.equality_answered")
    assert len(events) == 2
    assert events[1].changed_fields == ["religion"]
    assert EqualityRecord.objects.get(person=person).religion == "prefer_not"


def test_saving_the_same_answers_again_changes_nothing():
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    assert len(audit_events("people.equality_answered")) == 1


def test_it_rejects_an_answer_that_is_not_a_choice():
    user, person = person_with_account()
    with pytest.raises(ValidationError):
        people_services.save_equality_answers(person, {**FULL_ANSWERS, "sex": "Robot"}, actor=user)
    assert not EqualityRecord.objects.exists()


def test_it_rejects_a_field_that_is_not_an_equality_question():
    user, person = person_with_account()
    with pytest.raises(ValueError):
        people_services.save_equality_answers(person, {"full_name": "X"}, actor=user)


def test_forgetting_answers_deletes_the_record_and_audits_it():
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    assert people_services.forget_equality_answers(person, actor=user) is True
    assert not EqualityRecord.objects.filter(person=person).exists()
    [event] = audit_events("people.equality_deleted")
    assert event.object_id == str(person.pk)
    assert "ethnic_group" in event.changed_fields


def test_forgetting_when_there_are_no_answers_does_nothing():
    user, person = person_with_account()
    assert people_services.forget_equality_answers(person, actor=user) is False
    assert audit_events("people.equality_deleted") == []


def test_withdrawing_consent_to_keep_equality_data_deletes_the_answers_at_once():
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    give_consent(person, actor=user, given=False)
    assert not EqualityRecord.objects.filter(person=person).exists()
    assert len(audit_events("people.equality_deleted")) == 1


def test_withdrawing_another_consent_keeps_the_answers():
    from coproduce.people import services
    from coproduce.people.choices import ConsentMethod, ConsentPurpose

    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    services.record_consent(person, ConsentPurpose.PHOTOS, False, method=ConsentMethod.ONLINE, actor=user)
    assert EqualityRecord.objects.filter(person=person).exists()


def test_each_restricted_read_is_audited_even_when_there_are_no_answers(officer):
    user, person = person_with_account()
    assert people_selectors.read_equality_answers(person, actor=officer) is None
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    assert people_selectors.read_equality_answers(person, actor=officer).sex == "Female"
    events = audit_events("people.equality_viewed")
    assert [event.actor for event in events] == [officer, officer]
    assert all(event.object_id == str(person.pk) for event in events)


def test_answer_rows_give_labels_not_stored_values():
    user, person = person_with_account()
    saved = people_services.save_equality_answers(
        person, {**FULL_ANSWERS, "disability": "prefer_not"}, actor=user
    )
    rows = dict(people_selectors.answer_rows(saved))
    assert rows["Disability"] == "Prefer not to say"
    assert rows["Gender identity"] == "Yes, the same as my sex registered at birth"
