"""The evaluation API follows the page rules and writes through the same services."""

import datetime

import pytest

from coproduce.accounts.models import Role
from coproduce.evaluation import services
from coproduce.evaluation.models import IndicatorValue, ShiftRating
from coproduce.people.choices import ConsentPurpose
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)
from tests.factories import UserFactory

from .support import aim_with_indicator, evaluator, person, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise


def test_an_evaluator_records_a_value_and_a_bad_date_is_refused_by_the_field(as_user):
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor)
    client = as_user(actor)
    url = f"/api/evaluation/indicators/{indicator.pk}/values/"
    assert client.post(url, {"date": "2025-06-30", "value": "42"}, format="json").status_code == 201
    refused = client.post(url, {"date": "2999-01-01", "value": "1"}, format="json")
    assert refused.status_code == 400 and "date" in refused.json()
    assert IndicatorValue.objects.count() == 1
    listed = client.get("/api/evaluation/indicators/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["values"][0]["value"] == "42.00"


def test_a_member_cannot_read_the_indicators(as_user):
    assert as_user(UserFactory(roles=[Role.MEMBER])).get("/api/evaluation/indicators/").status_code == 403


def test_the_evidence_list_hides_a_quote_whose_consent_was_withdrawn(as_user):
    actor = evaluator()
    speaker = person(consents=[ConsentPurpose.QUOTES])
    services.add_evidence(
        actor=actor,
        kind="quote",
        title="Heard",
        text="They listened.",
        person=speaker,
        collected_on=datetime.date(2025, 5, 1),
    )
    client = as_user(actor)
    first = client.get("/api/evaluation/evidence/").json()
    assert len(first["results"] if isinstance(first, dict) else first) == 1
    withdraw(speaker)
    second = client.get("/api/evaluation/evidence/").json()
    assert len(second["results"] if isinstance(second, dict) else second) == 0


def test_the_board_reads_evidence_but_cannot_add_it(as_user):
    client = as_user(UserFactory(roles=[Role.BOARD_MEMBER]))
    assert client.get("/api/evaluation/evidence/").status_code == 200
    response = client.post(
        "/api/evaluation/evidence/",
        {"kind": "observation", "title": "x", "text": "y", "collected_on": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 403


def test_a_shift_rating_through_the_api_is_checked_like_the_page(as_user):
    actor = evaluator()
    round_obj = services.create_round(actor=actor, name="Spring 2025", held_on=datetime.date(2025, 4, 1))
    client = as_user(actor)
    url = f"/api/evaluation/shifts/rounds/{round_obj.pk}/ratings/"
    assert (
        client.post(
            url,
            {"rater": "board", "shift": "board", "score": 9, "evidence": "x", "next_steps": "y"},
            format="json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            url,
            {"rater": "board", "shift": "board", "score": 4, "evidence": "x", "next_steps": "y"},
            format="json",
        ).status_code
        == 201
    )
    assert ShiftRating.objects.get().score == 4
    assert client.get("/api/evaluation/shifts/").json()["shifts"][2]["scores"][0]["board"] == 4


def test_diversity_needs_the_equality_permission(as_user):
    assert as_user(evaluator()).get("/api/evaluation/diversity/").status_code == 403
    assert as_user(evaluator(equality=True)).get("/api/evaluation/diversity/").status_code == 200


def test_published_reports_are_public(api_client):  # noqa: F811
    assert api_client.get("/api/evaluation/reports/").status_code == 200


def test_pooled_survey_results_by_project_and_a_member_is_refused(as_user):
    from tests.meetings.factories import project

    actor = evaluator()
    survey = services.create_survey(actor=actor, title="After the workshop", project=project(title="Respite"))
    services.open_survey(survey, actor=actor)
    for _ in range(10):
        services.submit_response(survey, {q.id: 5 for q in survey.questions.all()}, method="online")
    found = as_user(actor).get("/api/evaluation/survey-results/project/").json()
    assert found["results"][0]["name"] == "Respite" and found["results"][0]["answered"] == 10
    assert set(found["results"][0]["agree_percent"].values()) == {100.0}
    assert as_user(actor).get("/api/evaluation/survey-results/nonsense/").status_code == 400
    member = UserFactory(roles=[Role.MEMBER])
    assert as_user(member).get("/api/evaluation/survey-results/course/").status_code == 403
