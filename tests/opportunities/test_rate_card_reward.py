"""An advert's reward from the payments rate card: the activity's rate in force on the start date (today
without one) is what pages, emails and the API describe; a stated amount is only the fallback."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.opportunities import reward
from coproduce.opportunities.choices import Status
from coproduce.opportunities.models import Opportunity
from coproduce.payments.choices import Activity, RateUnit
from coproduce.payments.models import ActivityRate
from tests.core.query_counts import assert_page_queries
from tests.factories import UserFactory

from .factories import OpportunityFactory, ProjectFactory
from .test_api import LIST, as_user
from .test_api import advert as api_advert
from .test_manage_pages import advert

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
MEETING_TEXT = "(Meeting rate, from the programme's rate card)"


@pytest.fixture
def rates():
    """The meeting rate is £20 an hour until next month, then £21; co-chairing is £40 a session."""
    actor = UserFactory(roles=[Role.FINANCE_APPROVER])
    for activity, unit, amount, start in (
        (Activity.MEETING, RateUnit.HOUR, "20.00", TODAY - datetime.timedelta(days=400)),
        (Activity.MEETING, RateUnit.HOUR, "21.00", NEXT_MONTH),
        (Activity.CO_CHAIRING, RateUnit.SESSION, "40.00", TODAY - datetime.timedelta(days=400)),
    ):
        ActivityRate.objects.create(
            activity=activity, unit=unit, amount=Decimal(amount), effective_from=start, created_by=actor
        )


def from_rate_card(activity=Activity.MEETING, **fields):
    return OpportunityFactory(
        reward_unit=reward.RewardUnit.RATE_CARD, reward_amount=None, reward_activity=activity, **fields
    )


def test_the_rate_in_force_on_the_start_date_is_described(rates):
    assert from_rate_card().reward_text == f"£20.00 per hour {MEETING_TEXT}"
    assert from_rate_card(starts_on=NEXT_MONTH).reward_text == f"£21.00 per hour {MEETING_TEXT}"
    assert from_rate_card(Activity.CO_CHAIRING).reward_text == (
        "£40.00 per session (Co-chairing rate, from the programme's rate card)"
    )


def test_a_list_reads_the_same_rates_without_a_query_per_row(rates, django_assert_num_queries):
    made = [from_rate_card(), from_rate_card(starts_on=NEXT_MONTH), OpportunityFactory()]
    with django_assert_num_queries(1):
        listed = {o.pk: o.reward_text for o in Opportunity.objects.with_rate()}
    assert listed == {o.pk: o.reward_text for o in made}


def test_a_rate_missing_on_the_day_is_not_invented(rates):
    early = from_rate_card(starts_on=TODAY - datetime.timedelta(days=1000))
    assert "£" not in early.reward_text and "the team will confirm" in early.reward_text


def test_the_database_refuses_a_rate_card_reward_without_an_activity_and_the_other_way_round():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityFactory(reward_unit=reward.RewardUnit.RATE_CARD, reward_amount=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpportunityFactory(reward_activity=Activity.MEETING)


def test_an_officer_advertises_at_the_meeting_rate(officer_client, rates):
    response = officer_client.post(
        reverse("opportunities_manage:advertise"),
        advert(reward_unit="rate_card", reward_activity="meeting", reward_amount=""),
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.reward_activity == Activity.MEETING and opportunity.reward_amount is None
    page = officer_client.get(reverse("opportunities_manage:detail", args=[opportunity.pk]))
    assert f"£20.00 per hour {MEETING_TEXT}".replace("'", "&#x27;") in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reward_unit": "rate_card", "reward_amount": ""}, "reward_activity", "Choose the rate-card"),
        ({"reward_unit": "rate_card", "reward_activity": "training", "reward_amount": ""}, "reward_activity",
         "no Training delivery rate in force"),
        ({"reward_unit": "rate_card", "reward_activity": "meeting", "reward_amount": "12"}, "reward_amount",
         "Leave the amount empty"),
        ({"reward_activity": "meeting"}, "reward_activity", "only when the payment is from the rate card"),
        ({"reward_unit": "voluntary", "reward_amount": "", "reward_activity": "meeting"}, "reward_activity",
         "only when the payment is from the rate card"),
        ({"reward_unit": "rate_card", "reward_activity": "bribes"}, "reward_activity", "valid choice"),
    ],
)  # fmt: skip
def test_a_reward_that_does_not_fit_the_rate_card_is_explained_and_nothing_is_saved(
    officer_client, rates, changes, field, message
):
    response = officer_client.post(reverse("opportunities_manage:advertise"), advert(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Opportunity.objects.exists()
    assert 'value="Reading panel for easy-read leaflets"' in response.content.decode()


def test_the_rate_must_be_in_force_on_the_start_date(officer_client, rates):
    long_ago = TODAY - datetime.timedelta(days=1000)
    data = advert(reward_unit="rate_card", reward_activity="meeting", reward_amount="")
    data.update(starts_on_day=long_ago.day, starts_on_month=long_ago.month, starts_on_year=long_ago.year)
    response = officer_client.post(reverse("opportunities_manage:advertise"), data)
    assert f"in force on {long_ago:%-d %B %Y}" in " ".join(response.context["form"].errors["reward_activity"])


def test_the_form_says_a_stated_amount_is_the_fallback(officer_client):
    page = officer_client.get(reverse("opportunities_manage:advertise")).content.decode()
    assert "State an amount only when no rate-card activity fits" in page


def test_the_public_list_shows_rate_card_rewards_at_a_fixed_cost(client, rates):
    project = ProjectFactory()
    for _ in range(4):
        from_rate_card(project=project, status=Status.OPEN)
    response = assert_page_queries(client, reverse("opportunities:list"), "opportunities:list")
    assert response.content.decode().count("£20.00 per hour") == 4


def test_the_api_reads_and_advertises_rate_card_rewards(officer, rates):
    opportunity = from_rate_card(status=Status.OPEN)
    row = as_user().get(f"{LIST}{opportunity.pk}/").json()
    assert row["reward_activity"] == "meeting" and row["reward_text"] == f"£20.00 per hour {MEETING_TEXT}"
    created = as_user(officer).post(
        LIST,
        api_advert(reward_unit="rate_card", reward_activity="co_chairing", reward_amount=None),
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Opportunity.objects.get(pk=created.json()["id"]).reward_activity == Activity.CO_CHAIRING


@pytest.mark.parametrize(
    "changes",
    [
        {"reward_unit": "rate_card", "reward_amount": None},
        {"reward_unit": "rate_card", "reward_activity": "training", "reward_amount": None},
        {"reward_activity": "meeting"},
    ],
)
def test_the_api_refuses_a_reward_that_does_not_fit_the_rate_card(officer, rates, changes):
    response = as_user(officer).post(LIST, api_advert(**changes), format="json")
    assert response.status_code == 400 and "reward_activity" in response.json()
    assert not Opportunity.objects.exists()
