"""The dashboard's and the diversity pages' figures are rendered once and shared between readers: a value
recorded, an indicator saved or the summaries worked out again show at once, and a reader who may not
edit never sees the editors' links from a shared copy."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.evaluation import services
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.meetings.factories import board, join_body
from tests.on_commit import committed

from .support import aim_with_indicator, evaluator, people_answering, small_census

pytestmark = pytest.mark.django_db


def test_the_shared_dashboard_shows_a_new_value_and_title_at_once_and_no_editing_links_to_the_board(client):
    actor = evaluator()
    _aim, _outcome, indicator = aim_with_indicator(actor)
    sign_in(client, actor)
    assert "No value yet" in client.get("/manage/evaluation/").content.decode()

    committed(
        services.record_value, indicator, date=datetime.date(2025, 1, 1), value=Decimal("41.5"), actor=actor
    )
    page = client.get("/manage/evaluation/").content.decode()
    assert "41.5" in page and "Add an outcome" in page
    committed(services.update_indicator, indicator, actor=actor, title="Projects co-designing")
    assert "Projects co-designing" in client.get("/manage/evaluation/").content.decode()

    reader = sign_in(Client(), UserFactory(roles=[Role.BOARD_MEMBER]))
    shown = reader.get("/manage/evaluation/").content.decode()
    assert "41.5" in shown and "Add an outcome" not in shown


def test_the_shared_diversity_pages_show_each_refresh_at_once(client, tmp_path):
    small_census(tmp_path / "census")
    actor = evaluator(equality=True)
    body = board()
    for member in people_answering(12, sex="Female"):
        join_body(body, member)
    services.refresh_summaries(timezone.localdate() - datetime.timedelta(days=1))
    sign_in(client, actor)
    assert 'People in the group</dt><dd class="govuk-summary-list__value">12<' in (
        client.get("/manage/evaluation/diversity/board/").content.decode()
    )
    client.get("/manage/evaluation/diversity/")

    for member in people_answering(3, sex="Male"):
        join_body(body, member)
    committed(services.refresh_summaries, timezone.localdate())
    group = client.get("/manage/evaluation/diversity/board/").content.decode()
    assert 'People in the group</dt><dd class="govuk-summary-list__value">15<' in group
    overview = client.get("/manage/evaluation/diversity/").content.decode()
    assert timezone.localdate().strftime("%-d %B %Y") in overview
