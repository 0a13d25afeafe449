"""The "Opportunities" section on a project's page."""

from django.urls import reverse

from coproduce.opportunities.choices import Status
from tests.conftest import sign_in
from tests.projects.factories import accepted, member_on

from .factories import OpportunityFactory


def test_officers_see_the_projects_opportunities_with_applicants_and_can_advertise(client, officer):
    project = accepted(title="Short breaks for carers")
    OpportunityFactory(project=project, title="Carers' reference group", status=Status.OPEN)
    OpportunityFactory(title="Somebody else's panel", status=Status.OPEN)
    sign_in(client, officer)
    page = client.get(reverse("projects_manage:project", args=[project.pk])).content.decode()
    assert "Carers&#x27; reference group" in page
    assert "Somebody else" not in page
    assert "Applicants" in page
    assert f"{reverse('opportunities_manage:advertise')}?project={project.pk}" in page


def test_team_members_see_the_public_page_of_an_opportunity_not_the_back_office(client, db):
    project = accepted()
    opportunity = OpportunityFactory(project=project, status=Status.OPEN)
    user, _ = member_on(project)
    page = sign_in(client, user).get(reverse("projects:team_project", args=[project.pk])).content.decode()
    assert reverse("opportunities:detail", args=[opportunity.pk]) in page
    assert reverse("opportunities_manage:detail", args=[opportunity.pk]) not in page
    assert "Applicants" not in page and "Advertise an opportunity" not in page


def test_advertising_from_a_project_page_starts_with_that_project_chosen(client, officer):
    project = accepted()
    page = sign_in(client, officer).get(f"{reverse('opportunities_manage:advertise')}?project={project.pk}")
    assert f'<option value="{project.pk}" selected>' in page.content.decode()
