"""Booking: members book themselves, officers and line managers book someone; a full session waitlists (or
refuses when asked not to); staff bookings carry department and organisation; learners' access needs reach
the trainers through the meetings' support summary; reminders and attendance are the meeting's."""

import datetime

import pytest

from coproduce.accounts.models import Role
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.meetings.choices import RegistrationStatus
from coproduce.meetings.services import send_due_reminders
from coproduce.training import services
from coproduce.training.choices import LearnerRole, TrainerKind, TrainerRole
from coproduce.training.models import Booking
from tests.conftest import sign_in
from tests.factories import UserFactory

from . import factories

pytestmark = pytest.mark.django_db


def test_more_bookings_than_places_go_on_the_waiting_list_and_a_freed_place_is_given():
    session = factories.session(capacity=2)
    first, second, third = (factories.book(session, factories.learner()[1]) for _ in range(3))
    assert [b.registration.status for b in (first, second, third)] == ["registered", "registered", "waiting"]
    services.cancel_booking(first, actor=factories.officer())
    third.registration.refresh_from_db()
    assert third.registration.status == RegistrationStatus.REGISTERED


def test_a_full_session_is_refused_when_the_waiting_list_is_not_wanted():
    session = factories.session(capacity=1)
    factories.book(session, factories.learner()[1])
    _, late = factories.learner()
    with pytest.raises(ServiceError) as refused:
        factories.book(session, late, waiting_list=False)
    assert "full" in refused.value.message
    assert not Booking.objects.filter(person=late).exists()


def test_booking_twice_is_refused():
    session = factories.session()
    _, learner = factories.learner()
    factories.book(session, learner)
    with pytest.raises(ConflictError):
        factories.book(session, learner)


def test_a_staff_booking_must_say_department_and_organisation():
    session = factories.session()
    _, staff = factories.learner()
    with pytest.raises(ServiceError) as refused:
        factories.book(session, staff, role=LearnerRole.STAFF)
    assert refused.value.field == "department"
    with pytest.raises(ServiceError) as refused:
        factories.book(session, staff, role=LearnerRole.STAFF, department="Adult social care")
    assert refused.value.field == "organisation"
    booking = factories.book(
        session,
        staff,
        role=LearnerRole.STAFF,
        department="Adult social care",
        organisation=factories.organisation(),
    )
    assert booking.organisation.name == "Adult Services"


def test_a_trainer_cannot_book_their_own_session():
    _, co_trainer = factories.trainer()
    session = factories.session(trainers=[(co_trainer, TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE)])
    with pytest.raises(ServiceError):
        factories.book(session, co_trainer)


def test_a_member_books_themselves_with_the_support_they_need(client):
    session = factories.session()
    user, learner = factories.learner(access_needs=["hearing_loop"])
    response = sign_in(client, user).post(
        f"/training/sessions/{session.pk}/book/",
        {"role": "member", "access_needs": ["hearing_loop", "breaks"], "waiting_list": "on"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(person=learner)
    assert booking.registration.access_needs == ["hearing_loop", "breaks"]
    assert booking.booked_by == user


def test_a_line_manager_books_a_member_of_staff_with_their_workplace(client):
    session = factories.session()
    manager = UserFactory(roles=[Role.PROJECT_LEAD])
    _, staff = factories.learner()
    organisation = factories.organisation()
    response = sign_in(client, manager).post(
        f"/manage/training/sessions/{session.pk}/book/",
        {
            "person": staff.pk,
            "role": "staff",
            "department": "Housing options",
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get(person=staff)
    assert (booking.department, booking.organisation, booking.booked_by) == (
        "Housing options",
        organisation,
        manager,
    )
    assert booking.registration.on_behalf_by == manager


def test_the_booking_form_explains_a_missing_department_and_saves_nothing(client):
    session = factories.session()
    officer = factories.officer()
    _, staff = factories.learner()
    response = sign_in(client, officer).post(
        f"/manage/training/sessions/{session.pk}/book/", {"person": staff.pk, "role": "staff"}
    )
    assert response.status_code == 200
    assert "Enter the department they work in" in response.content.decode()
    assert not Booking.objects.exists()


def test_access_needs_reach_the_trainers_and_nobody_else(client):
    trainer_user, co_trainer = factories.trainer()
    session = factories.session(trainers=[(co_trainer, TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE)])
    _, learner = factories.learner(full_name="Dee Learner")
    factories.book(session, learner, adjustments={"access_needs": ["bsl_interpreter"], "formats": []})
    page = sign_in(client, trainer_user).get(f"/training/sessions/{session.pk}/trainers/").content.decode()
    assert "British Sign Language (BSL) interpreter" in page and "Dee Learner" in page
    other_user, _ = factories.learner()
    assert sign_in(client, other_user).get(f"/training/sessions/{session.pk}/trainers/").status_code == 404


def test_people_booked_get_the_meetings_reminder():
    session = factories.session(starts_in=datetime.timedelta(days=1))
    booking = factories.book(session, factories.learner()[1])
    assert send_due_reminders() == 1
    booking.registration.refresh_from_db()
    assert booking.registration.reminder_sent_at is not None
    assert send_due_reminders() == 0


def test_attendance_records_learners_and_trainers_and_lists_the_course_as_done(client):
    session = factories.session()
    user, learner = factories.learner()
    booking = factories.book(session, learner)
    factories.move_to_past(session)
    trainer = session.co_trainers.get().person
    services.record_attendance(session, {learner: "present", trainer: "present"}, actor=factories.officer())
    page = sign_in(client, user).get("/training/mine/").content.decode()
    assert "Done" in page
    assert f"/training/bookings/{booking.pk}/certificate/" in page
    profile = client.get("/me/").content.decode()  # the person's own page lists the courses done
    assert "You have done 1 course" in profile and session.course.title in profile
    assert f"/training/bookings/{booking.pk}/certificate/" in profile


def test_attendance_before_the_session_starts_is_refused():
    session = factories.session()
    _, learner = factories.learner()
    factories.book(session, learner)
    with pytest.raises(ServiceError):
        services.record_attendance(session, {learner: "present"}, actor=factories.officer())


def test_the_profile_counts_the_sessions_someone_helped_deliver_whether_or_not_they_booked_any(client):
    # The count rides on the booking rows when there are some, and is asked on its own when there are none.
    trainer_user, trainer = factories.trainer()
    factories.session(trainers=[(trainer, TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE)])
    profile = sign_in(client, trainer_user).get("/me/").content.decode()
    assert "You have done 0 courses and helped deliver 1 session." in profile
    factories.book(factories.session(), trainer)
    factories.session(trainers=[(trainer, TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE)])
    profile = client.get("/me/").content.decode()
    assert "You have done 0 courses and helped deliver 2 sessions." in profile
    user, learner = factories.learner()
    factories.book(factories.session(), learner)
    profile = sign_in(client, user).get("/me/").content.decode()
    assert "You have done 0 courses." in profile and "helped deliver" not in profile
