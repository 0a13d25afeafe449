"""The network's API: the same rules and services as the pages."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coproduce.network.models import Activity

from . import factories as f

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_officers_list_the_register_and_members_cannot():
    champion = f.champion()
    response = _client(f.officer()).get("/api/network/champions/")
    assert [row["name"] for row in response.json()["results"]] == [champion.person.full_name] or [
        row["name"] for row in response.json()
    ] == [champion.person.full_name]
    user, _ = f.member_with_profile()
    assert _client(user).get("/api/network/champions/").status_code == 403


def test_a_champion_records_their_own_activity_and_a_future_date_is_refused():
    champion = f.champion()
    client = _client(champion.person.user)
    today = timezone.localdate()
    ok = client.post(
        "/api/network/my-activities/", {"kind": "talk", "happened_on": today.isoformat(), "reached": 10}
    )
    assert ok.status_code == 201
    future = client.post(
        "/api/network/my-activities/",
        {"kind": "talk", "happened_on": (today + datetime.timedelta(days=1)).isoformat(), "reached": 10},
    )
    assert future.status_code == 400
    assert "happened_on" in future.json()
    negative = client.post(
        "/api/network/my-activities/", {"kind": "talk", "happened_on": today.isoformat(), "reached": -1}
    )
    assert negative.status_code == 400
    assert Activity.objects.count() == 1


def test_an_officer_records_on_behalf_and_steps_a_champion_down():
    champion = f.champion()
    client = _client(f.officer())
    response = client.post(
        f"/api/network/champions/{champion.pk}/activities/",
        {"kind": "stall", "happened_on": timezone.localdate().isoformat(), "reached": 40},
    )
    assert response.json()["on_behalf"] is True
    assert client.post(f"/api/network/champions/{champion.pk}/step-down/").json()["status"] == "stepped_down"
    assert client.post(f"/api/network/champions/{champion.pk}/step-down/").status_code in (404, 409)
