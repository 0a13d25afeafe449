"""Participant experience surveys, the seven-shifts self-assessment, the annual report (web page, PDF,
easy read, open data) and the project page's Evaluation section."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.core.errors import ConflictError, ServiceError
from coproduce.evaluation import choices, selectors, services
from coproduce.evaluation.models import ShiftRating, SurveyResponse
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.meetings.factories import member_with_profile, project

from .support import aim_with_indicator, evaluator

pytestmark = pytest.mark.django_db


def _open_survey(actor, **fields):
    survey = services.create_survey(actor=actor, title="After the day services workshop", **fields)
    return services.open_survey(survey, actor=actor)


def _answers(survey, rating=5):
    return {q.id: rating for q in survey.questions.all()}


def test_a_new_survey_starts_with_the_five_standard_questions_in_plain_and_easy_read_words():
    survey = services.create_survey(actor=evaluator(), title="After the meeting")
    questions = list(survey.questions.order_by("order"))
    assert [q.text for q in questions] == [text for text, _ in choices.DEFAULT_QUESTIONS]
    assert all(q.easy_read_text and q.required and q.kind == "rating" for q in questions)


def test_a_required_question_left_blank_is_refused_and_nothing_is_saved():
    actor = evaluator()
    survey = _open_survey(actor)
    answers = _answers(survey)
    first = survey.questions.order_by("order").first()
    answers[first.id] = ""
    with pytest.raises(ServiceError) as refused:
        services.submit_response(survey, answers, method="online")
    assert refused.value.field == f"q{first.id}"
    assert not SurveyResponse.objects.exists()


def test_an_anonymous_survey_never_stores_who_answered(client):
    actor = evaluator()
    survey = _open_survey(actor, anonymous=True)
    user, member = member_with_profile()
    sign_in(client, user)
    data = {f"q{q.id}": "4" for q in survey.questions.all()}
    assert (
        client.post(reverse("evaluation:answer", args=[survey.token]) + "?easy_read=1", data).status_code
        == 302
    )
    response = SurveyResponse.objects.get()
    assert response.person is None and response.easy_read and response.method == "online"


def test_the_easy_read_form_uses_the_easy_read_wording(client):
    survey = _open_survey(evaluator())
    body = client.get(reverse("evaluation:answer", args=[survey.token]) + "?easy_read=1").content.decode()
    assert "People listened to me." in body and "Yes, very much" in body


def test_an_officer_types_in_a_paper_answer(client):
    actor = evaluator()
    survey = _open_survey(actor)
    sign_in(client, actor)
    data = {"method": "paper", **{f"q{q.id}": "3" for q in survey.questions.all()}}
    assert client.post(reverse("evaluation_manage:survey_enter", args=[survey.pk]), data).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.method == "paper" and response.entered_by == actor


def test_results_stay_hidden_until_ten_people_answered_then_show_the_share_agreeing():
    actor = evaluator()
    survey = _open_survey(actor)
    for _ in range(9):
        services.submit_response(survey, _answers(survey, 5), method="online")
    assert selectors.survey_results(selectors.survey(survey.pk))["suppressed"] is True
    services.submit_response(survey, _answers(survey, 2), method="paper", actor=actor)
    results = selectors.survey_results(selectors.survey(survey.pk))
    assert results["responses"] == 10
    first = results["results"][0]
    assert first.agree_percent == Decimal("90.0")
    counts = {row["label"]: row["count"] for row in first.rows}
    assert counts["Disagree"] == "fewer than 10"


def test_a_closed_survey_takes_no_more_answers():
    actor = evaluator()
    survey = _open_survey(actor)
    services.close_survey(survey, actor=actor)
    with pytest.raises(ConflictError):
        services.submit_response(survey, _answers(survey), method="online")


def test_a_choice_question_needs_two_answers_to_choose_from():
    actor = evaluator()
    survey = services.create_survey(actor=actor, title="Draft", with_default_questions=False)
    with pytest.raises(ServiceError) as refused:
        services.add_question(survey, actor=actor, kind="choice", text="Which venue?", options=["Only one"])
    assert refused.value.field == "options"


def test_the_board_and_the_team_rate_each_shift_and_a_second_rating_replaces_the_first():
    actor = evaluator()
    round_obj = services.create_round(actor=actor, name="Spring 2025", held_on=datetime.date(2025, 4, 10))
    services.rate_shift(
        round_obj,
        rater="board",
        shift="training",
        score=2,
        evidence="Pilot only",
        next_steps="Roll out",
        actor=actor,
    )
    services.rate_shift(
        round_obj,
        rater="team",
        shift="training",
        score=3,
        evidence="Two courses",
        next_steps="More",
        actor=actor,
    )
    services.rate_shift(
        round_obj,
        rater="board",
        shift="training",
        score=3,
        evidence="Pilot went well",
        next_steps="Roll out",
        actor=actor,
    )
    assert ShiftRating.objects.count() == 2
    line = next(r for r in selectors.shifts_over_time()["rows"] if r["shift"] == "training")
    assert line["cells"][0]["board"] == 3 and line["cells"][0]["team"] == 3


@pytest.mark.parametrize("score", [0, 6])
def test_a_shift_score_outside_1_to_5_is_refused(score):
    actor = evaluator()
    round_obj = services.create_round(actor=actor, name="Autumn 2025", held_on=datetime.date(2025, 10, 1))
    with pytest.raises(ServiceError) as refused:
        services.rate_shift(
            round_obj, rater="team", shift="board", score=score, evidence="x", next_steps="y", actor=actor
        )
    assert refused.value.field == "score"


def test_a_round_name_is_used_once():
    actor = evaluator()
    services.create_round(actor=actor, name="Spring 2025", held_on=datetime.date(2025, 4, 10))
    with pytest.raises(ServiceError):
        services.create_round(actor=actor, name="spring 2025", held_on=datetime.date(2025, 4, 11))


def _published(actor):
    aim, outcome, indicator = aim_with_indicator(actor, target=Decimal("60"))
    services.record_value(indicator, date=datetime.date(2025, 5, 1), value=Decimal("40"), actor=actor)
    services.record_value(indicator, date=datetime.date(2026, 2, 1), value=Decimal("58"), actor=actor)
    report = services.save_report(
        None,
        actor=actor,
        year=2025,
        title="Doing it together: 2025 to 2026",
        introduction="A year of **co-production**.",
        easy_read_summary="We worked with 300 people.",
        board_challenges="The board asked why payments were late.",
    )
    return services.publish_report(report, actor=actor)


def test_publishing_freezes_the_years_figures_and_the_public_page_shows_them(client):
    report = _published(evaluator())
    assert report.figures["indicators"][0]["value"] == "58"
    body = client.get(reverse("evaluation:report", args=[2025])).content.decode()
    assert "Doing it together" in body and "<strong>co-production</strong>" in body and "58" in body
    assert "The board asked why payments were late." in body
    assert (
        "We worked with 300 people."
        in client.get(reverse("evaluation:report_easy_read", args=[2025])).content.decode()
    )


def test_a_published_report_cannot_be_changed_or_published_again():
    actor = evaluator()
    report = _published(actor)
    with pytest.raises(ConflictError):
        services.save_report(report, actor=actor, title="Changed")
    with pytest.raises(ConflictError):
        services.publish_report(report, actor=actor)


def test_a_draft_report_is_not_public(client):
    actor = evaluator()
    services.save_report(None, actor=actor, year=2024, title="Draft", introduction="x", easy_read_summary="y")
    assert client.get(reverse("evaluation:report", args=[2024])).status_code == 404


def test_the_report_prints_as_a_pdf(client):
    _published(evaluator())
    response = client.get(reverse("evaluation:report_pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_open_data_has_a_data_dictionary_for_every_column(client):
    _published(evaluator())
    data = client.get(reverse("evaluation:open_data")).content.decode().splitlines()
    dictionary = client.get(reverse("evaluation:data_dictionary")).content.decode()
    for column in data[0].split(","):
        assert f"\n{column}," in dictionary
    assert any("Projects at co-designing or above" in line for line in data[1:])


def test_the_project_page_has_an_evaluation_section_with_its_ladder_and_evidence(client):
    from coproduce.projects.models import LadderRating

    officer = UserFactory(roles=["officer"])
    built = project(title="Respite review", slug="respite-review")
    LadderRating.objects.create(
        project=built, moment="target", rung=7, justification="Aim high", rated_by=officer
    )
    services.add_evidence(
        actor=officer,
        kind="case_study",
        title="Respite booking changed",
        text="Booking moved online and by phone.",
        collected_on=timezone.localdate(),
        project=built,
    )
    sign_in(client, officer)
    body = client.get(reverse("projects_manage:project", args=[built.pk])).content.decode()
    assert "Respite booking changed" in body and "Co-producing" in body
    assert "No evaluation yet" not in body


def test_results_are_pooled_per_course_project_and_group_with_small_numbers_hidden(client):
    from tests.on_commit import committed
    from tests.training import factories as training

    actor = evaluator()
    the_session = training.session()
    after_course = _open_survey(actor, meeting=the_session.meeting)
    small = _open_survey(actor, project=project(title="Respite booking"))
    for _ in range(10):
        services.submit_response(after_course, _answers(after_course, rating=4), method="paper", actor=actor)
    for _ in range(3):
        services.submit_response(small, _answers(small), method="online")

    by_course = selectors.survey_results_by("course")["rows"]
    assert [(row["name"], row["answered"]) for row in by_course] == [(the_session.course.title, 10)]
    assert by_course[0]["agree"] == [Decimal("100.0")] * 5
    by_project = selectors.survey_results_by("project")["rows"]
    assert by_project == [{"name": "Respite booking", "answered": "fewer than 10", "agree": [None] * 5}]

    # A new response is counted at once (the pooled figures are cached until the next one).
    committed(
        services.submit_response, after_course, _answers(after_course, rating=1), method="paper", actor=actor
    )
    assert selectors.survey_results_by("course")["rows"][0]["agree"][0] == Decimal("90.9")

    sign_in(client, actor)
    page = client.get(reverse("evaluation_manage:surveys") + "?by=course").content.decode()
    assert the_session.course.title in page and "90.9%" in page
    assert "surveys by course" in client.get(reverse("evaluation:open_data")).content.decode()


def test_the_survey_list_counts_a_new_response_at_once_though_its_figures_are_shared(
    client, django_capture_on_commit_callbacks
):
    actor = evaluator()
    survey = _open_survey(actor)
    for _ in range(9):
        services.submit_response(survey, _answers(survey, 5), method="online")
    sign_in(client, actor)
    url = reverse("evaluation_manage:surveys")
    before = client.get(url).content.decode()
    assert "fewer than 10" in before and ">10<" not in before
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_response(survey, _answers(survey, 4), method="online")
    after = client.get(url).content.decode()
    # The tenth response shows both in the list and in the agreement over time (10 of 10 agree).
    assert ">10<" in after
    assert "100.0%" in after
