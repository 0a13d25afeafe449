"""New voices first: when each person was last involved and how often this year, ranking people not
involved recently higher, the selection page's count of people new to the programme, and the report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.meetings.models import Attendance
from coproduce.network import selectors
from coproduce.opportunities import selectors as opportunity_selectors
from tests.conftest import sign_in
from tests.meetings import factories as mf

from . import factories as f

pytestmark = pytest.mark.django_db


def _attended(person, days_ago):
    meeting = mf.meeting(starts_in=-datetime.timedelta(days=days_ago))
    Attendance.objects.create(
        meeting=meeting, person=person, status="present", hours=2, recorded_by=meeting.organiser
    )
    person.last_involved_at = meeting.starts_at.date()
    person.save()


def _opportunity():
    from tests.opportunities.factories import OpportunityFactory

    return OpportunityFactory()


def test_matching_can_rank_people_not_involved_recently_first():
    opportunity = _opportunity()
    regular = mf.person(full_name="Aaron Regular", consents_to_contact=True, in_person=True, online=True)
    mf.person(full_name="Zara Newcomer", consents_to_contact=True, in_person=True, online=True)
    today = timezone.localdate()
    _attended(regular, days_ago=min(10, (today - datetime.date(today.year, 1, 1)).days))
    by_fit = list(opportunity_selectors.matches(opportunity, [], []))
    assert [p.full_name for p in by_fit][:2] == ["Aaron Regular", "Zara Newcomer"]
    new_first = list(opportunity_selectors.matches(opportunity, [], [], new_voices_first=True))
    assert [p.full_name for p in new_first][:2] == ["Zara Newcomer", "Aaron Regular"]
    assert new_first[1].times_this_year == 1
    assert new_first[0].times_this_year == 0


def test_the_matching_list_shows_when_each_person_was_last_involved(client):
    opportunity = _opportunity()
    mf.person(full_name="Zara Newcomer", consents_to_contact=True, in_person=True, online=True)
    sign_in(client, f.officer())
    page = client.get(
        reverse("opportunities_manage:detail", args=[opportunity.pk]) + "?rank=new"
    ).content.decode()
    assert "Never: new" in page
    assert "Times this year" in page


def test_the_selection_page_counts_the_chosen_who_are_new(client):
    from tests.opportunities.factories import InterestFactory

    opportunity = _opportunity()
    newcomer = InterestFactory(opportunity=opportunity)
    regular = InterestFactory(opportunity=opportunity)
    _attended(regular.person, days_ago=40)
    sign_in(client, f.officer())
    page = client.post(
        reverse("opportunities_manage:selection", args=[opportunity.pk]),
        {"chosen": [newcomer.pk, regular.pk]},
    ).content.decode()
    assert "1 of the chosen is new to the programme" in page


def test_the_report_suppresses_small_numbers(client):
    person = mf.person()
    _attended(person, days_ago=1)
    report = selectors.new_voices_report()
    assert report["involved"] == "fewer than 10"
    assert report["share"] is None
    sign_in(client, f.officer())
    assert "Too few people to show" in client.get(reverse("network_manage:new_voices")).content.decode()


def test_the_report_gives_the_share_who_are_new():
    today = timezone.localdate()
    days_into_year = (today - datetime.date(today.year, 1, 1)).days
    for n in range(20):
        person = mf.person()
        _attended(person, days_ago=min(1, days_into_year))
        if n < 8:
            _attended(person, days_ago=days_into_year + 40)
    report = selectors.new_voices_report()
    assert (report["involved"], report["new"], report["share"]) == (20, 12, 60)
