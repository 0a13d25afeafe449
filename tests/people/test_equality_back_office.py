"""Officers: one person's answers only with the equality-data permission (each view audited); the network
profile shows aggregates only; administrators give and take away the restricted permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services
from coproduce.people.models import Person
from coproduce.people.services import erase_person
from tests.conftest import sign_in

from .equality_support import FULL_ANSWERS, audit_events, people_with_answers, person_with_account

pytestmark = pytest.mark.django_db

PROFILE = reverse("people_manage:equality_profile")
PERMISSIONS = reverse("people_manage:permissions")


def answers_url(person):
    return reverse("people_manage:equality_answers", args=[person.pk])


def grant_equality_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="view_equality_answers"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def answered():
    user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=user)
    return person


def test_an_officer_with_the_permission_sees_the_answers_and_every_view_is_audited(client, officer, answered):
    officer = grant_equality_permission(officer)
    sign_in(client, officer)
    for _ in range(2):
        page = client.get(answers_url(answered)).content.decode()
        assert "White: Irish" in page
        assert "Bisexual" in page
    events = audit_events("people.equality_viewed")
    assert len(events) == 2
    assert {(event.actor_id, event.object_id) for event in events} == {(officer.pk, str(answered.pk))}


def test_an_officer_without_the_permission_is_refused_and_nothing_is_read(client, officer, answered):
    response = sign_in(client, officer).get(answers_url(answered))
    assert response.status_code == 403
    assert "White: Irish" not in response.content.decode()
    assert audit_events("people.equality_viewed") == []


def test_an_administrator_without_the_permission_is_refused(client, administrator, answered):
    assert sign_in(client, administrator).get(answers_url(answered)).status_code == 403


def test_the_permission_alone_without_a_back_office_role_is_not_enough(client, answered):
    user, _person = person_with_account()
    user = grant_equality_permission(user)
    assert sign_in(client, user).get(answers_url(answered)).status_code == 403


def test_an_unverified_officer_with_the_permission_must_use_two_factor_first(client, officer, answered):
    officer = grant_equality_permission(officer)
    response = sign_in(client, officer, verified=False).get(answers_url(answered))
    assert response.status_code == 302
    assert audit_events("people.equality_viewed") == []


def test_someone_who_has_not_answered_is_shown_as_such_and_the_look_is_audited(client, officer):
    _user, person = person_with_account()
    officer = grant_equality_permission(officer)
    page = sign_in(client, officer).get(answers_url(person)).content.decode()
    assert "has not answered" in page
    assert len(audit_events("people.equality_viewed")) == 1


def test_an_erased_or_unknown_person_is_not_found(client, officer, answered):
    officer = grant_equality_permission(officer)
    erase_person(answered, actor=officer)
    sign_in(client, officer)
    assert client.get(answers_url(answered)).status_code == 404
    assert client.get(reverse("people_manage:equality_answers", args=[999999])).status_code == 404


def test_the_network_profile_shows_tables_against_the_census_to_officers(client, officer):
    call_command("load_census")
    people_with_answers(25, **FULL_ANSWERS)
    people_with_answers(4, **{**FULL_ANSWERS, "ethnic_group": "Other ethnic group"})
    response = sign_in(client, officer).get(PROFILE)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<caption class="govuk-table__caption') == len(people_selectors.TOPICS)
    assert "fewer than 10" in page
    assert "Oxfordshire census (%)" in page and "77.50" in page  # White British, Oxfordshire, 16+
    assert "Office for National Statistics" in page
    assert ">4<" not in page  # the small group's count never appears
    assert audit_events("people.equality_viewed") == []


def test_the_network_profile_says_when_the_census_is_not_loaded(client, officer):
    page = sign_in(client, officer).get(PROFILE).content.decode()
    assert "census figures have not been loaded" in page


def test_the_network_profile_leaves_out_erased_people(client, officer):
    _user, person = person_with_account()
    people_services.save_equality_answers(person, FULL_ANSWERS, actor=_user)
    erase_person(person, actor=officer)
    profiles = people_selectors.equality_profile(Person.objects.current())
    assert profiles[0].answered == "fewer than 10"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.BOARD_MEMBER, Role.FINANCE_APPROVER, Role.EVALUATOR])
def test_the_network_profile_is_for_officers_only(client, user_with_role, role):
    assert sign_in(client, user_with_role(role)).get(PROFILE).status_code == 403


def test_an_administrator_gives_and_takes_away_the_restricted_permissions(client, administrator, officer):
    sign_in(client, administrator)
    edit = reverse("people_manage:permission_edit", args=[officer.pk])
    assert officer.email in client.get(PERMISSIONS).content.decode()
    response = client.post(edit, {"permissions": ["view_equality_answers", "view_safeguarding_notes"]})
    assert response.url == PERMISSIONS
    officer = type(officer).objects.get(pk=officer.pk)
    assert officer.has_perm("people.view_equality_answers")
    assert officer.has_perm("people.view_safeguarding_notes")
    [granted] = audit_events("accounts.permission_granted")
    assert granted.changed_fields == ["people.view_equality_answers", "people.view_safeguarding_notes"]
    assert granted.object_id == str(officer.pk)
    assert "See individuals’ equality monitoring answers" in client.get(PERMISSIONS).content.decode()

    client.post(edit, {"permissions": ["view_safeguarding_notes"], "csrfmiddlewaretoken": "x"})
    officer = type(officer).objects.get(pk=officer.pk)
    assert not officer.has_perm("people.view_equality_answers")
    [revoked] = audit_events("accounts.permission_revoked")
    assert revoked.changed_fields == ["people.view_equality_answers"]


def test_granting_lets_the_officer_open_an_answers_page(client, administrator, officer, answered):
    people_services.set_special_permissions(officer, ["view_equality_answers"], actor=administrator)
    assert (
        sign_in(client, type(officer).objects.get(pk=officer.pk)).get(answers_url(answered)).status_code
        == 200
    )


def test_saving_without_a_change_records_nothing(client, administrator, officer):
    sign_in(client, administrator)
    client.post(reverse("people_manage:permission_edit", args=[officer.pk]), {"permissions": []})
    assert audit_events("accounts.permission_granted") == audit_events("accounts.permission_revoked") == []


def test_only_officers_and_administrators_can_be_given_a_restricted_permission(client, administrator):
    user, _person = person_with_account()
    sign_in(client, administrator)
    assert user.email not in client.get(PERMISSIONS).content.decode()
    assert client.get(reverse("people_manage:permission_edit", args=[user.pk])).status_code == 404
    with pytest.raises(ValueError):
        people_services.set_special_permissions(user, ["delete_person"], actor=administrator)


def test_an_unknown_permission_in_the_form_is_an_error(client, administrator, officer):
    sign_in(client, administrator)
    response = client.post(
        reverse("people_manage:permission_edit", args=[officer.pk]), {"permissions": ["x"]}
    )
    assert response.status_code == 200
    assert "Select only the permissions shown" in response.content.decode()


def test_officers_cannot_change_restricted_permissions(client, officer):
    sign_in(client, officer)
    assert client.get(PERMISSIONS).status_code == 403
    assert client.post(reverse("people_manage:permission_edit", args=[officer.pk]), {}).status_code == 403


def test_the_network_profile_page_costs_the_same_with_5_or_300_members(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, officer)
    counts = []
    for size in (5, 295):
        people_with_answers(size, **FULL_ANSWERS)
        cache.clear()  # measure working the profile out, not reading it from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROFILE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_network_profile_is_worked_out_once_then_read_from_the_cache(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people_with_answers(12, **FULL_ANSWERS)
    sign_in(client, officer)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(PROFILE).content.decode()
        counts.append(sum("people_equalityrecord" in query["sql"] for query in queries))
    assert counts == [1, 0]
    assert "Figures worked out at" in page
    people_with_answers(3, **FULL_ANSWERS)
    assert ">12<" in client.get(PROFILE).content.decode()  # still the cached figures until they expire
