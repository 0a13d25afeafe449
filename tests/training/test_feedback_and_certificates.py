"""Feedback after a session (online, easy read, typed in from paper; once only), results with small numbers
suppressed, certificates (page and PDF) and the person's courses in their data download and on erasure."""

import pytest

from coproduce.core.errors import ConflictError, ServiceError
from coproduce.people.personal_data import downloaded_parts, erase_everywhere
from coproduce.training import selectors, services
from coproduce.training.models import Feedback
from tests.conftest import sign_in

from . import factories

pytestmark = pytest.mark.django_db


def _attended(n=1):
    session = factories.session(capacity=20)
    learners = [factories.learner() for _ in range(n)]
    bookings = [factories.book(session, person) for _, person in learners]
    factories.move_to_past(session)
    services.record_attendance(
        session, {person: "present" for _, person in learners}, actor=factories.officer()
    )
    return session, learners, bookings


def _answers(**overrides):
    answers = dict(overall=5, learned=4, accessible=5, went_well="The stories", could_be_better="More breaks")
    answers.update(overrides)
    return answers


def test_feedback_is_given_once_and_a_second_time_is_refused():
    _, [(user, _)], [booking] = _attended()
    services.give_feedback(booking, actor=user, **_answers())
    with pytest.raises(ConflictError):
        services.give_feedback(booking, actor=user, **_answers())
    assert Feedback.objects.count() == 1


def test_feedback_before_attending_is_refused():
    session = factories.session()
    user, learner = factories.learner()
    booking = factories.book(session, learner)
    with pytest.raises(ServiceError):
        services.give_feedback(booking, actor=user, **_answers())


def test_the_easy_read_form_uses_easy_words_and_records_its_source(client):
    _, [(user, _)], [booking] = _attended()
    page = sign_in(client, user).get(f"/training/bookings/{booking.pk}/feedback/easy-read/").content.decode()
    assert "Did you learn new things?" in page and "Really good" in page
    response = client.post(
        f"/training/bookings/{booking.pk}/feedback/easy-read/",
        {"overall": "5", "learned": "4", "accessible": "3"},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().source == "easy_read"


def test_the_feedback_form_explains_a_missing_answer_and_keeps_the_text(client):
    _, [(user, _)], [booking] = _attended()
    response = sign_in(client, user).post(
        f"/training/bookings/{booking.pk}/feedback/", {"overall": "5", "went_well": "Lovely trainers"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose an answer for this question" in page and "Lovely trainers" in page
    assert not Feedback.objects.exists()


def test_a_second_feedback_through_the_page_is_explained(client):
    _, [(user, _)], [booking] = _attended()
    services.give_feedback(booking, actor=user, **_answers())
    response = sign_in(client, user).post(
        f"/training/bookings/{booking.pk}/feedback/", {"overall": "1", "learned": "1", "accessible": "1"}
    )
    assert "already been given" in response.content.decode()
    assert Feedback.objects.count() == 1


def test_an_officer_types_in_a_paper_form(client):
    session, [(_, learner)], [booking] = _attended()
    officer = factories.officer()
    response = sign_in(client, officer).post(
        f"/manage/training/sessions/{session.pk}/feedback/paper/",
        {
            "booking": booking.pk,
            "overall": "4",
            "learned": "4",
            "accessible": "2",
            "could_be_better": "Hard to hear",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.source, feedback.entered_by) == ("paper", officer)


def test_scores_and_comments_are_hidden_below_five_answers_and_shown_from_five():
    session, learners, bookings = _attended(5)
    for booking, (user, _) in zip(bookings[:4], learners[:4], strict=True):
        services.give_feedback(booking, actor=user, **_answers())
    feedback = selectors.session_feedback(session)
    assert feedback.scores.suppressed and feedback.comments == []
    services.give_feedback(bookings[4], actor=learners[4][0], **_answers(overall=3))
    feedback = selectors.session_feedback(session)
    assert not feedback.scores.suppressed and str(feedback.scores.overall) == "4.6"
    assert len(feedback.comments) == 5
    assert selectors.session_scores(session) == feedback.scores


def test_a_certificate_is_for_attendees_only_as_a_page_and_a_pdf(client):
    _, [(user, _)], [booking] = _attended()
    page = sign_in(client, user).get(f"/training/bookings/{booking.pk}/certificate/")
    assert "Certificate of attendance" in page.content.decode()
    pdf = client.get(f"/training/bookings/{booking.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    session = factories.session()
    other_user, other = factories.learner()
    not_yet = factories.book(session, other)
    assert sign_in(client, other_user).get(f"/training/bookings/{not_yet.pk}/certificate/").status_code == 404
    assert client.get(f"/training/bookings/{booking.pk}/certificate/").status_code == 404


def test_the_data_download_lists_the_courses_and_erasure_blanks_comments_and_workplace():
    session, [(user, learner)], [booking] = _attended()
    services.give_feedback(booking, actor=user, **_answers())
    parts = downloaded_parts(learner)
    [row] = parts["training_courses"]
    assert row["course"] == session.course.title and row["attended"] is True
    assert row["feedback"]["went_well"] == "The stories"
    erase_everywhere(learner)
    feedback = Feedback.objects.get()
    assert (feedback.went_well, feedback.could_be_better, feedback.overall) == ("", "", 5)
