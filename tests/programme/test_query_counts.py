"""The programme page, the board's challenge list and the board's pages cost the same number of queries with
few or many rows (baselines in tests/core/query_counts.json)."""

import datetime

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.programme import services
from coproduce.programme.choices import BoardRole
from coproduce.programme.models import Challenge
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from . import factories as f

PAGES = [
    "programme_manage:programme",
    "programme_manage:challenges",
    "programme_manage:board",
    "programme_manage:members",
    "programme_manage:forward_plan",
    "programme_manage:recruitment",
    "programme_manage:concordat",
    "programme:concordat",
]


def add_rows(count, actor):
    for n in range(count):
        project = f.project()
        challenge = f.challenge(project, actor=actor, text=f"Question {n}")
        if n % 3 == 1:
            services.respond_to_challenge(challenge, actor=actor, response="Answered")
        if n % 3 == 2:
            services.record_outcome(challenge, actor=actor, outcome="closed")
        f.term(BoardRole.LIVED if n % 2 else BoardRole.PARTNER, actor=actor)
        services.start_recruitment(actor=actor, person=f.person(), interest_on=f.today())
        services.plan_item(actor=actor, meeting=f.board_meeting(days=5 + n, actor=actor), title=f"Item {n}")
        services.sign_concordat(
            f.concordat_version,
            actor=actor,
            kind="organisation",
            name=f"Org {n}",
            organisation=f"Org {n}",
            listed=True,
        )
    Challenge.objects.filter(pk__in=Challenge.objects.filter(status="awaiting").values("pk")[:1]).update(
        respond_by=f.today() - datetime.timedelta(days=1)
    )


@pytest.fixture
def setting(db):
    actor = f.officer()
    programme = f.programme(actor)
    services.add_sponsor(
        programme,
        actor=actor,
        name="Ann Sponsor",
        job_title="Chief executive",
        organisation="Wyvernshire County Council",
        since=datetime.date(2024, 1, 1),
    )
    f.concordat_version = f.concordat(actor=actor)
    services.approve_terms_of_reference(
        actor=actor, text="We meet", what_changed="", decision=f.board_decision()
    )
    return actor


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("name", PAGES)
def test_pages_match_their_baselines(client, setting, count, name):
    add_rows(count, setting)
    user = f.UserFactory(roles=[Role.OFFICER])
    sign_in(client, user)
    assert_page_queries(client, reverse(name), name)
