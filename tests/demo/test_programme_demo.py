"""The demo's programme and board: two years of monthly board meetings with their own agendas, minutes and
decisions, terms of reference approved and reviewed, challenges in every state, a concordat with two versions
and signatories, and both co-chairs signing in."""

from collections import Counter

import pytest
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.audit.selectors import verify_chain
from coproduce.meetings.models import AgendaItem, Decision, Meeting
from coproduce.programme import selectors
from coproduce.programme.models import (
    BoardTerm,
    Challenge,
    ConcordatVersion,
    PlanItem,
    Recruitment,
    TermsOfReference,
)
from demo.logins import DEMO_LOGIN_BY_ROLE
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_the_board_met_monthly_for_two_years_and_no_minutes_or_decision_repeat(self):
        # Meetings since the demo's anchor (Monday) have no minutes yet, as in a real week.
        past = Meeting.objects.filter(body__slug="board", ends_at__lt=timezone.now()).exclude(minutes="")
        assert past.count() >= 24
        first = past.order_by("starts_at").first().starts_at
        assert (timezone.now() - first).days >= 700
        minutes = [m.minutes.split(". ", 1)[1] for m in past]
        assert len(set(minutes)) == len(minutes)
        texts = list(Decision.objects.filter(body__slug="board").values_list("text", flat=True))
        assert len(texts) > 20 and len(set(texts)) == len(texts)
        main_items = AgendaItem.objects.filter(meeting__in=past, order=3).values_list("title", flat=True)
        assert len(set(main_items)) == past.count()

    def test_the_terms_of_reference_were_approved_then_reviewed_at_board_meetings(self):
        versions = list(TermsOfReference.objects.order_by("version").select_related("decision__body"))
        assert [v.version for v in versions] == [1, 2]
        assert all(v.decision.body.slug == "board" for v in versions)
        assert versions[1].what_changed

    def test_both_co_chairs_sign_in_and_the_demo_login_is_the_lived_experience_co_chair(self, client):
        board_user = User.objects.get(email=DEMO_LOGIN_BY_ROLE["board_member"].email)
        co_chairs = BoardTerm.objects.current().filter(role__in=["co_chair_lived", "co_chair_officer"])
        assert {t.role for t in co_chairs} == {"co_chair_lived", "co_chair_officer"}
        assert all(t.person.user_id and t.person.user.has_role("board_member") for t in co_chairs)
        assert co_chairs.get(role="co_chair_lived").person.user == board_user
        roles = Counter(BoardTerm.objects.current().values_list("role", flat=True))
        assert roles["staff"] and roles["partner"] and roles["lived"]
        holders = (
            BoardTerm.objects.current().filter(person__user__isnull=False).select_related("person__user")
        )
        assert all(t.person.user.has_role("board_member") for t in holders)  # as start_term grants it
        recruits = Recruitment.objects.all()
        assert recruits.filter(opportunity__title="Join the co-production board").exists()
        assert recruits.filter(observed_meeting__body__slug="board").exists()
        sign_in(client, board_user)
        assert client.get("/manage/programme/").status_code == 200
        assert client.get("/manage/board/challenges/").status_code == 200
        assert client.get("/board/you/").status_code == 200

    def test_challenges_are_in_every_state_and_the_concordat_has_two_versions(self, client):
        statuses = set(Challenge.objects.values_list("status", flat=True))
        assert statuses == {"awaiting", "responded", "closed"}
        assert selectors.overdue_challenges().exists()
        assert set(Challenge.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
            "accepted",
            "changed",
            "closed",
        }
        current = selectors.current_concordat()
        assert ConcordatVersion.objects.count() == 2 and current.number == 2
        assert selectors.listed_signatories(current).exists() and selectors.still_to_re_sign(current)
        assert "Wyvernshire County Council" in client.get("/concordat/").content.decode()
        assert PlanItem.objects.filter(agenda_item__isnull=False).exists()
        assert verify_chain() == []
