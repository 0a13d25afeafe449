"""The demo's evaluation: the four aims, indicators that move over two years, evidence with consent states
(one quote hidden), survey answers (one survey too small to show), four rounds of the seven shifts, diversity
snapshots and a published annual report; the evaluator login reaches it all."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import User
from coproduce.evaluation import selectors
from coproduce.evaluation.models import (
    Aim,
    AnnualReport,
    AssessmentRound,
    DiversitySnapshot,
    Evidence,
    IndicatorValue,
    ShiftRating,
    Survey,
)
from demo.logins import DEMO_LOGIN_BY_ROLE
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_the_demo_tells_two_years_of_evaluation(self):
        assert Aim.objects.count() == 4
        assert "Influence beyond the first department" in set(Aim.objects.values_list("title", flat=True))
        manual = selectors.aims_tree()[3].outcome_list[0].indicator_list[1]
        values = [r.value for r in manual.reading_list]
        assert len(values) == 9 and values[-1] > values[0]
        assert (
            IndicatorValue.objects.filter(indicator__kind="computed").values("date").distinct().count() >= 8
        )
        assert AssessmentRound.objects.count() == 4 and ShiftRating.objects.count() == 4 * 7 * 2
        assert AnnualReport.objects.filter(published_at__isnull=False).count() == 1
        assert AnnualReport.objects.filter(published_at__isnull=True).count() == 1
        assert DiversitySnapshot.objects.values("taken_on").distinct().count() == 4

    def test_one_quote_is_hidden_because_its_speaker_withdrew_consent(self):
        quotes = Evidence.objects.filter(kind="quote", person__isnull=False).count()
        shown = selectors.visible_evidence().filter(kind="quote", person__isnull=False).count()
        assert quotes - shown == 1

    def test_one_survey_has_too_few_answers_to_show(self):
        suppressed = [
            s for s in Survey.objects.all() if selectors.survey_results(selectors.survey(s.pk))["suppressed"]
        ]
        assert len(suppressed) == 1

    def test_the_evaluator_login_sees_the_dashboards_and_the_public_sees_the_report(self, client):
        report = AnnualReport.objects.get(published_at__isnull=False)
        assert client.get(reverse("evaluation:report", args=[report.year])).status_code == 200
        evaluator = User.objects.get(email=DEMO_LOGIN_BY_ROLE["evaluator"].email)
        sign_in(client, evaluator)
        for name in ("dashboard", "diversity", "surveys", "shifts", "evidence_list", "reports"):
            assert client.get(reverse(f"evaluation_manage:{name}")).status_code == 200, name
        assert client.get(reverse("evaluation_manage:diversity_group", args=["involved"])).status_code == 200
