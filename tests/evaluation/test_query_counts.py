"""The evaluation pages run a fixed number of queries whatever the data: baselines in
tests/core/query_counts.json, and the same count with few and with many rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.evaluation import services
from coproduce.evaluation.models import IndicatorValue
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.meetings.factories import board, join_body

from .support import aim_with_indicator, evaluator, people_answering, small_census

pytestmark = pytest.mark.django_db


def _data(actor, *, size: int, tmp_path=None):
    """Aims, indicators with values, evidence, a survey with answers, a round, snapshots and a report."""
    aim, outcome, indicator = aim_with_indicator(actor)
    for extra in range(size):
        services.create_indicator(
            actor=actor, outcome=outcome, title=f"Indicator {extra}", kind="manual", unit="number"
        )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * n),
            value=Decimal(n),
        )
        for n in range(size * 3)
    )
    for n in range(size):
        services.add_evidence(
            actor=actor,
            kind="observation",
            title=f"Seen {n}",
            text="Members chaired.",
            collected_on=datetime.date(2025, 1, 1),
            aims=[aim],
        )
    survey = services.create_survey(actor=actor, title=f"Survey {size}")
    services.open_survey(survey, actor=actor)
    for _ in range(size * 4):
        services.submit_response(survey, {q.id: 4 for q in survey.questions.all()}, method="online")
    round_obj = services.create_round(actor=actor, name=f"Round {size}", held_on=datetime.date(2025, 4, 1))
    services.rate_shift(
        round_obj, rater="board", shift="board", score=3, evidence="e", next_steps="n", actor=actor
    )
    body = board()
    for member in people_answering(size * 5, sex="Female"):
        join_body(body, member)
    services.refresh_summaries(timezone.localdate())
    report = services.save_report(
        None,
        evidence=[],
        actor=actor,
        year=2000 + size,
        title="Report",
        introduction="i",
        easy_read_summary="e",
    )
    services.publish_report(report, actor=actor)
    return survey, round_obj, report


PAGES = [
    ("evaluation_manage:dashboard", lambda s, r, rep: []),
    ("evaluation_manage:evidence_list", lambda s, r, rep: []),
    ("evaluation_manage:diversity", lambda s, r, rep: []),
    ("evaluation_manage:surveys", lambda s, r, rep: []),
    ("evaluation_manage:survey", lambda s, r, rep: [s.pk]),
    ("evaluation_manage:shifts", lambda s, r, rep: []),
    ("evaluation_manage:round", lambda s, r, rep: [r.pk]),
    ("evaluation_manage:reports", lambda s, r, rep: []),
]


@pytest.mark.parametrize("name,args", PAGES)
def test_each_page_matches_its_baseline(client, tmp_path, name, args):
    small_census(tmp_path / "census")
    actor = evaluator(equality=True)
    made = _data(actor, size=3)
    sign_in(client, actor)
    # Pages with an id in their address are pinned here (the shared baselines name URLs without arguments).
    pinned = {"evaluation_manage:survey": 9, "evaluation_manage:round": 6}
    assert_page_queries(client, reverse(name, args=args(*made)), pinned.get(name, name))


def test_the_group_and_report_pages_match_their_baselines(client, tmp_path):
    small_census(tmp_path / "census")
    actor = evaluator(equality=True)
    _survey, _round, report = _data(actor, size=3)
    sign_in(client, actor)
    assert_page_queries(client, reverse("evaluation_manage:diversity_group", args=["board"]), 9)
    client.logout()
    assert_page_queries(client, reverse("evaluation:report", args=[report.year]), 2)


def _counts(client, urls):
    """Each page's queries with an empty shared cache (the most a page costs)."""
    found = []
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found.append(len(queries))
    return found


def test_the_pages_cost_the_same_with_few_and_many_rows(client, tmp_path):
    small_census(tmp_path / "census")
    actor = evaluator(equality=True)
    sign_in(client, actor)
    few = _data(actor, size=2)
    urls = [reverse(name, args=args(*few)) for name, args in PAGES] + [
        reverse("evaluation_manage:diversity_group", args=["board"])
    ]
    before = _counts(client, urls)
    _data(actor, size=12)
    after = _counts(client, urls)
    assert before == after


@pytest.mark.parametrize("readings", [2, 12])
def test_the_dashboard_reads_each_indicators_latest_two_values_whatever_its_history(client, readings):
    """The dashboard shows the latest value and the change since the one before: it reads those two only, so
    neither its queries nor the rows it builds grow with every night's figures."""
    actor = evaluator()
    _aim, _outcome, indicator = aim_with_indicator(actor)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * n),
            value=Decimal(n),
        )
        for n in range(readings)
    )
    sign_in(client, actor)
    response = assert_page_queries(
        client, reverse("evaluation_manage:dashboard"), "evaluation_manage:dashboard"
    )
    shown = response.context["aims"][0].outcome_list[0].indicator_list[0]
    assert [r.value for r in shown.reading_list] == [Decimal(readings - 2), Decimal(readings - 1)]
    assert shown.latest.value == Decimal(readings - 1)
    assert shown.direction == "up (better)"
