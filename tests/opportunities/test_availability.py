"""When an opportunity runs (days and times of day, empty meaning flexible): advertised in the form and the
API, shown on the public page, and used by matching, which leaves out people who are busy then, ranks people
who are free then first and says why each fits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from coproduce.opportunities import selectors
from coproduce.opportunities.choices import Mode
from coproduce.opportunities.models import Opportunity
from coproduce.people.choices import Day, TimeOfDay
from coproduce.people.models import LivedExperienceArea
from tests.conftest import sign_in

from .factories import OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def advert(**changes):
    closes = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "project": "",
        "title": "Tuesday morning design group",
        "description": "Plan the new day centre with us.",
        "time_commitment": "2 hours a fortnight",
        "ongoing": "on",
        "mode": Mode.IN_PERSON,
        "location": "Sloeby library",
        "reward_unit": "voluntary",
        "places": "6",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
    }
    data.update(changes)
    return data


def test_an_officer_advertises_the_days_and_times_and_the_public_page_shows_them(officer_client, client):
    response = officer_client.post(
        reverse("opportunities_manage:advertise"),
        advert(days=["thu", "tue"], times_of_day=["morning"]),
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.days == ["tue", "thu"] and opportunity.times_of_day == ["morning"]
    edit = officer_client.get(reverse("opportunities_manage:edit", args=[opportunity.pk]))
    assert edit.context["form"].initial["days"] == ["tue", "thu"]
    opportunity.status = "open"
    opportunity.save()
    public = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "Tuesday, Thursday; mornings" in public


def test_no_days_or_times_means_flexible(officer_client, client):
    officer_client.post(reverse("opportunities_manage:advertise"), advert())
    opportunity = Opportunity.objects.get()
    assert opportunity.days == [] and opportunity.times_of_day == []
    opportunity.status = "open"
    opportunity.save()
    public = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "Flexible: agreed with the group" in public


def test_a_day_that_is_not_a_day_is_explained_and_nothing_saved(officer_client):
    response = officer_client.post(reverse("opportunities_manage:advertise"), advert(days=["someday"]))
    assert response.status_code == 200 and "days" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_the_api_advertises_and_reads_days_and_times(officer):
    api = APIClient()
    api.force_authenticate(officer)
    body = {
        "title": "Evening reading panel",
        "description": "Read leaflets.",
        "time_commitment": "1 hour a month",
        "mode": "online",
        "reward_unit": "voluntary",
        "places": 4,
        "closes_on": str(timezone.localdate() + datetime.timedelta(days=5)),
        "days": ["sat", "mon", "mon"],
        "times_of_day": ["evening"],
    }
    response = api.post(reverse("api:opportunity-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["days"] == ["mon", "sat"] and response.json()["times_of_day"] == ["evening"]
    refused = api.post(reverse("api:opportunity-list"), {**body, "times_of_day": ["midnight"]}, format="json")
    assert refused.status_code == 400 and "times_of_day" in refused.json()
    assert Opportunity.objects.count() == 1


@pytest.fixture
def area():
    return LivedExperienceArea.objects.create(name="Dementia (test)")


def test_matching_leaves_out_people_busy_then_and_ranks_those_free_then_first(officer_client, area):
    opportunity = OpportunityFactory(lived_experience=[area], days=["tue"], times_of_day=["morning"])
    PersonFactory(
        full_name="Both Fit", lived_experience=[area], available_days=["tue"], available_times=["morning"]
    )
    PersonFactory(full_name="Day Fits", lived_experience=[area], available_days=["mon", "tue"])
    PersonFactory(full_name="Not Said", lived_experience=[area])
    PersonFactory(full_name="Wrong Day", lived_experience=[area], available_days=["mon"])
    PersonFactory(
        full_name="Evenings Only",
        lived_experience=[area],
        available_days=["tue"],
        available_times=["evening"],
    )
    response = officer_client.get(reverse("opportunities_manage:detail", args=[opportunity.pk]))
    found = response.context["matches"]
    assert [match.person.full_name for match in found] == ["Both Fit", "Day Fits", "Not Said"]
    assert [match.score for match in found] == [4, 3, 2]
    assert found[0].when == ["Free on Tuesday", "Free mornings"]
    assert found[1].when == ["Free on Tuesday", "Has not said which times of day suit them"]
    assert found[2].when == [
        "Has not said which days they are free",
        "Has not said which times of day suit them",
    ]
    text = response.content.decode()
    assert "Free on Tuesday<br>Free mornings" in text


def test_a_flexible_opportunity_leaves_nobody_out_for_their_availability(officer_client, area):
    opportunity = OpportunityFactory(lived_experience=[area])
    PersonFactory(full_name="Mondays", lived_experience=[area], available_days=["mon"])
    PersonFactory(full_name="Evenings", lived_experience=[area], available_times=["evening"])
    response = officer_client.get(reverse("opportunities_manage:detail", args=[opportunity.pk]))
    found = response.context["matches"]
    assert sorted(match.person.full_name for match in found) == ["Evenings", "Mondays"]
    assert all(match.when == [] and match.score == 2 for match in found)
    assert "days and times are flexible" in response.content.decode()


DAYS = st.lists(st.sampled_from(Day.values), unique=True, max_size=3)
TIMES = st.lists(st.sampled_from(TimeOfDay.values), unique=True, max_size=2)


def _fits(theirs, wanted) -> bool:
    return not wanted or not theirs or bool(set(theirs) & set(wanted))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wanted_days=DAYS, wanted_times=TIMES, free_days=DAYS, free_times=TIMES)
def test_someone_matches_exactly_when_their_availability_does_not_clash(
    officer, wanted_days, wanted_times, free_days, free_times
):
    opportunity = OpportunityFactory(days=wanted_days, times_of_day=wanted_times, created_by=officer)
    person = PersonFactory(available_days=free_days, available_times=free_times)
    found = list(selectors.matches(opportunity, [], []).filter(pk=person.pk))
    assert bool(found) == (_fits(free_days, wanted_days) and _fits(free_times, wanted_times))
    if found:
        match = selectors.explain(found[0], opportunity, set(), set())
        expected = bool(set(free_days) & set(wanted_days)) + bool(set(free_times) & set(wanted_times))
        assert match.score == found[0].fit == expected
