"""The demo's champions network: every champion-role account on the register with a profile, the role and the
champions body matching the register, two years of varied activity, recruits, partners and two public
events."""

from collections import Counter

import pytest
from django.utils import timezone

from coproduce.accounts.models import RoleGrant
from coproduce.audit.selectors import verify_chain
from coproduce.meetings.models import BodyMembership
from coproduce.network.choices import ChampionStatus
from coproduce.network.models import Activity, Champion, EventBooking, OutreachPartner, Recruit
from demo.logins import DEMO_LOGIN_BY_ROLE
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_every_champion_account_is_a_champion_and_the_body_matches_the_register(self):
        role_holders = set(RoleGrant.objects.filter(role="champion").values_list("user_id", flat=True))
        active = Champion.objects.active()
        assert role_holders == set(
            active.filter(person__user__isnull=False).values_list("person__user_id", flat=True)
        )
        body = set(
            BodyMembership.objects.current()
            .filter(body__slug="champions")
            .values_list("person_id", flat=True)
        )
        assert body == set(active.values_list("person_id", flat=True))
        assert Champion.objects.pending().exists()
        assert Champion.objects.filter(status=ChampionStatus.STEPPED_DOWN).exists()
        assert verify_chain() == []

    def test_two_years_of_varied_activity_recruits_and_partners(self):
        today = timezone.localdate()
        days = sorted(Activity.objects.values_list("happened_on", flat=True))
        assert (today - days[0]).days > 600 and days[-1] <= today
        kinds = Counter(Activity.objects.values_list("kind", flat=True))
        assert len(kinds) >= 6
        assert len(set(Activity.objects.values_list("description", flat=True))) > 4
        assert Recruit.objects.exists()
        assert OutreachPartner.objects.filter(last_contact_on__isnull=False).count() >= 10

    def test_two_public_events_one_past_with_attendees_who_joined_one_upcoming(self):
        now = timezone.now()
        past = EventBooking.objects.filter(meeting__ends_at__lt=now, meeting__is_public=True)
        upcoming = EventBooking.objects.filter(meeting__starts_at__gt=now, meeting__is_public=True)
        assert past.filter(person__isnull=False).exists()
        assert upcoming.exists()
        assert len(set(EventBooking.objects.values_list("meeting_id", flat=True))) == 2

    def test_the_champion_login_opens_its_page(self, client):
        from coproduce.accounts.models import User

        user = User.objects.get(email=DEMO_LOGIN_BY_ROLE["champion"].email)
        sign_in(client, user)
        page = client.get("/network/me/").content.decode()
        assert "Your champion page" in page
        assert "Network meetings" in page
