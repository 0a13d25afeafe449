"""The officers' page of one session: each learner's booking, who booked them, workplace, attendance with
its certificate and a cancel button while the booking holds or waits for a place; places left; feedback
by route, and scores and comments only from five answers."""

import pytest

from coproduce.training import services
from tests.conftest import sign_in

from . import factories

pytestmark = pytest.mark.django_db


def test_the_officers_session_page_shows_each_learner_and_the_feedback(client):
    officer = factories.officer()
    session = factories.session(actor=officer, capacity=2)
    staff_user, staff = factories.learner("Ada Staff")
    member_user, member = factories.learner("Ben Member")
    _, late = factories.learner("Cy Late")
    by_officer = factories.book(
        session,
        staff,
        actor=officer,
        role="staff",
        department="Housing options",
        organisation=factories.organisation("Adult Services"),
        on_behalf=True,
    )
    own = factories.book(session, member, actor=member_user)
    waiting = factories.book(session, late, actor=officer)
    factories.move_to_past(session)
    services.record_attendance(session, {staff: "present", member: "absent"}, actor=officer)
    services.give_feedback(
        by_officer, overall=4, learned=4, accessible=5, went_well="Clear", actor=staff_user
    )

    page = sign_in(client, officer).get(f"/manage/training/sessions/{session.pk}/").content.decode()

    assert "(0 left)" in page and "Learners (3)" in page
    assert f"booked by {officer.full_name}" in page and page.count("booked by") == 1
    assert "Housing options, Adult Services" in page and "On the waiting list" in page
    assert f'href="/manage/training/bookings/{by_officer.pk}/certificate/"' in page
    assert f"/manage/training/bookings/{own.pk}/certificate/" not in page and "Absent" in page
    for booking in (by_officer, own, waiting):
        assert f'action="/manage/training/bookings/{booking.pk}/cancel/"' in page
    assert "Online form: 1 · Easy read online form: 0" in page
    assert "Fewer than 5 people have answered" in page and "Clear" not in page
