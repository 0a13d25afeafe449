"""Recruits: the invitation link, the printable invitation, attribution on the register-on-behalf form, and
anonymity to the champion beyond a count unless the person agrees."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from coproduce.network import services
from coproduce.network.choices import RecruitRoute
from coproduce.network.models import Recruit
from coproduce.people.services import create_person_from_journey
from tests.conftest import sign_in
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _join_with_session(session):
    user = UserFactory()
    request = RequestFactory().post("/join/check/")
    request.session = session
    request.user = user
    return create_person_from_journey(user, {"full_name": user.full_name}, {"contact": True}, request=request)


def test_the_invitation_link_remembers_the_champion_until_the_person_joins(client):
    champion = f.champion()
    response = client.get(reverse("network:invitation", args=[champion.invitation_code]))
    assert champion.person.display_name in response.content.decode()
    session = SessionStore(session_key=client.session.session_key)
    assert session[services.INVITATION_SESSION_KEY] == champion.invitation_code
    person = _join_with_session(session)
    recruit = Recruit.objects.get(person=person)
    assert (recruit.champion, recruit.route) == (champion, RecruitRoute.LINK)
    assert services.INVITATION_SESSION_KEY not in session


def test_joining_without_an_invitation_counts_for_nobody():
    f.champion()
    _join_with_session(SessionStore())
    assert not Recruit.objects.exists()


def test_an_officer_attributes_a_recruit_on_the_register_on_behalf_form(client):
    champion = f.champion()
    sign_in(client, f.officer())
    form = client.get(reverse("people_manage:register")).content.decode()
    assert "Did a champion bring them to the network?" in form
    data = {
        "profile-full_name": "Rhiannon Tarrant",
        "profile-preferred_contact": "phone",
        "profile-phone": "01632 960111",
        "consent-method": "phone",
        "consent-recruited_by": champion.pk,
    }
    for purpose in ("contact", "photos", "quotes", "share_with_partners", "keep_equality_data"):
        data[f"consent-consent_{purpose}"] = "yes"
    response = client.post(reverse("people_manage:register"), data)
    assert response.status_code == 302
    recruit = Recruit.objects.get()
    assert recruit.person.full_name == "Rhiannon Tarrant"
    assert recruit.route == RecruitRoute.OFFICER


def test_the_champion_sees_a_count_and_names_only_of_those_who_agreed(client):
    champion = f.champion()
    shy = f.person(user=UserFactory(), full_name="Shy Person")
    open_ = f.person(user=UserFactory(), full_name="Open Person")
    services.attribute_recruit(shy, champion, route=RecruitRoute.OFFICER, actor=f.officer())
    named = services.attribute_recruit(open_, champion, route=RecruitRoute.OFFICER, actor=f.officer())
    sign_in(client, open_.user)
    client.post(reverse("network:recruit_naming"), {"named": "yes"})
    named.refresh_from_db()
    assert named.named_to_champion
    client.logout()
    sign_in(client, champion.person.user)
    page = client.get(reverse("network:home")).content.decode()
    assert ">2</span> in all" in page
    assert "Open Person" in page
    assert "Shy Person" not in page


def test_the_printable_invitation_carries_the_link_and_the_code(client):
    champion = f.champion()
    sign_in(client, champion.person.user)
    page = client.get(reverse("network:printable_invitation")).content.decode()
    assert reverse("network:invitation", args=[champion.invitation_code]) in page
    assert champion.invitation_code in page


def test_a_person_is_counted_for_one_champion_only():
    first, second = f.champion(), f.champion()
    _, person = f.member_with_profile()
    services.attribute_recruit(person, first, route=RecruitRoute.LINK, actor=None)
    assert services.attribute_recruit(person, second, route=RecruitRoute.LINK, actor=None) is None
    assert Recruit.objects.get(person=person).champion == first
