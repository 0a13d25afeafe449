"""Properties that hold for any input: the reward's wording and validation, and selection never filling more
places than there are, in one round or many."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.opportunities import reward, services
from coproduce.opportunities.choices import InterestStatus
from coproduce.opportunities.models import ExpressionOfInterest
from coproduce.projects.models import TeamMember

from .factories import InterestFactory, OpportunityFactory, ProjectFactory

PAID_UNITS = [
    unit
    for unit in reward.RewardUnit.values
    if unit not in (reward.RewardUnit.VOLUNTARY, reward.RewardUnit.RATE_CARD)
]
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=reward.MAX_AMOUNT, places=2)


@given(amount=AMOUNTS, unit=st.sampled_from(PAID_UNITS))
def test_any_positive_amount_in_pence_is_a_reward_stated_in_pounds_and_pence(amount, unit):
    assert reward.problem(amount, unit) is None
    text = reward.describe(amount, unit)
    assert text.startswith("£") and text.endswith(reward.RewardUnit(unit).label)
    assert Decimal(text[1:].split(" ")[0].replace(",", "")) == amount


@given(amount=st.one_of(st.none(), st.decimals(max_value=Decimal("0"), places=2, allow_nan=False)))
def test_a_paid_reward_needs_an_amount_above_nothing(amount):
    assert reward.problem(amount, reward.RewardUnit.PER_HOUR)


@given(amount=st.one_of(st.none(), st.just(Decimal("0"))))
def test_a_voluntary_role_is_described_as_voluntary(amount):
    assert reward.problem(amount, reward.RewardUnit.VOLUNTARY) is None
    assert reward.describe(amount, reward.RewardUnit.VOLUNTARY) == "Voluntary (no payment)"


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), places=st.integers(1, 4), applicants=st.integers(0, 6))
def test_selection_never_fills_more_than_the_places_and_decides_everyone_waiting(
    officer, data, places, applicants
):
    opportunity = OpportunityFactory(places=places, created_by=officer)
    ids = [InterestFactory(opportunity=opportunity, recorded_by=officer).pk for _ in range(applicants)]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    try:
        services.select(opportunity, chosen, actor=officer)
    except services.OpportunityError:
        assert len(chosen) > places
        assert set(ExpressionOfInterest.objects.filter(pk__in=ids).values_list("status", flat=True)) <= {
            InterestStatus.ACTIVE
        }
        return
    statuses = dict(ExpressionOfInterest.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert [pk for pk, status in statuses.items() if status == InterestStatus.SELECTED] == sorted(chosen)
    assert InterestStatus.ACTIVE not in statuses.values()


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    places=st.integers(1, 3),
    rounds=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=4),
)
def test_rounds_of_late_applicants_and_selections_never_overfill_and_leave_nobody_waiting(
    officer, places, rounds
):
    """Each round: `new` more people apply, then the officer tries to choose `pick` of those still waiting.
    Whatever happens, the selected never outnumber the places, each selected person is on the team once,
    and after a confirmed round nobody is left waiting."""
    opportunity = OpportunityFactory(places=places, created_by=officer, project=ProjectFactory())
    for new, pick in rounds:
        for _ in range(new):
            InterestFactory(opportunity=opportunity, recorded_by=officer)
        waiting = list(
            opportunity.expressions.filter(status=InterestStatus.ACTIVE).values_list("pk", flat=True)
        )
        already = list(
            opportunity.expressions.filter(status=InterestStatus.SELECTED).values_list("pk", flat=True)
        )
        try:
            services.select(opportunity, already + waiting[:pick], actor=officer)
        except services.OpportunityError:
            assert len(already) + min(pick, len(waiting)) > places
        else:
            assert not opportunity.expressions.filter(status=InterestStatus.ACTIVE).exists()
        selected = opportunity.expressions.filter(status=InterestStatus.SELECTED)
        assert selected.count() <= places
        team = TeamMember.objects.current().filter(project=opportunity.project)
        assert sorted(team.values_list("person_id", flat=True)) == sorted(
            selected.values_list("person_id", flat=True)
        )
