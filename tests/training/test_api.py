"""The training API keeps the page rules: courses and sessions for anyone signed in, bookings with the
waiting list, attendance for officers (co-trainers' claims at the training rate), feedback once."""

import pytest

from coproduce.payments.choices import Activity
from coproduce.payments.models import Claim
from coproduce.training.models import Booking, Feedback
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise


def test_members_list_sessions_with_places_left_and_book_onto_the_waiting_list(as_user):
    session = factories.session(capacity=1)
    factories.book(session, factories.learner()[1])
    user, learner = factories.learner()
    client = as_user(user)
    [row] = client.get("/api/training/sessions/").json()["results"]
    assert (row["id"], row["places_left"]) == (session.pk, 0)
    response = client.post(
        f"/api/training/sessions/{session.pk}/bookings/", {"role": "member"}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "waiting"
    refused = client.post(f"/api/training/sessions/{session.pk}/bookings/", {"role": "member"}, format="json")
    assert refused.status_code == 409


def test_a_member_cannot_book_someone_else(as_user):
    session = factories.session()
    user, _ = factories.learner()
    _, other = factories.learner()
    response = as_user(user).post(
        f"/api/training/sessions/{session.pk}/bookings/",
        {"role": "member", "person": other.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_staff_booking_without_a_department_is_refused_by_the_field(as_user):
    session = factories.session()
    _, staff = factories.learner()
    response = as_user(factories.officer()).post(
        f"/api/training/sessions/{session.pk}/bookings/", {"role": "staff", "person": staff.pk}, format="json"
    )
    assert response.status_code == 400 and "department" in response.json()


def test_officers_record_attendance_and_the_co_trainer_is_claimed_at_the_training_rate(as_user):
    factories.training_rates()
    session = factories.session(hours=2)
    factories.move_to_past(session)
    trainer = session.co_trainers.get().person
    response = as_user(factories.officer()).post(
        f"/api/training/sessions/{session.pk}/attendance/",
        {"person": trainer.pk, "status": "present"},
        format="json",
    )
    assert response.status_code == 200
    assert Claim.objects.get(person=trainer).activity == Activity.TRAINING


def test_members_cannot_record_attendance(as_user):
    session = factories.session()
    user, _ = factories.learner()
    assert as_user(user).get(f"/api/training/sessions/{session.pk}/attendance/").status_code == 403


def test_feedback_through_the_api_is_once_only(as_user):
    session = factories.session()
    user, learner = factories.learner()
    booking = factories.book(session, learner)
    factories.move_to_past(session)
    from coproduce.training import services

    services.record_attendance(session, {learner: "present"}, actor=factories.officer())
    client = as_user(user)
    answers = {"overall": 4, "learned": 5, "accessible": 4, "went_well": "Clear examples"}
    assert (
        client.post(f"/api/training/bookings/{booking.pk}/feedback/", answers, format="json").status_code
        == 201
    )
    assert (
        client.post(f"/api/training/bookings/{booking.pk}/feedback/", answers, format="json").status_code
        == 409
    )
    assert Feedback.objects.count() == 1


def test_officers_create_a_course_and_members_cannot(as_user):
    body = {
        "title": "Peer research",
        "summary": "Doing research as a peer.",
        "audiences": ["members"],
        "learning_outcomes": "Plan an interview",
        "duration_hours": "6.0",
        "format": "in_person",
    }
    user, _ = factories.learner()
    assert as_user(user).post("/api/training/courses/", body, format="json").status_code == 403
    response = as_user(factories.officer()).post("/api/training/courses/", body, format="json")
    assert response.status_code == 201 and response.json()["slug"] == "peer-research"
