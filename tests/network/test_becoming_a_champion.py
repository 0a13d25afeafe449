"""Applying or being nominated, the versioned pledge, approval, induction and stepping down, with the champion
role and the champions body kept in step with the register."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.core.errors import ServiceError
from coproduce.meetings.models import BodyMembership
from coproduce.network import selectors, services
from coproduce.network.choices import ChampionStatus
from coproduce.network.models import Champion
from tests.conftest import sign_in

from . import factories as f

pytestmark = pytest.mark.django_db


def _in_champions_body(person) -> bool:
    return BodyMembership.objects.current().filter(body__slug="champions", person=person).exists()


def test_a_member_applies_agreeing_the_current_pledge(client):
    user, person = f.member_with_profile()
    area = f.area("Wyvernbridge")
    sign_in(client, user)
    page = client.get(reverse("network:apply"))
    assert "version 1" in page.content.decode()
    response = client.post(
        reverse("network:apply"), {"kind": "resident", "area": area.pk, "agree_pledge": "on", "why": "I care"}
    )
    assert response.status_code == 302
    champion = Champion.objects.get(person=person)
    assert champion.status == ChampionStatus.APPLIED
    assert champion.pledge.version == 1
    assert AuditEvent.objects.filter(verb="network.applied").exists()


def test_applying_without_agreeing_the_pledge_is_refused_by_the_field(client):
    user, person = f.member_with_profile()
    sign_in(client, user)
    response = client.post(reverse("network:apply"), {"kind": "resident", "area": f.area().pk})
    assert response.status_code == 200
    assert "Tick to agree the champion pledge" in response.content.decode()
    assert not Champion.objects.filter(person=person).exists()


def test_approving_grants_the_role_and_a_place_in_the_champions_body():
    champion = f.champion()
    user = champion.person.user
    user.__dict__.pop("roles", None)
    assert champion.status == ChampionStatus.ACTIVE
    assert user.has_role(Role.CHAMPION)
    assert _in_champions_body(champion.person)
    assert champion.person.pk in selectors.current_champion_person_ids()


def test_stepping_down_removes_the_role_and_the_body_place():
    champion = f.champion()
    services.step_down(champion, actor=f.officer())
    user = champion.person.user
    user.__dict__.pop("roles", None)
    assert not user.has_role(Role.CHAMPION)
    assert not _in_champions_body(champion.person)
    assert champion.person.pk not in selectors.current_champion_person_ids()


def test_a_nominee_cannot_join_the_register_before_agreeing_the_pledge():
    _, person = f.member_with_profile()
    officer = f.officer()
    nominee = services.nominate(person, actor=officer, kind="staff", area=f.area())
    with pytest.raises(ServiceError) as refusal:
        services.approve(nominee, actor=officer)
    assert refusal.value.field == "pledge"
    services.agree_pledge(nominee, actor=person.user)
    assert services.approve(nominee, actor=officer).status == ChampionStatus.ACTIVE


def test_a_new_pledge_version_asks_champions_to_agree_it(client):
    champion = f.champion()
    services.publish_pledge(text="A shorter pledge", actor=f.officer())
    sign_in(client, champion.person.user)
    page = client.get(reverse("network:home")).content.decode()
    assert "The pledge has changed (version 2)" in page
    client.post(reverse("network:pledge"))
    champion.refresh_from_db()
    assert champion.pledge.version == 2


def test_declining_needs_a_reason():
    _, person = f.member_with_profile()
    nominee = services.nominate(person, actor=f.officer(), kind="staff", area=f.area())
    with pytest.raises(ServiceError) as refusal:
        services.decline(nominee, actor=f.officer(), note="")
    assert refusal.value.field == "note"


def test_an_induction_in_the_future_is_refused_by_the_field(client):
    champion = f.champion()
    officer = f.officer()
    sign_in(client, officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("network_manage:induction", args=[champion.pk])
    response = client.post(
        url, {"held_on_day": tomorrow.day, "held_on_month": tomorrow.month, "held_on_year": tomorrow.year}
    )
    assert "The date of the induction must be today or in the past" in response.content.decode()
    assert not champion.inductions.exists()
    today = timezone.localdate()
    client.post(url, {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year})
    assert champion.inductions.get().held_on == today


def test_an_induction_can_be_a_training_session_that_has_taken_place(client):
    from tests.training import factories as training

    champion = f.champion()
    past = training.move_to_past(training.session(training.course(title="Champion induction")))
    upcoming = training.session()
    sign_in(client, f.officer())
    url = reverse("network_manage:induction", args=[champion.pk])
    assert upcoming.pk not in [choice.pk for choice in services_form_sessions()]
    today = timezone.localdate()
    day = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year}
    client.post(url, {**day, "session": past.pk})
    assert champion.inductions.get().session == past
    assert (
        "Champion induction"
        in client.get(reverse("network_manage:champion", args=[champion.pk])).content.decode()
    )
    with pytest.raises(ServiceError) as refused:
        services.record_induction(champion, held_on=today, session=upcoming, actor=f.officer())
    assert refused.value.field == "session"


def services_form_sessions():
    from coproduce.network.forms import InductionForm

    return list(InductionForm().fields["session"].queryset)


def test_officers_approve_from_the_champion_page(client):
    _, person = f.member_with_profile()
    applicant = services.apply(person, actor=person.user, agree_pledge=True, kind="resident", area=f.area())
    sign_in(client, f.officer())
    client.post(reverse("network_manage:approve", args=[applicant.pk]), {"note": ""})
    applicant.refresh_from_db()
    assert applicant.status == ChampionStatus.ACTIVE


def test_a_member_who_is_not_a_champion_cannot_open_the_champion_page(client):
    user, _ = f.member_with_profile()
    sign_in(client, user)
    assert client.get(reverse("network:home")).status_code == 403


def _nominate(client, email, area):
    return client.post(
        reverse("network:nominate"),
        {"email": email, "kind": "resident", "area": area.pk, "why": "She runs the carers' group"},
    )


def test_a_member_nominates_someone_they_know_and_the_nominee_agrees_the_pledge(client):
    nominator, _ = f.member_with_profile()
    nominee_user, nominee = f.member_with_profile()
    area = f.area("Wyvernbridge")
    sign_in(client, nominator)
    assert client.get(reverse("network:nominate")).status_code == 200
    response = _nominate(client, nominee.email.upper(), area)
    assert response.status_code == 302
    champion = Champion.objects.get(person=nominee)
    assert champion.status == ChampionStatus.NOMINATED and champion.nominated_by == nominator
    assert champion.why == "She runs the carers' group" and champion.pledge is None
    assert AuditEvent.objects.filter(verb="network.nominated", actor=nominator).exists()
    client.force_login(nominee_user)
    assert "You were nominated" in client.get(reverse("network:apply")).content.decode()


def test_a_members_nomination_says_the_same_whether_or_not_the_address_is_found(client):
    nominator, _ = f.member_with_profile()
    already = f.champion()
    area = f.area()
    sign_in(client, nominator)
    answers = []
    for email in ("nobody@example.test", already.person.email):
        response = _nominate(client, email, area)
        assert response.status_code == 302
        answers.append(client.get(response.url).content.decode().count("Thank you for your nomination"))
    assert answers == [1, 1]
    assert Champion.objects.get(pk=already.pk).status == ChampionStatus.ACTIVE
    assert Champion.objects.count() == 1


def test_nominating_yourself_or_leaving_out_the_area_is_refused_by_the_field(client):
    nominator, person = f.member_with_profile()
    sign_in(client, nominator)
    own = _nominate(client, person.email, f.area()).content.decode()
    assert "That is your own address" in own
    no_area = client.post(reverse("network:nominate"), {"email": "x@example.test", "kind": "resident"})
    assert "Choose the area they are champion for" in no_area.content.decode()
    assert not Champion.objects.exists()


def test_a_champions_profile_says_they_are_a_champion_and_where(client):
    champion = f.champion(area_=f.area("Kestrel Down"))
    sign_in(client, champion.person.user)
    page = client.get(reverse("people:me")).content.decode()
    assert '<h3 class="govuk-heading-s">Champions network</h3>' in page
    assert "Champion, Kestrel Down." in page and reverse("network:home") in page
