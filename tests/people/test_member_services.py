import pytest
from django.contrib.auth import authenticate
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from coproduce.accounts.models import User, UserSession
from coproduce.audit.models import AuditEvent
from coproduce.people import selectors as people_selectors
from coproduce.people import services
from coproduce.people.choices import ConsentMethod, ConsentPurpose, NoteKind
from coproduce.people.models import Consent, EqualityRecord, Interest, LivedExperienceArea, Person, PersonNote
from tests.conftest import sign_in
from tests.factories import PASSWORD

from .member_factories import joined_member

pytestmark = pytest.mark.django_db


def test_joining_creates_the_profile_and_consents_with_the_account_email():
    area = LivedExperienceArea.objects.filter(active=True).first() or LivedExperienceArea.objects.create(
        name="Mental health"
    )
    user, person = joined_member(lived_experience=[area.pk], access_needs=["step_free"])
    assert person.user == user
    assert person.email == user.email
    assert list(person.lived_experience.all()) == [area]
    assert set(people_selectors.latest_consents(person)) == set(ConsentPurpose.values)
    assert person.consents_to_contact is True
    event = AuditEvent.objects.filter(verb="people.joined", object_id=str(person.pk)).get()
    assert "access_needs" in event.changed_fields and "lived_experience" in event.changed_fields


def test_joining_twice_is_refused():
    user, _ = joined_member()
    with pytest.raises(services.AlreadyJoinedError):
        services.create_person_from_journey(user, {"full_name": "Again"}, {})
    assert Person.objects.filter(user=user).count() == 1


def test_inactive_areas_and_interests_are_not_attached():
    closed = Interest.objects.create(name="Closed topic", active=False)
    _, person = joined_member(interests=[closed.pk])
    assert person.interests.count() == 0


def test_record_consent_appends_a_row_and_keeps_contact_flag_in_step():
    user, person = joined_member()
    services.record_consent(person, ConsentPurpose.CONTACT, False, method=ConsentMethod.ONLINE, actor=user)
    person.refresh_from_db()
    assert person.consents_to_contact is False
    assert Consent.objects.filter(person=person, purpose=ConsentPurpose.CONTACT).count() == 2
    assert people_selectors.latest_consents(person)[ConsentPurpose.CONTACT].given is False
    event = AuditEvent.objects.filter(verb="people.consent_withdrawn").latest("id")
    assert event.changed_fields == ["consent.contact"]
    assert event.actor == user


def test_record_consent_refuses_unknown_purpose_or_method():
    user, person = joined_member()
    with pytest.raises(services.ConsentError):
        services.record_consent(person, "sell_my_data", True, method=ConsentMethod.ONLINE, actor=user)
    with pytest.raises(services.ConsentError):
        services.record_consent(person, ConsentPurpose.PHOTOS, True, method="telepathy", actor=user)


def test_update_profile_audits_only_changed_field_names():
    user, person = joined_member()
    changed = services.update_profile(
        person, {"phone": "07700 900999", "postcode": person.postcode}, actor=user
    )
    assert changed == ["phone"]
    event = AuditEvent.objects.filter(verb="people.profile_changed").latest("id")
    assert event.changed_fields == ["phone"]
    assert "07700" not in str(event.__dict__)


def test_erase_person_blanks_data_keeps_tombstone_and_stops_sign_in(officer):
    user, person = joined_member(access_needs=["quiet_room"], access_needs_detail="Needs quiet")
    EqualityRecord.objects.create(person=person, sex="Female")
    PersonNote.objects.create(person=person, text="Rang about travel", written_by=officer)
    PersonNote.objects.create(person=person, kind=NoteKind.SAFEGUARDING, text="Concern", written_by=officer)
    old_email = user.email
    client = sign_in(Client(), user)
    key = client.session.session_key
    UserSession.objects.get_or_create(user=user, session_key=key)

    services.erase_person(person, actor=officer)

    person.refresh_from_db()
    assert person.erased_at is not None
    assert person.full_name == "" and person.email == "" and person.phone == "" and person.access_needs == []
    assert not Person.objects.current().filter(pk=person.pk).exists()
    assert not EqualityRecord.objects.filter(person=person).exists()
    assert set(PersonNote.objects.filter(person=person).values_list("text", flat=True)) == {""}
    assert Consent.objects.filter(person=person).exists()
    user = User.objects.get(pk=user.pk)
    assert user.is_active is False and not user.has_usable_password()
    assert user.email.endswith("@erased.invalid") and user.full_name == ""
    assert not SessionStore().exists(key)
    for email in (old_email, user.email):
        assert authenticate(RequestFactory().post("/"), email=email, password=PASSWORD) is None
    assert UserSession.objects.get(session_key=key).ended_at is not None
    assert AuditEvent.objects.filter(verb="people.erased", object_id=str(person.pk), actor=officer).exists()


def test_erasing_twice_changes_nothing_more(officer):
    _, person = joined_member()
    services.erase_person(person, actor=officer)
    services.erase_person(person, actor=officer)
    assert AuditEvent.objects.filter(verb="people.erased").count() == 1


def test_erasing_someone_without_sign_in_works(officer):
    person = Person.objects.create(full_name="Paper Person", phone="01234 567890")
    services.erase_person(person, actor=officer)
    person.refresh_from_db()
    assert person.erased_at is not None and person.full_name == ""
