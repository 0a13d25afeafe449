"""Limits over periods other than a week: a calendar month, and a monthly assessment period from the person's
own start day (Universal Credit). The warning, deferral and the person's payments page all use the person's
period."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from coproduce.payments import benefits, services
from coproduce.payments.benefits import period_bounds
from coproduce.payments.choices import BenefitDecision, BenefitPeriod
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db


def limit_over(period, amount="60.00", code="uc-work-allowance"):
    limit = support.weekly_limit(amount, code=code)
    limit.period, limit.name = period, "Universal Credit work allowance"
    limit.save()
    return limit


def assessed_member(day: int):
    user, person = support.member(limit_code="uc-work-allowance")
    choice = person.payment_choice
    choice.assessment_day = day
    choice.save()
    return user, person


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)),
    first_day=st.integers(min_value=1, max_value=31),
)
def test_assessment_periods_hold_the_day_and_follow_on_without_gaps(day, first_day):
    starts, ends = period_bounds(BenefitPeriod.ASSESSMENT, day, first_day)
    assert starts <= day <= ends
    assert 28 <= (ends - starts).days + 1 <= 31
    assert starts.day == first_day or (
        starts.day < first_day and (starts + datetime.timedelta(days=1)).day == 1
    )
    following = period_bounds(BenefitPeriod.ASSESSMENT, ends + datetime.timedelta(days=1), first_day)
    assert following[0] == ends + datetime.timedelta(days=1)


def test_an_assessment_period_from_the_17th_counts_claims_from_the_17th_to_the_16th():
    support.rate_card()
    limit_over(BenefitPeriod.ASSESSMENT)
    user, person = assessed_member(17)
    first = support.attend(support.meeting(day=datetime.date(2026, 9, 17), hours=2, title="A"), person)
    support.submitted(first, user)
    inside = support.attend(support.meeting(day=datetime.date(2026, 10, 16), hours=2, title="B"), person)
    outside = support.attend(support.meeting(day=datetime.date(2026, 10, 17), hours=2, title="C"), person)

    warning = benefits.warning_for(inside)
    assert (warning.starts, warning.ends) == (datetime.date(2026, 9, 17), datetime.date(2026, 10, 16))
    assert warning.over_by == Decimal("20.00")
    assert benefits.warning_for(outside) is None, "a calendar month would have counted these together"


def test_deferring_moves_the_payment_into_the_next_assessment_period_only():
    support.rate_card()
    limit_over(BenefitPeriod.ASSESSMENT)
    user, person = assessed_member(17)
    support.submitted(support.attend(support.meeting(day=datetime.date(2026, 9, 20), hours=2), person), user)
    claim = support.attend(support.meeting(day=datetime.date(2026, 9, 25), hours=2, title="B"), person)
    with pytest.raises(services.PaymentError, match="still be over the limit"):
        services.resolve_benefit_limit(
            claim, BenefitDecision.DEFERRED, defer_to=datetime.date(2026, 10, 16), actor=user
        )
    services.resolve_benefit_limit(
        claim, BenefitDecision.DEFERRED, defer_to=datetime.date(2026, 10, 17), actor=user
    )
    claim.refresh_from_db()
    assert claim.earnings_date == datetime.date(2026, 10, 17) and benefits.warning_for(claim) is None


def test_the_approver_is_warned_with_the_persons_period(client, finance_approver):
    support.rate_card()
    limit_over(BenefitPeriod.ASSESSMENT)
    user, person = assessed_member(17)
    support.submitted(support.attend(support.meeting(day=datetime.date(2026, 9, 20), hours=2), person), user)
    claim = support.checked(
        support.attend(support.meeting(day=datetime.date(2026, 9, 25), hours=2, title="B"), person), user
    )
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    assert "over the Universal Credit work allowance" in page
    assert "monthly assessment period" in page and "17 September to 16 October 2026" in page
    with pytest.raises(services.PaymentError, match="over their Universal Credit work allowance"):
        services.approve_claim(claim, actor=finance_approver)


@pytest.mark.parametrize(
    "period, assessment_day, expected",
    [
        (BenefitPeriod.MONTH, None, "a calendar month"),
        (BenefitPeriod.ASSESSMENT, 5, "monthly assessment period"),
    ],
)
def test_the_persons_payments_page_shows_the_period_so_far(client, period, assessment_day, expected):
    support.rate_card()
    limit_over(period)
    user, person = (
        assessed_member(assessment_day) if assessment_day else support.member(limit_code="uc-work-allowance")
    )
    today = timezone.localdate()
    claim = support.attend(support.meeting(day=today, hours=1), person)
    support.submitted(claim, user)
    starts, ends = period_bounds(period, today, assessment_day or 1)
    sign_in(client, user)
    page = client.get(reverse("payments:home")).content.decode()
    assert expected in page
    assert f"{starts:%-d %B} to {ends:%-d %B %Y}: £20.00 counts towards it so far, so £40.00 is left" in page


def test_choosing_an_assessment_period_limit_asks_for_its_start_day(client):
    support.rate_card()
    limit_over(BenefitPeriod.ASSESSMENT)
    user, person = support.member()
    sign_in(client, user)
    url = reverse("payments:choice")
    page = client.post(url, {"method": "bank", "benefit_limit_code": "uc-work-allowance"}).content.decode()
    assert "Enter the day of the month your assessment period starts" in page
    page = client.post(
        url, {"method": "bank", "benefit_limit_code": "uc-work-allowance", "assessment_day": "32"}
    ).content.decode()
    assert "Enter a day from 1 to 31" in page
    client.post(url, {"method": "bank", "benefit_limit_code": "uc-work-allowance", "assessment_day": "17"})
    person.payment_choice.refresh_from_db()
    assert person.payment_choice.assessment_day == 17
    client.post(url, {"method": "bank", "benefit_limit_code": "", "assessment_day": "17"})
    person.payment_choice.refresh_from_db()
    assert person.payment_choice.assessment_day is None, "kept only while such a limit applies"
