"""Diversity of every group against the census: summary rows refreshed by a task, counts under 10
suppressed (with secondary suppression), a representation score, gaps named, and aggregates only for
evaluators who hold the equality permission."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.evaluation import selectors, services
from coproduce.evaluation.models import DiversityRow, DiversitySnapshot
from coproduce.evaluation.tasks import refresh_evaluation_summaries
from coproduce.people.models import Person
from tests.conftest import sign_in
from tests.meetings.factories import board, join_body

from .support import evaluator, people_answering, small_census

pytestmark = pytest.mark.django_db


@pytest.fixture
def baseline(tmp_path):
    small_census(tmp_path / "census")


def _board_of(*people):
    body = board()
    for member in people:
        join_body(body, member)


def test_the_task_writes_a_snapshot_for_every_group(baseline):
    result = refresh_evaluation_summaries.enqueue()
    assert result.return_value["groups"] >= 6
    keys = set(DiversitySnapshot.objects.values_list("group_key", flat=True))
    assert {"board", "champions", "trained", "involved", "paid", "respondents"} <= keys


def test_counts_under_ten_are_never_stored_and_one_hidden_count_hides_another(baseline):
    _board_of(
        *people_answering(12, sex="Female"),
        *people_answering(14, sex="Male"),
        *people_answering(4, sex="prefer_not"),
    )
    services.refresh_summaries(timezone.localdate())
    rows = {r.value: r for r in DiversityRow.objects.filter(snapshot__group_key="board", topic="sex")}
    assert rows["prefer_not"].count is None and rows["prefer_not"].percent is None
    # One hidden answer could be worked out from the total: the next smallest is hidden too.
    assert rows["Female"].count is None
    assert rows["Male"].count == 14
    snapshot = DiversitySnapshot.objects.get(group_key="board")
    assert snapshot.size == 30


def test_a_small_group_has_no_score_and_its_size_is_hidden(baseline):
    _board_of(*people_answering(6, sex="Female"))
    services.refresh_summaries(timezone.localdate())
    snapshot = DiversitySnapshot.objects.get(group_key="board")
    assert snapshot.size is None and snapshot.answered is None and snapshot.score is None


def test_a_group_like_the_county_scores_100_and_one_far_from_it_names_the_gap(baseline):
    _board_of(*people_answering(20, sex="Female"), *people_answering(20, sex="Male"))
    services.refresh_summaries(timezone.localdate())
    assert DiversitySnapshot.objects.get(group_key="board").score == Decimal("100.0")

    Person.objects.filter(body_memberships__isnull=False, equality_record__sex="Male").update(
        erased_at=timezone.now()
    )
    for membership in board().memberships.filter(person__equality_record__sex="Male"):
        membership.left_at = timezone.now()
        membership.save()
    _board_of(*people_answering(2, sex="Male"), *people_answering(20, sex="Female"))
    services.refresh_summaries(timezone.localdate())
    snapshot = selectors.snapshot_of("board")
    assert snapshot.score < Decimal("60")
    assert [row.label for row in snapshot.gaps] == ["Male"]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 200), st.integers(0, 200))
def test_the_representation_score_is_between_0_and_100_and_100_only_for_the_census_mix(women, men):
    census = {"Female": {"Oxfordshire": Decimal("50")}, "Male": {"Oxfordshire": Decimal("50")}}
    score = selectors.representation({"Female": women, "Male": men}, census)
    if women + men < 10:
        assert score is None
    else:
        assert Decimal(0) <= score <= Decimal(100)
        assert (score == Decimal(100)) == (women == men)


def test_an_evaluator_with_the_equality_permission_sees_aggregates_only(client, baseline):
    _board_of(*people_answering(20, sex="Female"), *people_answering(20, sex="Male"))
    services.refresh_summaries(timezone.localdate())
    user = evaluator(equality=True)
    sign_in(client, user)
    page = client.get(reverse("evaluation_manage:diversity_group", args=["board"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<desc" in body and "Oxfordshire" in body and "<table" in body
    someone = Person.objects.filter(equality_record__isnull=False).first()
    assert client.get(reverse("people_manage:equality_answers", args=[someone.pk])).status_code in (403, 404)


def test_an_evaluator_without_the_equality_permission_is_refused(client, baseline):
    sign_in(client, evaluator())
    assert client.get(reverse("evaluation_manage:diversity")).status_code == 403


def test_the_diversity_csv_shows_no_count_under_ten(client, baseline):
    _board_of(*people_answering(12, sex="Female"), *people_answering(4, sex="Male"))
    services.refresh_summaries(timezone.localdate())
    sign_in(client, evaluator(equality=True))
    text = client.get(reverse("evaluation_manage:diversity_csv")).content.decode()
    assert "fewer than 10" in text
    assert ",4," not in text


def test_project_teams_come_fifty_to_a_page_beside_every_programme_group(baseline, client):
    from tests.projects.factories import requested

    services.refresh_summaries(timezone.localdate())
    day = selectors.latest_snapshot_day()
    projects = [requested(title=f"Team {n:02d}") for n in range(52)]
    DiversitySnapshot.objects.bulk_create(
        DiversitySnapshot(group_key=f"project-{p.pk}", group_label=p.title, project=p, taken_on=day)
        for p in projects
    )
    sign_in(client, evaluator(equality=True))
    first = client.get(reverse("evaluation_manage:diversity")).content.decode()
    second = client.get(reverse("evaluation_manage:diversity") + "?page=2").content.decode()
    assert "Project teams (52)" in first
    assert first.count(">Team ") == 50 and second.count(">Team ") == 2
    assert "Page 1 of 2" in first and 'rel="next"' in first
    # The programme's own groups head every page.
    assert "People trained" in first and "People trained" in second
