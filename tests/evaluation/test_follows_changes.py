"""Evaluation follows the other apps: the default survey after meetings and at project close (through the
task queue, never twice), a debounced refresh of the summary rows after changes, peer researchers paid at
the peer research rate automatically, and the indicators read from training, the network and the board."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from coproduce.evaluation import selectors, services, tasks
from coproduce.evaluation.models import Survey, SurveyInvitation
from coproduce.meetings.choices import AttendanceStatus
from coproduce.payments.choices import Activity
from coproduce.programme.models import Challenge
from coproduce.projects.choices import Stage, TeamRole
from coproduce.projects.models import Project
from coproduce.training.choices import LearnerRole
from tests.meetings.factories import join_team, project
from tests.network import factories as network
from tests.on_commit import committed
from tests.payments import support as payments
from tests.programme import factories as programme
from tests.training import factories as training

from .support import peer_research_rate

pytestmark = pytest.mark.django_db
FOLLOWING = override_settings(EVALUATION_FOLLOWS_CHANGES=True)


def _present(meeting, *people):
    for someone in people:
        payments.attend(meeting, someone)


def test_the_survey_after_a_meeting_goes_to_the_people_present_once():
    meeting = payments.meeting(title="Carers' forum")
    _user, with_email = payments.member()
    _user2, also = payments.member()
    _user3, absent = payments.member()
    _present(meeting, with_email, also)
    payments.attend(meeting, absent, status=AttendanceStatus.ABSENT)
    mail.outbox.clear()

    assert committed(services.survey_after_meeting, meeting.pk) == 2
    survey = Survey.objects.get(sent_for=f"meeting:{meeting.pk}")
    assert survey.status == "open" and survey.anonymous and survey.meeting == meeting
    assert survey.questions.count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted([with_email.email, also.email])
    assert survey.token in mail.outbox[0].body

    # Again (the nightly sweep, or attendance saved again): no one is sent it twice, no second survey.
    assert committed(services.survey_after_meeting, meeting.pk) == 0
    assert Survey.objects.filter(meeting=meeting).count() == 1 and len(mail.outbox) == 2


def test_no_survey_for_a_meeting_not_yet_held_or_long_past():
    future = payments.meeting(day=timezone.localdate() + datetime.timedelta(days=3))
    old = payments.meeting(day=timezone.localdate() - datetime.timedelta(days=40))
    assert services.survey_after_meeting(future.pk) == 0
    assert services.survey_after_meeting(old.pk) == 0
    assert not Survey.objects.exists()


@FOLLOWING
def test_recording_attendance_queues_the_meetings_survey_through_the_task_queue():
    meeting = payments.meeting()
    _user, someone = payments.member()
    mail.outbox.clear()
    _present(meeting, someone)  # runs the on-commit work: the attendance signal, then the queued task
    assert SurveyInvitation.objects.filter(survey__meeting=meeting, person=someone).count() == 1
    assert [m.to for m in mail.outbox if "Tell us how it went" in m.subject] == [[someone.email]]


@FOLLOWING
def test_closing_a_project_sends_its_team_the_survey():
    closing = project()
    _user, member = payments.member()
    join_team(closing, member)
    mail.outbox.clear()

    def close():
        closing.stage, closing.stage_changed_at = Stage.CLOSED, timezone.now()
        closing.save()

    committed(close)
    survey = Survey.objects.get(sent_for=f"project:{closing.pk}")
    assert survey.project == closing and list(survey.invitations.values_list("person", flat=True)) == [
        member.pk
    ]
    assert committed(services.survey_at_project_close, closing.pk) == 0
    # A project closed long ago is not surveyed when someone edits it.
    Project.objects.filter(pk=closing.pk).update(
        stage_changed_at=timezone.now() - datetime.timedelta(days=60)
    )
    Survey.objects.all().delete()
    assert services.survey_at_project_close(closing.pk) == 0


def test_the_nightly_sweep_sends_the_surveys_missed():
    meeting = payments.meeting()
    _user, someone = payments.member()
    _present(meeting, someone)
    assert committed(tasks.send_due_surveys.call) == 1
    assert committed(tasks.send_due_surveys.call) == 0


def test_a_refresh_is_queued_once_per_kind_however_many_changes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert tasks.queue_refresh("diversity") is True
        assert tasks.queue_refresh("diversity") is False
        assert tasks.queue_refresh("indicators") is True
    assert len(callbacks) == 2


@FOLLOWING
def test_a_change_in_another_app_refreshes_the_summaries():
    aim = services.create_aim(
        actor=None, title="Embed co-production", agreed_by="The board", agreed_on=datetime.date(2025, 4, 1)
    )
    outcome = services.create_outcome(actor=None, aim=aim, title="More projects")
    indicator = services.create_indicator(
        actor=None, outcome=outcome, title="Started", kind="computed", computed_code="projects_started"
    )
    committed(project)  # a saved project queues the indicators' refresh, which runs on commit
    assert indicator.readings.filter(date=timezone.localdate()).exists()


def test_a_peer_researchers_session_for_their_project_is_claimed_at_the_peer_research_rate():
    payments.rate_card()
    peer_research_rate()
    researched = project()
    _user, researcher = payments.member()
    join_team(researched, researcher, role=TeamRole.PEER_RESEARCHER)
    session = payments.meeting(hours=2)
    session.project, session.body = researched, None
    session.save()
    claim = payments.attend(session, researcher)
    assert claim.activity == Activity.PEER_RESEARCH and claim.time_amount == Decimal("50.00")
    # Someone else at the same meeting, and the researcher at another project's meeting: the meeting rate.
    _user, other = payments.member()
    assert payments.attend(session, other).activity == Activity.MEETING
    assert payments.attend(payments.meeting(), researcher).activity == Activity.MEETING


def _compute(code):
    today = timezone.localdate()
    return selectors.computed_indicator(code).compute(today - selectors.YEAR, today + datetime.timedelta(1))


def test_trained_staff_champions_and_board_challenges_on_time_are_computed():
    the_session = training.session()
    for role in (LearnerRole.STAFF, LearnerRole.STAFF, LearnerRole.MEMBER):
        _user, learner = training.learner()
        extra = {"department": "Adult social care", "organisation": training.organisation()}
        training.book(the_session, learner, role=role, **(extra if role == LearnerRole.STAFF else {}))
    training.move_to_past(the_session)
    for booking in the_session.bookings.all():
        payments.attend(the_session.meeting, booking.person)
    assert _compute("staff_trained") == 2

    network.champion()
    network.champion()
    assert _compute("champions") == 2

    today = timezone.localdate()
    on_time, late, open_ = programme.challenge(), programme.challenge(), programme.challenge()
    answered = timezone.now() - datetime.timedelta(days=5)
    Challenge.objects.filter(pk=on_time.pk).update(
        respond_by=today - datetime.timedelta(3), responded_at=answered
    )
    Challenge.objects.filter(pk=late.pk).update(
        respond_by=today - datetime.timedelta(8), responded_at=answered
    )
    Challenge.objects.filter(pk=open_.pk).update(respond_by=today - datetime.timedelta(1))
    assert _compute("board_challenges_on_time") == Decimal("33.3")


def test_the_people_trained_are_the_learners_present_not_the_trainers():
    the_session = training.session()
    _user, learner = training.learner()
    _user, no_show = training.learner()
    training.book(the_session, learner)
    training.book(the_session, no_show)
    training.move_to_past(the_session)
    payments.attend(the_session.meeting, learner)
    payments.attend(the_session.meeting, no_show, status=AttendanceStatus.ABSENT)
    trained = next(g for g in selectors.groups_on(timezone.localdate()) if g.key == "trained")
    assert list(trained.people.values_list("pk", flat=True)) == [learner.pk]


def test_the_survey_page_says_it_was_sent_automatically_and_to_how_many(client):
    from tests.conftest import sign_in

    from .support import evaluator

    meeting = payments.meeting(title="Carers' forum")
    for _ in range(2):
        _user, someone = payments.member()
        _present(meeting, someone)
    committed(services.survey_after_meeting, meeting.pk)
    sign_in(client, evaluator())
    survey = Survey.objects.get()
    page = client.get(f"/manage/evaluation/surveys/{survey.pk}/").content.decode()
    assert "Sent automatically after Carers" in page and "by email to 2 people" in page
