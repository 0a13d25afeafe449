"""Projects through the API: the page rules and services, for token callers."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coproduce.accounts.models import Role
from coproduce.projects import services
from coproduce.projects.choices import Rung, Stage, TriageState
from coproduce.projects.models import Project
from tests.factories import UserFactory

from .factories import (
    PRINCIPLE_NOTES,
    accepted,
    member_on,
    organisation,
    person,
    project_lead,
    requested,
    service_area,
)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_anyone_lists_published_projects_with_public_fields_only(db):
    published = accepted(title="Open project")
    services.set_publishing(published, is_published=True, sections=["about"], actor=published.requested_by)
    hidden = accepted()
    response = api().get(reverse("api:project-list"))
    assert response.status_code == 200 and ids(response) == {published.pk}
    row = response.json()["results"][0]
    assert "summary" not in row and "involvement_budget" not in row
    assert api().get(reverse("api:project-detail", args=[hidden.pk])).status_code == 404


def test_officers_see_everything_in_full(db, officer):
    project = requested()
    response = api(officer).get(reverse("api:project-detail", args=[project.pk]))
    assert response.status_code == 200 and response.json()["summary"] == project.summary


def test_a_member_sees_in_full_only_the_projects_they_are_on(db):
    mine, other = accepted(), accepted()
    user, _ = member_on(mine)
    assert ids(api(user).get(reverse("api:project-list"))) == {mine.pk}
    assert "summary" in api(user).get(reverse("api:project-detail", args=[mine.pk])).json()
    assert api(user).get(reverse("api:project-detail", args=[other.pk])).status_code == 404


def test_a_staff_lead_sends_a_request(db):
    lead = project_lead()
    data = {
        "title": "Transport to day centres",
        "summary": "Buses.",
        "affects": "Day centre users.",
        "can_change": "Routes.",
        "decision_deadline": "2027-03-01",
        "involvement_budget": "900.00",
        "hoped_rung": Rung.CO_DESIGNING,
        "service_area": service_area("Transport").pk,
        "organisation": organisation().pk,
    }
    response = api(lead).post(reverse("api:project-request"), data, format="json")
    assert response.status_code == 201, response.json()
    project = Project.objects.get()
    assert project.requested_by == lead and str(project.decision_deadline) == "2027-03-01"
    bad = api(lead).post(reverse("api:project-request"), {**data, "involvement_budget": "-1"}, format="json")
    assert bad.status_code == 400 and "involvement_budget" in bad.json()
    assert (
        api(UserFactory(roles=[Role.MEMBER]))
        .post(reverse("api:project-request"), data, format="json")
        .status_code
        == 403
    )


def test_officers_triage_through_the_api_with_the_same_rules(db, officer):
    project = requested()
    url = reverse("api:project-triage", args=[project.pk])
    body = {
        "decision": "accept",
        "target_rung": Rung.CONSULTING,
        "justification": "Small",
        "principles": PRINCIPLE_NOTES,
    }
    response = api(officer).post(url, body, format="json")
    assert response.status_code == 400 and "below_co_production_reason" in response.json()
    response = api(officer).post(url, {**body, "below_co_production_reason": "First step"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == Stage.SCOPING
    again = api(officer).post(url, {"decision": "decline", "message": "no"}, format="json")
    assert again.status_code == 400
    assert api(project.requested_by).post(url, body, format="json").status_code == 403


def test_more_information_through_the_api(db, officer):
    project = requested()
    url = reverse("api:project-triage", args=[project.pk])
    response = api(officer).post(url, {"decision": "more_information", "message": "Budget?"}, format="json")
    assert response.json()["triage_state"] == TriageState.MORE_INFORMATION


def test_stage_moves_through_the_api(db, officer):
    project = accepted()
    url = reverse("api:project-stage", args=[project.pk])
    refused = api(officer).post(url, {"to_stage": "closed", "expected": "scoping"}, format="json")
    assert refused.status_code == 400
    moved = api(officer).post(url, {"to_stage": "designing", "expected": "scoping"}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "designing"
    stale = api(officer).post(
        url, {"to_stage": "stopped", "expected": "scoping", "reason": "x"}, format="json"
    )
    assert stale.status_code == 400
    assert (
        api(project.requested_by)
        .post(url, {"to_stage": "delivering", "expected": "designing"}, format="json")
        .status_code
        == 403
    )


def test_team_members_through_the_api(db):
    project = accepted()
    lead = project.requested_by
    url = reverse("api:project-team-member-list", args=[project.pk])
    someone = person("Api Person")
    added = api(lead).post(url, {"person": someone.pk, "role": "member"}, format="json")
    assert added.status_code == 201 and added.json()["name"] == "Api Person"
    assert [row["name"] for row in api(lead).get(url).json()] == ["Api Person"]
    member_url = reverse("api:project-team-member-detail", args=[project.pk, added.json()["id"]])
    assert api(lead).delete(member_url).status_code == 204
    assert api(lead).get(url).json() == []
    other_lead = project_lead()
    assert api(other_lead).get(url).status_code == 404
    assert (
        api(other_lead).post(url, {"person": someone.pk, "role": "member"}, format="json").status_code == 404
    )
    user, _ = member_on(project)
    assert api(user).get(url).status_code == 403


@pytest.mark.parametrize("count", [2, 15])
def test_the_officers_lists_cost_the_same_however_many_projects(client, officer, count):
    from tests.conftest import sign_in
    from tests.core.query_counts import assert_page_queries

    for _ in range(count):
        requested()
        accepted()
    sign_in(client, officer)
    assert_page_queries(client, reverse("projects_manage:list"), "projects_manage:list")
    assert_page_queries(client, reverse("projects_manage:report"), "projects_manage:report")


def test_malformed_bodies_are_refused_not_errors(db, officer):
    project = requested()
    lead = project.requested_by
    assert api(lead).post(reverse("api:project-request"), [1, 2], format="json").status_code == 400
    triage = reverse("api:project-triage", args=[project.pk])
    assert (
        api(officer).post(triage, {"decision": "accept", "principles": ["x"]}, format="json").status_code
        == 400
    )
    assert api(officer).post(triage, "nonsense", format="json").status_code == 400
    stage = reverse("api:project-stage", args=[project.pk])
    assert api(officer).post(stage, [], format="json").status_code == 400
