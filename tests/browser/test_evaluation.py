"""Evaluation in the browser: an evaluator with the equality permission reads the dashboard, an indicator's
chart, evidence, diversity against the census and a survey's results; the public answers a survey in easy
read and reads the annual report. axe runs on every page, also on a 320px-wide phone."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.evaluation import services
from coproduce.people.services import set_special_permissions
from tests.evaluation.support import aim_with_indicator, people_answering, small_census
from tests.meetings.factories import board, join_body

from .support import screenshot, sign_in, submit, visit

pytestmark = pytest.mark.browser


def _programme(actor, tmp_path):
    small_census(tmp_path / "census")
    aim, outcome, indicator = aim_with_indicator(actor, baseline=Decimal("20"), target=Decimal("60"))
    for n, value in enumerate(("25", "31", "44", "52")):
        services.record_value(
            indicator,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=90 * n),
            value=Decimal(value),
            actor=actor,
        )
    services.add_evidence(
        actor=actor,
        kind="case_study",
        title="Respite booking rebuilt with carers",
        text="One phone line instead of three.",
        collected_on=datetime.date(2025, 6, 1),
        aims=[aim],
    )
    body = board()
    for member in people_answering(14, sex="Female") + people_answering(6, sex="Male"):
        join_body(body, member)
    services.refresh_summaries(timezone.localdate())
    survey = services.create_survey(actor=actor, title="After the respite workshop")
    services.open_survey(survey, actor=actor)
    for _ in range(11):
        services.submit_response(survey, {q.id: 4 for q in survey.questions.all()}, method="online")
    report = services.save_report(
        None,
        actor=actor,
        year=2025,
        title="Doing it together",
        introduction="Our year.",
        easy_read_summary="We worked together.",
    )
    services.publish_report(report, actor=actor)
    return indicator, survey


def test_an_evaluator_reads_the_evaluation_pages(page, person, tmp_path):
    administrator, _ = person(Role.ADMINISTRATOR)
    user, device = person(Role.EVALUATOR, full_name="Eve Evaluator")
    set_special_permissions(user, ["view_equality_answers"], actor=administrator)
    indicator, survey = _programme(user, tmp_path)
    sign_in(page, user, device=device)
    visit(page, reverse("evaluation_manage:dashboard"))
    assert "Embed co-production" in page.locator("main").inner_text()
    screenshot(page, "evaluation-dashboard")
    visit(page, reverse("evaluation_manage:indicator", args=[indicator.pk]))
    assert page.locator("main svg[role=img] title").count() == 1
    screenshot(page, "evaluation-indicator")
    visit(page, reverse("evaluation_manage:evidence_list"))
    visit(page, reverse("evaluation_manage:diversity"))
    visit(page, reverse("evaluation_manage:diversity_group", args=["board"]))
    assert "fewer than 10" in page.locator("main").inner_text()
    screenshot(page, "evaluation-diversity-board")
    visit(page, reverse("evaluation_manage:survey", args=[survey.pk]))
    visit(page, reverse("evaluation_manage:shifts"))
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, reverse("evaluation_manage:diversity_group", args=["board"]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "evaluation-diversity-phone")


def test_the_public_answers_a_survey_in_easy_read_and_reads_the_report(page, person, tmp_path):
    user, _device = person(Role.EVALUATOR)
    _indicator, survey = _programme(user, tmp_path)
    visit(page, reverse("evaluation:answer", args=[survey.token]) + "?easy_read=1")
    main = page.locator("main")
    submit(page, main.get_by_role("button", name="Send"))
    assert page.title().startswith("Error: ")
    for question in survey.questions.all():
        main.locator(f"input[name=q{question.pk}][value='5']").check()
    submit(page, main.get_by_role("button", name="Send"))
    assert "Thank you" in page.locator("main").inner_text()
    visit(page, reverse("evaluation:report", args=[2025]))
    assert "Doing it together" in page.locator("main").inner_text()
    screenshot(page, "evaluation-report")
