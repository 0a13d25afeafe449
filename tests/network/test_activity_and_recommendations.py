"""The activity log (by the champion or an officer on their behalf) and recommendations tracked to an
outcome."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.core.errors import ServiceError
from coproduce.network import services
from coproduce.network.choices import Outcome, RecommendationStatus
from coproduce.network.models import Activity, Recommendation
from tests.conftest import sign_in

from . import factories as f

pytestmark = pytest.mark.django_db


def _activity_post(day, reached="25"):
    return {
        "kind": "stall",
        "happened_on_day": day.day,
        "happened_on_month": day.month,
        "happened_on_year": day.year,
        "where": "Kestrel Down market",
        "with_whom": "Shoppers",
        "reached": reached,
    }


def test_a_champion_records_an_activity(client):
    champion = f.champion()
    sign_in(client, champion.person.user)
    response = client.post(reverse("network:record_activity"), _activity_post(timezone.localdate()))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.reached, activity.on_behalf, activity.area) == (25, False, champion.area)


def test_an_activity_dated_in_the_future_is_refused_by_the_field(client):
    champion = f.champion()
    sign_in(client, champion.person.user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("network:record_activity"), _activity_post(tomorrow))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date it happened must be today or in the past" in page
    assert 'value="Kestrel Down market"' in page
    assert not Activity.objects.exists()


def test_reach_below_zero_is_refused_by_the_field(client):
    champion = f.champion()
    sign_in(client, champion.person.user)
    response = client.post(reverse("network:record_activity"), _activity_post(timezone.localdate(), "-3"))
    assert "The number of people reached must be 0 or more" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_service_refuses_a_future_date_and_negative_reach_too():
    champion = f.champion()
    with pytest.raises(ServiceError) as future:
        services.record_activity(
            champion,
            actor=champion.person.user,
            kind="talk",
            happened_on=timezone.localdate() + datetime.timedelta(days=2),
            reached=1,
        )
    assert future.value.field == "happened_on"
    with pytest.raises(ServiceError) as negative:
        services.record_activity(
            champion, actor=champion.person.user, kind="talk", happened_on=timezone.localdate(), reached=-1
        )
    assert negative.value.field == "reached"


def test_an_officer_records_on_a_champions_behalf(client):
    champion = f.champion()
    sign_in(client, f.officer())
    client.post(
        reverse("network_manage:activity_on_behalf", args=[champion.pk]), _activity_post(timezone.localdate())
    )
    assert Activity.objects.get().on_behalf is True


def test_a_recommendation_goes_from_raised_to_answered_to_an_outcome(client):
    champion = f.champion()
    sign_in(client, champion.person.user)
    client.post(reverse("network:recommend"), {"title": "Evening meetings", "text": "Carers work days."})
    recommendation = Recommendation.objects.get()
    assert recommendation.status == RecommendationStatus.RAISED
    client.logout()
    sign_in(client, f.officer())
    client.post(reverse("network_manage:answer", args=[recommendation.pk]), {"response": "We will try it."})
    client.post(
        reverse("network_manage:outcome", args=[recommendation.pk]),
        {"outcome": Outcome.ACTED_ON, "note": "One in three meetings is now in the evening."},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.CLOSED
    assert recommendation.outcome == Outcome.ACTED_ON


def test_an_outcome_before_a_response_is_refused():
    champion = f.champion()
    recommendation = services.raise_recommendation(
        champion, title="Easy read", text="More easy read", actor=champion.person.user
    )
    with pytest.raises(ServiceError):
        services.record_outcome(recommendation, outcome=Outcome.ACTED_ON, note="", actor=f.officer())


def test_not_taken_forward_needs_a_reason(client):
    champion = f.champion()
    recommendation = services.raise_recommendation(
        champion, title="Parking", text="Free parking", actor=champion.person.user
    )
    services.answer_recommendation(recommendation, response="We looked at it", actor=f.officer())
    sign_in(client, f.officer())
    response = client.post(
        reverse("network_manage:outcome", args=[recommendation.pk]), {"outcome": Outcome.NOT_TAKEN_FORWARD}
    )
    assert "Say why it was not taken forward" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ANSWERED
