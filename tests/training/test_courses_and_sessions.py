"""Courses and their sessions: a session is a meeting of the training body with its trainers; a session
with no trainer, no places or an e-learning course without its link is refused with a message by the field."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import ServiceError
from coproduce.meetings.choices import BodyKind, Mode
from coproduce.meetings.models import Meeting
from coproduce.training import services
from coproduce.training.models import Course, Session
from tests.conftest import sign_in
from tests.meetings.factories import venue

from . import factories

pytestmark = pytest.mark.django_db


def test_a_session_is_a_meeting_of_the_training_body_with_its_trainers():
    session = factories.session(capacity=8)
    assert session.meeting.body.kind == BodyKind.TRAINING
    assert session.meeting.capacity == 8
    assert session.meeting.title == session.course.title
    assert session.co_trainers.count() == 1
    assert AuditEvent.objects.filter(verb="training.session_created", object_id=str(session.pk)).exists()


def test_it_refuses_a_session_with_no_trainer_and_saves_nothing():
    course = factories.course()
    meetings_before = Meeting.objects.count()
    with pytest.raises(ServiceError) as refused:
        factories.session(course, trainers=[])
    assert refused.value.field == "trainers"
    assert Meeting.objects.count() == meetings_before
    assert not Session.objects.exists()


def test_it_refuses_a_session_with_no_places():
    with pytest.raises(ServiceError) as refused:
        factories.session(capacity=0)
    assert refused.value.field == "capacity"


def test_it_refuses_an_elearning_course_without_its_link():
    with pytest.raises(ServiceError) as refused:
        factories.course(format="elearning", elearning_link="")
    assert refused.value.field == "elearning_link"


def test_it_refuses_two_courses_with_one_title():
    factories.course(title="Peer research")
    with pytest.raises(ServiceError) as refused:
        factories.course(title="Peer research")
    assert refused.value.field == "title"


def _session_form(**extra) -> dict:
    """What an officer types into the session form, three weeks ahead at a new venue."""
    day = timezone.localdate() + datetime.timedelta(days=20)
    return {
        "date_day": day.day,
        "date_month": day.month,
        "date_year": day.year,
        "start_time": "10:00",
        "end_time": "13:00",
        "mode": Mode.IN_PERSON,
        "venue": venue().pk,
        "capacity": "12",
        **extra,
    }


def test_the_session_form_refuses_no_trainer_by_the_field_and_keeps_what_was_typed(client):
    officer = factories.officer()
    course = factories.course(officer)
    response = sign_in(client, officer).post(
        f"/manage/training/courses/{course.pk}/sessions/new/", _session_form(room="Room 4")
    )
    assert response.status_code == 200
    assert "Add at least one trainer" in response.content.decode()
    assert 'value="Room 4"' in response.content.decode()
    assert not Session.objects.exists()


def test_an_officer_creates_a_session_through_the_page(client):
    officer = factories.officer()
    course = factories.course(officer)
    _, co_trainer = factories.trainer()
    response = sign_in(client, officer).post(
        f"/manage/training/courses/{course.pk}/sessions/new/",
        _session_form(trainer_1=co_trainer.pk, trainer_1_role="lead", trainer_1_kind="lived_experience"),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.co_trainers.get().person == co_trainer
    assert session.meeting.duration_hours == Decimal("3.00")


def test_a_course_is_created_through_the_page_and_shown_publicly(client):
    officer = factories.officer()
    response = sign_in(client, officer).post(
        "/manage/training/courses/new/",
        {
            "title": "Easy read and accessible meetings",
            "summary": "Making papers and meetings work for everyone.",
            "audiences": ["staff", "partners"],
            "learning_outcomes": "Write in plain words\nPlan an accessible meeting",
            "duration_hours": "2.5",
            "format": "online",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    client.logout()
    page = client.get(f"/training/courses/{course.slug}/").content.decode()
    assert "Plan an accessible meeting" in page


def test_the_course_form_shows_a_clear_message_for_a_bad_length(client):
    officer = factories.officer()
    response = sign_in(client, officer).post(
        "/manage/training/courses/new/",
        {
            "title": "X",
            "summary": "Y",
            "audiences": ["staff"],
            "learning_outcomes": "Z",
            "duration_hours": "lots",
            "format": "online",
        },
    )
    assert "Length must be a number of hours" in response.content.decode()
    assert not Course.objects.exists()


def test_co_designers_are_named_only_with_consent(client):
    officer = factories.officer()
    course = factories.course(officer)
    _, named = factories.learner(full_name="Asha Named")
    _, unnamed = factories.learner(full_name="Bo Unnamed")
    services.add_co_designer(
        course, named, consents_to_credit=True, contribution="wrote the stories", actor=officer
    )
    services.add_co_designer(course, unnamed, consents_to_credit=False, actor=officer)
    page = client.get(f"/training/courses/{course.slug}/").content.decode()
    assert "Asha Named" in page
    assert "Bo Unnamed" not in page
    assert "1 other" in page


def test_changing_the_sessions_date_moves_the_meeting_and_the_bookings():
    session = factories.session()
    _, learner = factories.learner()
    booking = factories.book(session, learner)
    later = session.meeting.starts_at + datetime.timedelta(days=7)
    services.update_session(
        session, actor=factories.officer(), starts_at=later, ends_at=later + datetime.timedelta(hours=3)
    )
    booking.refresh_from_db()
    session.refresh_from_db()
    assert session.starts_at == later == booking.starts_at


def test_it_refuses_fewer_places_than_people_already_booked():
    session = factories.session(capacity=3)
    for _ in range(3):
        factories.book(session, factories.learner()[1])
    with pytest.raises(ServiceError) as refused:
        services.update_session(session, actor=factories.officer(), capacity=2)
    assert refused.value.field == "capacity"


def test_members_cannot_open_the_back_office_pages(client):
    user, _ = factories.learner()
    response = sign_in(client, user).get("/manage/training/")
    assert response.status_code == 403


def test_the_meetings_pages_of_a_session_lead_to_its_training_pages_without_agenda_or_decisions(client):
    officer = factories.officer()
    session = factories.session(actor=officer)
    user, learner = factories.learner()
    factories.book(session, learner)
    response = sign_in(client, user).get(f"/meetings/{session.meeting_id}/")
    assert response.status_code == 302 and response["Location"] == f"/training/sessions/{session.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "You are booked" in page and "Agenda" not in page and "Decisions" not in page
    response = sign_in(client, officer).get(f"/manage/meetings/{session.meeting_id}/")
    assert response["Location"] == f"/manage/training/sessions/{session.pk}/"


def test_trainers_are_named_on_a_session_page_only_to_people_signed_in(client):
    _, co_trainer = factories.trainer(full_name="Gwen Trainer")
    session = factories.session(trainers=[(co_trainer, "lead", "lived_experience")])
    assert "Gwen Trainer" not in client.get(f"/training/sessions/{session.pk}/").content.decode()
    user, _ = factories.learner()
    assert "Gwen Trainer" in sign_in(client, user).get(f"/training/sessions/{session.pk}/").content.decode()
