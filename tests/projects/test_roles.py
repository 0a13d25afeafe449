"""One meaning for each role on a project, decided in coproduce.projects.rules and asked by projects,
meetings, opportunities and payments alike: the lead who requested a project arranges its meetings without
being added to the team; the board reads every project in the back office but none of its people's personal
data; someone unrelated gets nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings.models import Meeting
from coproduce.meetings.rules import may_organise, may_view_meeting, may_view_scope
from coproduce.opportunities.rules import may_manage
from coproduce.projects.choices import ProjectRole, TeamRole
from coproduce.projects.selectors import project_roles
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.meetings import factories as meeting_factories
from tests.meetings.test_organiser import _data
from tests.opportunities.factories import OpportunityFactory
from tests.payments import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return meeting_factories.project(involvement_budget=Decimal("500.00"))


def on_team(project, role, *roles):
    user, person = meeting_factories.member_with_profile(*(roles or [Role.MEMBER]))
    meeting_factories.join_team(project, person, role=role)
    return user


@pytest.fixture
def board_member():
    return UserFactory(full_name="Bryn Board", roles=[Role.BOARD_MEMBER])


@pytest.fixture
def stranger():
    return UserFactory(roles=[Role.PROJECT_LEAD])  # a staff project lead of nothing here


def test_project_roles_say_who_someone_is_to_the_project(project, officer, board_member, stranger, member):
    requester = project.requested_by
    staff_lead = on_team(project, TeamRole.STAFF_LEAD, Role.PROJECT_LEAD)
    facilitator = on_team(project, TeamRole.FACILITATOR, Role.PROJECT_LEAD)
    co_lead = on_team(project, TeamRole.CO_LEAD)
    assert project_roles(requester, project) == {ProjectRole.REQUESTER}
    assert project_roles(staff_lead, project) == {ProjectRole.STAFF_LEAD}
    assert project_roles(facilitator, project) == {ProjectRole.FACILITATOR}
    assert project_roles(co_lead, project) == {ProjectRole.CO_LEAD}
    assert project_roles(officer, project) == {ProjectRole.OFFICER}
    assert project_roles(board_member, project) == {ProjectRole.BOARD}
    assert project_roles(stranger, project) == set()
    assert project_roles(member, project) == set()


def test_the_same_rules_answer_in_every_app(project, officer, board_member, stranger):
    requester = project.requested_by
    staff_lead = on_team(project, TeamRole.STAFF_LEAD, Role.PROJECT_LEAD)
    facilitator = on_team(project, TeamRole.FACILITATOR, Role.PROJECT_LEAD)
    team_member = on_team(project, TeamRole.MEMBER)
    opportunity = OpportunityFactory(project=project, created_by=officer)
    meeting = meeting_factories.meeting(project_=project, organiser=officer)

    def may(user):
        return {
            "lead": user.has_perm("projects.manage_project", project),
            "read": user.has_perm("projects.read_project", project),
            "arrange": user.has_perm("projects.arrange_meetings", project),
            "organise": bool(may_organise(user, meeting)),
            "advertise": bool(may_manage(user, opportunity)),
            "money": user.has_perm("projects.see_money", project),
        }

    everything = dict.fromkeys(("lead", "read", "arrange", "organise", "advertise", "money"), True)
    assert may(requester) == everything
    assert may(staff_lead) == everything
    assert may(facilitator) == {
        **dict.fromkeys(everything, False),
        "read": True,
        "arrange": True,
        "organise": True,
    }
    assert may(team_member) == {**dict.fromkeys(everything, False), "read": True}
    assert may(board_member) == {**dict.fromkeys(everything, False), "read": True, "money": True}
    assert may(stranger) == dict.fromkeys(everything, False)
    assert may(officer)["lead"] and may(officer)["arrange"] and may(officer)["advertise"]


def test_a_requester_not_on_the_team_arranges_the_projects_meetings(client, project):
    requester = project.requested_by
    assert not project.team.exists()
    sign_in(client, requester)
    page = client.get(reverse("projects_manage:project", args=[project.pk])).content.decode()
    assert f"{reverse('meetings_manage:create')}?scope=project:{project.pk}" in page, "Arrange a meeting"

    form = client.get(reverse("meetings_manage:create"), {"scope": f"project:{project.pk}"}).context["form"]
    assert f"project:{project.pk}" in dict(form.fields["scope"].choices)
    assert str(requester.pk) in dict(form.fields["organiser"].choices)
    venue = meeting_factories.venue()
    response = client.post(reverse("meetings_manage:create"), _data(f"project:{project.pk}", venue))
    assert response.status_code == 302
    meeting = Meeting.objects.get(project=project)
    assert meeting.organiser == requester
    assert client.get(reverse("meetings_manage:overview", args=[meeting.pk])).status_code == 200
    assert requester in meetings_selectors.organiser_candidates(projects=[project])


def test_an_unrelated_staff_lead_cannot_arrange_its_meetings_or_open_it(client, project, stranger):
    sign_in(client, stranger)
    assert client.get(reverse("projects_manage:project", args=[project.pk])).status_code == 404
    assert client.get(reverse("meetings_manage:create")).status_code == 404  # no project or group of theirs
    meeting = meeting_factories.meeting(project_=project)
    assert client.get(reverse("meetings_manage:overview", args=[meeting.pk])).status_code == 404
    assert stranger not in meetings_selectors.organiser_candidates(projects=[project])


def test_an_unrelated_member_cannot_open_it(client, project, member):
    sign_in(client, member)
    assert client.get(reverse("projects_manage:project", args=[project.pk])).status_code == 403
    assert client.get(reverse("projects:team_project", args=[project.pk])).status_code == 404
    assert client.get(reverse("meetings:project_decisions", args=[project.pk])).status_code == 404


def test_the_board_reads_every_project_but_not_its_peoples_personal_data(
    client, project, board_member, officer
):
    team_user, person = meeting_factories.member_with_profile(
        Role.MEMBER, phone="07700 900555", access_needs=["bsl"]
    )
    meeting_factories.join_team(project, person)
    meeting = meeting_factories.meeting(
        project_=project, organiser=officer, starts_in=-support.datetime.timedelta(days=2)
    )
    meeting_factories.registered(meeting, person)
    opportunity = OpportunityFactory(project=project, created_by=officer)
    support.rate_card()
    claim = support.attend(meeting, person, actor=officer)

    sign_in(client, board_member)
    listing = client.get(reverse("projects_manage:list")).content.decode()
    assert reverse("projects_manage:project", args=[project.pk]) in listing
    assert reverse("projects:request_new") not in listing, "requests and triage are the officers'"
    assert client.get(reverse("projects_manage:report")).status_code == 200
    response = client.get(reverse("projects_manage:project", args=[project.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert project.title in page and person.full_name in page, "names and roles, to check and challenge"
    assert person.email not in page and "07700 900555" not in page
    assert "£500.00" in page, "the project's money in total"
    assert not any(response.context["may"].values()), "reading only: no task links"
    assert client.get(reverse("meetings:project_decisions", args=[project.pk])).status_code == 200

    # Nothing about the team's people: not the team screen, the support summary (access needs), the
    # expressions of interest, the attendance, nor anyone's claim or payment details.
    assert client.get(reverse("projects_manage:team", args=[project.pk])).status_code == 403
    assert client.get(reverse("meetings_manage:support", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings_manage:attendance", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("opportunities_manage:detail", args=[opportunity.pk])).status_code == 403
    assert client.get(reverse("opportunities_manage:selection", args=[opportunity.pk])).status_code == 403
    assert client.get(reverse("payments_manage:claim", args=[claim.pk])).status_code == 404
    assert person.full_name not in client.get(reverse("payments_manage:claims")).content.decode()
    assert client.get(reverse("payments_manage:person", args=[person.pk])).status_code == 403
    assert not may_view_meeting(board_member, meeting)
    assert may_view_scope(board_member, (project, None))
