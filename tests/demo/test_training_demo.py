"""The demo's training programme: five courses, two years of sessions with co-trainers paid at the training
and preparation rates, varied attendance and feedback; the training group takes no governance decisions."""

from collections import Counter

import pytest
from django.utils import timezone

from coproduce.meetings.models import Decision
from coproduce.payments.choices import Activity
from coproduce.payments.models import Claim
from coproduce.training.models import Booking, Course, Feedback, Session

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_five_courses_two_years_of_sessions_paid_co_trainers_and_believable_feedback(self):
        titles = set(Course.objects.values_list("title", flat=True))
        assert "Co-production: what it is and how to do it" in titles and len(titles) == 5
        now = timezone.now()
        past = Session.objects.filter(starts_at__lt=now)
        first = past.order_by("starts_at").first().starts_at
        assert (now - first).days > 600
        assert Session.objects.filter(starts_at__gt=now).exists()
        assert not Decision.objects.filter(body__kind="training").exists()
        activities = Counter(
            Claim.objects.filter(meeting__body__kind="training")
            .exclude(activity="")
            .values_list("activity", flat=True)
        )
        assert activities[Activity.TRAINING] > 0 and activities[Activity.PREPARATION] > 0
        assert set(activities) <= {Activity.TRAINING, Activity.PREPARATION}
        assert Booking.objects.filter(role="staff").exclude(department="").exists()
        comments = list(Feedback.objects.exclude(went_well="").values_list("went_well", flat=True))
        assert len(set(comments)) >= 8
        scores = Counter(Feedback.objects.values_list("overall", flat=True))
        assert len(scores) >= 3
