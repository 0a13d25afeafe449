"""Training pages cost the same number of queries however many sessions, bookings and feedback they show."""

import pytest
from django.urls import reverse

from coproduce.training import services
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from . import factories

pytestmark = pytest.mark.django_db

# Pages with an id in their address (the baselines file holds pages reversible without one): the same count
# with one session of two learners and three of six.
SESSION_PAGE_QUERIES = 9
SUPPORT_PAGE_QUERIES = 7


def programme(sessions: int, learners: int):
    """`sessions` sessions, each with `learners` learners (half staff) who attended and gave feedback."""
    officer = factories.officer()
    course = factories.course(officer)
    made = []
    for _ in range(sessions):
        session = factories.session(course, actor=officer, capacity=learners + 2)
        people = []
        for n in range(learners):
            user, person = factories.learner()
            staff = n % 2 == 0
            booking = factories.book(
                session,
                person,
                actor=officer,
                role="staff" if staff else "member",
                department="Housing options" if staff else "",
                organisation=factories.organisation() if staff else None,
                adjustments={"access_needs": ["breaks"], "formats": ["easy_read"]},
            )
            people.append((user, person, booking))
        factories.move_to_past(session)
        marks = {person: "present" for _, person, _ in people}
        marks[session.co_trainers.get().person] = "present"
        services.record_attendance(session, marks, actor=officer)
        for user, _, booking in people:
            services.give_feedback(booking, overall=4, learned=4, accessible=5, went_well="Good", actor=user)
        made.append(session)
    return officer, made


@pytest.mark.parametrize("sessions,learners", [(1, 2), (3, 6)])
def test_training_pages_match_their_baselines(client, sessions, learners):
    officer, made = programme(sessions, learners)
    assert_page_queries(client, reverse("training:courses"), "training:courses")
    sign_in(client, officer)
    assert_page_queries(
        client, reverse("training_manage:sessions"), "training_manage:sessions", data={"when": "past"}
    )
    response = assert_page_queries(
        client, reverse("training_manage:session", args=[made[0].pk]), SESSION_PAGE_QUERIES
    )
    assert len(response.context["bookings"]) == learners
    assert_page_queries(client, reverse("training_manage:support", args=[made[0].pk]), SUPPORT_PAGE_QUERIES)
    assert_page_queries(client, reverse("training_manage:report"), "training_manage:report")
    assert_page_queries(client, reverse("training_manage:courses"), "training_manage:courses")


@pytest.mark.parametrize("count", [1, 4])
def test_a_learners_training_page_costs_the_same_with_more_courses(client, count):
    officer = factories.officer()
    user, person = factories.learner()
    for _ in range(count):
        session = factories.session(actor=officer)
        factories.book(session, person, actor=officer)
        factories.move_to_past(session)
        services.record_attendance(session, {person: "present"}, actor=officer)
    sign_in(client, user)
    response = assert_page_queries(client, reverse("training:mine"), "training:mine")
    assert len(response.context["bookings"]) == count
