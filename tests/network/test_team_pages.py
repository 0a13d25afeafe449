"""The co-production team's view: the grouped register, activity over time, reach, recruits, areas and teams
with no champion, gaps to outreach; query counts constant with data."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from coproduce.network import selectors
from coproduce.network.choices import ActivityKind, RecruitRoute
from coproduce.network.services import attribute_recruit, log_outreach
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries, load_baselines

from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_register_groups_champions_by_area_then_organisation(client):
    north, south = f.area("Northmoor"), f.area("Southwold")
    council = f.organisation("Adult Social Care")
    f.champion(area_=north, organisation_=council)
    f.champion(area_=south)
    sign_in(client, f.officer())
    page = client.get(reverse("network_manage:register")).content.decode()
    page = page[page.index("on this list") :]
    assert page.index("Northmoor") < page.index("Adult Social Care") < page.index("Southwold")
    assert "Residents, carers and people who use services" in page


def test_the_register_shows_every_area_by_organisation_and_where_there_is_no_champion(client):
    north = f.area("Northmoor")
    f.area("Quarry End")
    council = f.organisation("Adult Social Care")
    f.organisation("Housing Options")
    f.champion(area_=north, organisation_=council)
    f.champion(area_=north, organisation_=council)
    f.champion(area_=north)
    sign_in(client, f.officer())
    page = client.get(reverse("network_manage:register")).content.decode()
    overview = page[page.index("Where the network has champions") : page.index("The register</h2>")]
    north_row = overview[overview.index("Northmoor") :].split("</tr>")[0]
    assert ">3<" in north_row
    assert (
        "Adult Social Care</a>: 2" in north_row
        and "Residents, carers and people who use services: 1" in north_row
    )
    empty_row = overview[overview.index("Quarry End") :].split("</tr>")[0]
    assert ">0<" in empty_row and "No champion yet" in empty_row
    uncovered = overview[overview.index("with no champion:") :]
    assert "Housing Options" in uncovered and "Adult Social Care" not in uncovered


def test_the_dashboard_names_areas_and_teams_without_a_champion(client):
    covered = f.area("Kestrel Down")
    f.area("Larchmere")
    f.organisation("Housing Options")
    champion = f.champion(area_=covered)
    f.activity(champion, reached=40)
    _, recruit = f.member_with_profile()
    attribute_recruit(recruit, champion, route=RecruitRoute.OFFICER, actor=None)
    sign_in(client, f.officer())
    page = client.get(reverse("network_manage:dashboard")).content.decode()
    figures = selectors.dashboard()
    assert "Larchmere" in figures["areas_without"]
    assert "Kestrel Down" not in figures["areas_without"]
    assert "Housing Options" in figures["organisations_without"]
    assert figures["reach"] == 40
    assert figures["recruits_by_area"] == [("Kestrel Down", 1)]
    assert "Larchmere" in page


def test_a_gap_against_the_census_names_the_partners_who_reach_that_community(monkeypatch):
    from coproduce.people.selectors import ProfileRow, TopicProfile

    row = ProfileRow("Asian, Asian British or Asian Welsh", 2 * 0 + 10, 1.0, 7.0, 9.6, "asian")
    profile = [TopicProfile("ethnic_group", "Ethnic group", 400, [row])]
    monkeypatch.setattr(selectors, "network_equality_profile", lambda: (profile, None))
    community = f.community("South Asian communities", equality_field="ethnic_group", equality_value="asian")
    partner = f.partner(name="Wyvernbridge Mosque")
    partner.communities.add(community)
    gaps, _ = selectors.outreach_gaps()
    assert [(g.label, [p.name for p in g.partners]) for g in gaps] == [
        ("Asian, Asian British or Asian Welsh", ["Wyvernbridge Mosque"])
    ]


def test_logging_outreach_updates_the_partners_last_contact():
    import datetime

    from django.utils import timezone

    partner = f.partner()
    day = timezone.localdate() - datetime.timedelta(days=5)
    log_outreach(partner, actor=f.officer(), happened_on=day, what="Stall at the Eid fair", reached=80)
    partner.refresh_from_db()
    assert partner.last_contact_on == day


def _many(n):
    area = f.area("Northmoor")
    for _ in range(n):
        champion = f.champion(area_=area, organisation_=f.organisation())
        f.activity(champion)


@pytest.mark.parametrize("size", [1, 6])
def test_the_register_costs_the_same_with_few_and_many_champions(client, size):
    _many(size)
    sign_in(client, f.officer())
    assert_page_queries(client, reverse("network_manage:register"), "network_manage:register")


@pytest.mark.parametrize("size", [1, 6])
def test_the_activity_log_costs_the_same_with_few_and_many_rows(client, size):
    _many(size)
    sign_in(client, f.officer())
    assert_page_queries(client, reverse("network_manage:activity"), "network_manage:activity")


@pytest.mark.parametrize("size", [1, 6])
def test_the_champion_page_costs_the_same_with_few_and_many_activities(client, size):
    champion = f.champion()
    for _ in range(size):
        f.activity(champion)
    sign_in(client, champion.person.user)
    assert_page_queries(client, reverse("network:home"), "network:home")


@pytest.mark.parametrize("size", [1, 6])
def test_the_dashboard_costs_the_same_with_few_and_many_rows(client, size):
    _many(size)
    cache.clear()
    sign_in(client, f.officer())
    assert_page_queries(client, reverse("network_manage:dashboard"), "network_manage:dashboard")


@pytest.mark.parametrize("size", [1, 6])
def test_partners_cost_the_same_with_few_and_many(client, size):
    for _ in range(size):
        f.partner().communities.add(f.community())
    sign_in(client, f.officer())
    assert_page_queries(client, reverse("network_manage:partners"), "network_manage:partners")


def test_public_events_page_query_count(client):
    assert_page_queries(client, reverse("network:events"), "network:events")


def test_the_register_shares_its_figures_until_a_champion_changes(client):
    """The overview, the total, the page of rows and the filter's options are worked out once and shared (7
    queries fewer on the next view: none but the session's and the account's); a new champion is on them
    at once, since saving a champion forgets them."""
    north = f.area("Northmoor")
    council = f.organisation("Adult Social Care")
    f.champion(area_=north, organisation_=council)
    sign_in(client, f.officer())
    first = assert_page_queries(client, reverse("network_manage:register"), "network_manage:register")
    assert "1 on this list" in first.content.decode()
    again = assert_page_queries(
        client, reverse("network_manage:register"), load_baselines()["network_manage:register"] - 7
    )
    assert "Adult Social Care</a>: 1" in again.content.decode()
    f.champion(area_=north, organisation_=council)
    page = client.get(reverse("network_manage:register")).content.decode()
    assert "2 on this list" in page
    assert "Adult Social Care</a>: 2" in page


def test_the_activity_log_shares_its_total_until_an_activity_is_recorded(client):
    champion = f.champion(area_=f.area("Northmoor"))
    f.activity(champion)
    sign_in(client, f.officer())
    first = client.get(reverse("network_manage:activity")).content.decode()
    assert "Wyvernbridge Library; Carers&#x27; group" in first
    assert champion.person.full_name in first
    assert selectors.activity_count() == 1  # shared by the view above
    f.activity(champion, days_ago=1, kind=ActivityKind.STALL)
    assert selectors.activity_count() == 2
    page = client.get(reverse("network_manage:activity")).content.decode()
    assert page.count("Wyvernbridge Library; Carers&#x27; group") == 2
