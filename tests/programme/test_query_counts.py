"""The programme page, the board's challenge list and the board's pages cost the same number of queries with
few or many rows (baselines in tests/core/query_counts.json)."""

import datetime

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.programme import services
from coproduce.programme.choices import BoardRole
from coproduce.programme.models import Challenge, Programme
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


def add_rows(count, actor, start=0):
    for n in range(start, start + count):
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


# --- The programme page and the challenge list stay constant as their data grows (session 6) ---------------


def page_queries(client, url, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def add_notes_and_team(programme, actor, count):
    for shift in programme.shifts.all():
        for n in range(count):
            services.add_shift_note(
                shift, actor=actor, noted_on=f.today() - datetime.timedelta(days=n), text=f"Note {n}"
            )
    for n in range(count):
        services.add_team_member(programme, person=f.person(), role=f"Role {n}", actor=actor)


@pytest.mark.parametrize("show", ["", "open", "overdue", "awaiting", "responded", "closed"])
def test_the_challenge_list_runs_the_same_queries_for_1_or_5_challenges_and_counts_none(
    client, setting, show
):
    user = f.UserFactory(roles=[Role.OFFICER])
    sign_in(client, user)
    add_rows(1, setting)
    client.get(reverse("programme_manage:challenges"), {"show": show})  # the shared counts, once
    few = page_queries(client, reverse("programme_manage:challenges"), {"show": show})
    add_rows(4, setting, start=1)
    client.get(reverse("programme_manage:challenges"), {"show": show})
    many = page_queries(client, reverse("programme_manage:challenges"), {"show": show})
    assert len(few) == len(many)
    # With the counts shared, the page reads its rows and nothing counts every challenge.
    assert not [sql for sql in many if "COUNT(" in sql and "programme_challenge" in sql]


def test_the_programme_page_runs_the_same_queries_with_many_notes_and_team_members(client, setting):
    programme = Programme.objects.get()
    user = f.UserFactory(roles=[Role.OFFICER])
    sign_in(client, user)
    add_notes_and_team(programme, setting, 1)
    add_rows(1, setting)
    client.get(reverse("programme_manage:programme"))
    few = page_queries(client, reverse("programme_manage:programme"))
    add_notes_and_team(programme, setting, 4)
    add_rows(4, setting, start=1)
    client.get(reverse("programme_manage:programme"))
    many = page_queries(client, reverse("programme_manage:programme"))
    assert len(few) == len(many)
    # The shared figures and counts are read from the cache: nothing sums the ledger or counts challenges.
    assert not [
        sql for sql in many if "payments_ledgerentry" in sql or "COUNT(" in sql and "challenge" in sql
    ]
    # Only the latest note of each shift is read, not every note.
    assert not [sql for sql in many if 'FROM "programme_shiftnote"' in sql.split("(")[0]]


def test_the_shared_challenge_counts_follow_each_write(client, setting):
    from coproduce.programme import selectors

    assert selectors.challenge_status_counts()["open"] == 0
    challenge = f.challenge(actor=setting)
    assert selectors.challenge_counts() == {"open": 1, "overdue": 0}
    services.respond_to_challenge(challenge, actor=setting, response="Answered")
    assert selectors.challenge_status_counts()["responded"] == 1
    services.record_outcome(challenge, actor=setting, outcome="changed")
    counts = selectors.challenge_status_counts()
    assert (counts["open"], counts["closed"], counts[""]) == (0, 1, 1)
    user = f.UserFactory(roles=[Role.OFFICER])
    sign_in(client, user)
    page = client.get(reverse("programme_manage:challenges"), {"show": "closed"})
    assert [row.pk for row in page.context["rows"]] == [challenge.pk]
    assert page.context["page"].paginator.count == 1
    assert "Changed: the project changed" in page.content.decode()


def test_the_programme_page_shows_each_shift_s_latest_note_and_the_team(client, setting):
    programme = Programme.objects.get()
    shift = programme.shifts.order_by("id").first()
    services.add_shift_note(
        shift, actor=setting, noted_on=f.today() - datetime.timedelta(days=9), text="Older"
    )
    services.add_shift_note(shift, actor=setting, noted_on=f.today(), text="Newest word")
    services.add_team_member(
        programme, person=f.person(full_name="Tess Teamwork"), role="Lead", actor=setting
    )
    sign_in(client, f.UserFactory(roles=[Role.OFFICER]))
    page = client.get(reverse("programme_manage:programme")).content.decode()
    assert "Newest word" in page and "Older" not in page
    assert "Tess Teamwork: Lead" in page
