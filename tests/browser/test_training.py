"""Training in a browser: a member books a session with the support they need, which their co-trainer sees;
an officer records attendance and types in a paper form; the member gives easy-read feedback and opens their
certificate; the back-office pages and the report. axe runs on every page."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.meetings.models import BodyMembership
from coproduce.training.models import Booking, Feedback
from tests.meetings import factories as meeting_factories
from tests.training import factories

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_member_books_and_their_trainer_sees_the_support_they_need(page, person):
    user, _ = person(Role.MEMBER, full_name="Rhian Learner")
    learner = meeting_factories.person(user=user, full_name="Rhian Learner", access_needs=["hearing_loop"])
    trainer_user, _ = person(Role.MEMBER, full_name="Tomos Trainer")
    trainer = meeting_factories.person(user=trainer_user, full_name="Tomos Trainer")
    BodyMembership.objects.create(body=factories.training_body(), person=trainer)
    session = factories.session(trainers=[(trainer, "lead", "lived_experience")])

    sign_in(page, user)
    visit(page, reverse("training:courses"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name=session.course.title).first)
    visit(page, reverse("training:session", args=[session.pk]))
    submit(page, main.get_by_role("link", name="Book a place"))
    main.get_by_label("Breaks").check()
    submit(page, main.get_by_role("button", name="Book"))
    assert sorted(Booking.objects.get(person=learner).registration.access_needs) == ["breaks", "hearing_loop"]
    assert "You are booked" in main.inner_text()

    page.context.clear_cookies()
    sign_in(page, trainer_user)
    visit(page, reverse("training:mine"))
    submit(page, main.get_by_role("link", name=session.course.title))
    assert "Rhian Learner" in main.locator("#support-hearing_loop").inner_text()


def test_an_officer_runs_a_session_and_the_learner_gives_easy_read_feedback(page, person):
    officer, device = person(Role.OFFICER, full_name="Olu Officer")
    session = factories.session(actor=officer)
    user, _ = person(Role.MEMBER, full_name="Cerys Learner")
    learner = meeting_factories.person(user=user, full_name="Cerys Learner")
    _, paper_learner = factories.learner(full_name="Bryn Paper")
    booking = factories.book(session, learner)
    factories.book(session, paper_learner)
    factories.move_to_past(session)

    sign_in(page, officer, device=device)
    visit(page, reverse("training_manage:session", args=[session.pk]))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Record attendance"))
    main.get_by_role("group", name="Cerys Learner").get_by_label("Present").check()
    main.get_by_role("group", name="Bryn Paper").get_by_label("Present").check()
    trainer = session.co_trainers.get().person
    main.get_by_role("group", name=trainer.full_name).get_by_label("Present").check()
    submit(page, main.get_by_role("button", name="Save attendance"))
    submit(page, main.get_by_role("link", name="Type in paper feedback"))
    main.get_by_label("Whose form is it?").select_option(label="Bryn Paper")
    main.get_by_role("group", name="Overall, how good was the session?").get_by_label(
        "Good", exact=True
    ).check()
    main.get_by_role("group", name="How much did you learn?").get_by_label("OK").check()
    main.get_by_role("group", name="How well did the session meet your access needs?").get_by_label(
        "Poor", exact=True
    ).check()
    submit(page, main.get_by_role("button", name="Save their answers"))
    assert Feedback.objects.get().source == "paper"
    for name in ("training_manage:courses", "training_manage:sessions", "training_manage:report"):
        visit(page, reverse(name))
    visit(page, reverse("training_manage:course", args=[session.course_id]))
    visit(page, reverse("training_manage:session_edit", args=[session.pk]))
    visit(page, reverse("training_manage:preparation", args=[session.pk]))
    visit(page, reverse("training_manage:book", args=[session.pk]) + "?q=cer")

    page.context.clear_cookies()
    sign_in(page, user)
    visit(page, reverse("training:mine"))
    submit(page, main.get_by_role("link", name="easy read"))
    main.get_by_role("group", name="Was the training good?").get_by_label("Really good").check()
    main.get_by_role("group", name="Did you learn new things?").get_by_label("Good", exact=True).check()
    main.get_by_role("group", name="Did you get the help you needed to take part?").get_by_label("OK").check()
    submit(page, main.get_by_role("button", name="Send my answers"))
    assert Feedback.objects.get(booking=booking).source == "easy_read"
    visit(page, reverse("training:certificate", args=[booking.pk]))
    assert "Certificate of attendance" in main.inner_text()
