"""The "Meetings" section on a project's page: the next meetings, how many were held, the tracker's open and
overdue actions, the decision log, and "Arrange a meeting" for the project's organisers only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings.choices import ActionStatus
from coproduce.meetings.models import Action
from coproduce.projects.choices import TeamRole
from tests.conftest import sign_in
from tests.projects.factories import accepted, member_on

from . import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def action(meeting, owner, *, due_in_days, status=ActionStatus.OPEN):
    return Action.objects.create(
        meeting=meeting,
        project=meeting.project,
        description="Send the easy-read summary",
        owner=owner,
        due_date=timezone.localdate() + due_in_days * DAY,
        status=status,
        created_by=meeting.organiser,
    )


def section_of(page) -> str:
    return page.content.decode().split('id="section-meetings"')[1].split("</section>")[0]


@pytest.fixture
def project_with_meetings():
    project = accepted()
    for day in range(1, 8):
        factories.meeting(project_=project, starts_in=day * DAY, title=f"Design session {day}")
    held = factories.meeting(project_=project, starts_in=-10 * DAY, title="First get-together")
    factories.meeting(project_=project, starts_in=-20 * DAY, cancelled_at=timezone.now(), title="Called off")
    factories.meeting(project_=project, starts_in=-3 * DAY, title="Kick-off")
    factories.meeting(starts_in=DAY, title="Someone else's meeting")
    owner = factories.person()
    action(held, owner, due_in_days=-2)
    action(held, owner, due_in_days=5)
    action(held, owner, due_in_days=-5, status=ActionStatus.DONE)
    return project


def test_the_team_sees_the_next_five_meetings_the_number_held_and_the_trackers(client, project_with_meetings):
    user, _ = member_on(project_with_meetings)
    section = section_of(
        sign_in(client, user).get(reverse("projects:team_project", args=[project_with_meetings.pk]))
    )
    assert [f"Design session {day}" in section for day in range(1, 8)] == [True] * 5 + [False] * 2
    assert "Someone else" not in section and "Called off" not in section
    assert "(2 held so far)" in section
    assert "2 open" in section and "1 overdue" in section
    for name in ("project_meetings", "project_actions", "project_decisions"):
        assert reverse(f"meetings:{name}", args=[project_with_meetings.pk]) in section
    assert "Arrange a meeting" not in section


def test_officers_and_the_staff_lead_may_arrange_a_meeting_for_the_project(
    client, officer, project_with_meetings
):
    arrange = f"{reverse('meetings_manage:create')}?scope=project:{project_with_meetings.pk}"
    url = reverse("projects_manage:project", args=[project_with_meetings.pk])
    assert arrange in section_of(sign_in(client, officer).get(url))
    lead, lead_person = factories.member_with_profile(Role.PROJECT_LEAD)
    factories.join_team(project_with_meetings, lead_person, TeamRole.STAFF_LEAD)
    assert arrange in section_of(sign_in(client, lead).get(url))


def test_arranging_from_the_project_page_starts_with_the_project_chosen(
    client, officer, project_with_meetings
):
    page = sign_in(client, officer).get(
        f"{reverse('meetings_manage:create')}?scope=project:{project_with_meetings.pk}"
    )
    assert f'<option value="project:{project_with_meetings.pk}" selected>' in page.content.decode()


def test_a_project_with_no_meetings_says_so(client, officer):
    project = accepted()
    section = section_of(sign_in(client, officer).get(reverse("projects_manage:project", args=[project.pk])))
    assert "No meetings arranged." in section and "(0 held so far)" in section and "0 open" in section


def test_the_project_page_makes_the_same_queries_however_many_meetings(client, officer):
    project = accepted()
    url = reverse("projects_manage:project", args=[project.pk])
    sign_in(client, officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    factories.meeting(project_=project, starts_in=DAY)
    factories.meeting(project_=project, starts_in=-DAY * 3)
    few = queries()
    for day in range(2, 12):
        factories.meeting(project_=project, starts_in=day * DAY)
        factories.meeting(project_=project, starts_in=-day * DAY * 3)
    assert queries() == few
