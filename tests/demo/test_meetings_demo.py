"""The demo's meetings: a year for each programme body (and any demo projects), deterministic, with realistic
registrations, attendance, decisions and actions, and a co-chair demo login who can organise the board."""

from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.audit.selectors import verify_chain
from coproduce.meetings.models import Action, Attendance, Body, Decision, Meeting, Registration
from coproduce.meetings.rules import co_chairs_body
from coproduce.meetings.selectors import LONDON
from demo.logins import DEMO_LOGIN_BY_ROLE

pytestmark = pytest.mark.django_db


def _numbers_by_scope():
    found = {}
    for body, project, year, number in Decision.objects.order_by("number").values_list(
        "body_id", "project_id", "year", "number"
    ):
        found.setdefault((body or f"p{project}", year), []).append(number)
    return found


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_a_year_of_realistic_meetings(self):
        now = timezone.now()
        by_body = Counter(Meeting.objects.filter(body__isnull=False).values_list("body__slug", flat=True))
        assert by_body["board"] >= 12 and by_body["champions"] >= 6 and by_body["training"] >= 12
        past = Meeting.objects.filter(ends_at__lt=now)
        future = Meeting.objects.filter(starts_at__gt=now)
        assert past.exists() and future.exists()
        assert not Attendance.objects.filter(meeting__in=future).exists()
        statuses = Counter(Attendance.objects.values_list("status", flat=True))
        assert statuses["present"] > statuses["apologies"] > 0
        for row in Attendance.objects.filter(status="present").select_related("meeting")[:50]:
            assert Decimal(0) < row.hours <= row.meeting.duration_hours
        assert Registration.objects.exclude(access_needs=[]).exists(), "some people need support"
        # Meeting times are wall-clock London times across both clock changes.
        assert {m.starts_at.astimezone(LONDON).hour for m in Meeting.objects.filter(body__slug="board")} == {
            10
        }

    def test_decisions_are_numbered_in_order_and_actions_have_owners_who_attended(self):
        for (body, year), numbers in _numbers_by_scope().items():
            assert numbers == list(range(1, len(numbers) + 1)), (body, year)
        for action in Action.objects.select_related("meeting")[:30]:
            assert Attendance.objects.filter(
                meeting=action.meeting, person=action.owner, status="present"
            ).exists()
        assert (
            Decision.objects.filter(text_search__contains="concordat").count()
            == Decision.objects.filter(text__icontains="concordat").count()
        )

    def test_the_board_has_two_co_chairs_the_board_login_runs_it_and_the_chain_is_intact(self):
        board = Body.objects.get(slug="board")
        assert board.memberships.filter(role="co_chair").count() == 2
        board_user = User.objects.get(email=DEMO_LOGIN_BY_ROLE["board_member"].email)
        assert co_chairs_body(board_user, board)
        assert verify_chain() == []

    def test_the_champion_login_is_on_the_champions_network_and_sees_its_meetings(self, client):
        from coproduce.meetings.rules import MEMBER_MENU
        from tests.conftest import sign_in

        champion = User.objects.get(email=DEMO_LOGIN_BY_ROLE["champion"].email)
        network = Body.objects.get(slug="champions")
        assert network.memberships.current().filter(person__user=champion).exists()
        assert Registration.objects.filter(person__user=champion, meeting__body=network).exists()
        assert MEMBER_MENU.allows(champion)
        sign_in(client, champion)
        page = client.get("/meetings/")
        assert page.status_code == 200 and "Champions network get-together" in page.content.decode()
