"""The rest of a project through the API, with the pages' rules and services: ladder ratings at review and
close, publishing choices, outputs and "you said, we did" updates, the group agreement and jargon buster."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.projects import services
from coproduce.projects.choices import Rung, Stage
from coproduce.projects.models import Output, Update
from tests.factories import UserFactory

from .factories import accepted, at_stage, member_on, project_lead

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def verbs():
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


# --- Ladder ratings --------------------------------------------------------------------------------------


def test_the_team_reads_the_ratings_and_the_lead_rates_at_review_with_evidence(officer):
    project = at_stage(Stage.REVIEWING)
    url = reverse("api:project-rating-list", args=[project.pk])
    user, _ = member_on(project)
    assert [row["moment"] for row in api(user).get(url).json()] == ["target"]
    no_evidence = api(project.requested_by).post(
        url, {"moment": "review", "rung": Rung.CO_DESIGNING, "justification": "  "}, format="json"
    )
    assert no_evidence.status_code == 400
    rated = api(project.requested_by).post(
        url,
        {"moment": "review", "rung": Rung.CO_DESIGNING, "justification": "The group chose the options."},
        format="json",
    )
    assert rated.status_code == 201, rated.json()
    assert rated.json()["rung"] == Rung.CO_DESIGNING and rated.json()["rated_by"]
    closing = api(officer).post(
        url, {"moment": "close", "rung": Rung.CO_PRODUCING, "justification": "Shared budget."}, format="json"
    )
    assert closing.status_code == 201
    project.refresh_from_db()
    assert project.achieved_rung == Rung.CO_PRODUCING
    assert [row["moment"] for row in api(user).get(url).json()] == ["target", "review", "close"]
    assert verbs().count("project.rated") == 2


def test_rating_before_review_or_by_the_team_is_refused(officer):
    project = at_stage(Stage.DELIVERING)
    url = reverse("api:project-rating-list", args=[project.pk])
    body = {"moment": "review", "rung": Rung.ENGAGING, "justification": "Evidence"}
    early = api(officer).post(url, body, format="json")
    assert early.status_code == 400 and "reviewing stage" in early.json()["detail"]
    reviewing = at_stage(Stage.REVIEWING)
    user, _ = member_on(reviewing, "co_lead")
    team_url = reverse("api:project-rating-list", args=[reviewing.pk])
    assert api(user).post(team_url, body, format="json").status_code == 403
    assert api(project_lead()).get(team_url).status_code == 404  # someone else's project
    assert api().get(team_url).status_code in (401, 403)
    target = api(officer).post(team_url, {**body, "moment": "target"}, format="json")
    assert target.status_code == 400
    assert reviewing.ladder_ratings.count() == 1


# --- Publishing ------------------------------------------------------------------------------------------


def test_the_staff_lead_chooses_what_the_public_page_shows(client):
    project = accepted()
    url = reverse("api:project-publishing", args=[project.pk])
    lead = project.requested_by
    assert api(lead).get(url).json() == {"is_published": False, "public_sections": []}
    response = api(lead).put(
        url, {"is_published": True, "public_sections": ["outputs", "about"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"is_published": True, "public_sections": ["about", "outputs"]}
    assert client.get(reverse("projects:public_detail", args=[project.slug])).status_code == 200
    bad = api(lead).put(url, {"is_published": True, "public_sections": ["secrets"]}, format="json")
    assert bad.status_code == 400
    user, _ = member_on(project, "co_lead")
    assert (
        api(user).put(url, {"is_published": False, "public_sections": []}, format="json").status_code == 403
    )
    assert api(project_lead()).get(url).status_code == 404
    project.refresh_from_db()
    assert project.is_published and verbs().count("project.publishing_changed") == 1


# --- Outputs and updates ---------------------------------------------------------------------------------


def test_a_co_lead_adds_changes_and_deletes_outputs_through_the_api():
    project = accepted()
    user, _ = member_on(project, "co_lead")
    url = reverse("api:project-output-list", args=[project.pk])
    body = {"kind": "decision", "title": "Fairer charging", "description": "Agreed.", "date": "2026-02-03"}
    created = api(user).post(url, body, format="json")
    assert created.status_code == 201, created.json()
    item = reverse("api:project-output-detail", args=[project.pk, created.json()["id"]])
    changed = api(user).patch(item, {"title": "Fairer charging for day services"}, format="json")
    assert changed.status_code == 200 and Output.objects.get().title == "Fairer charging for day services"
    assert api(user).post(url, {**body, "link": "not a link"}, format="json").status_code == 400
    assert api(user).delete(item).status_code == 204
    assert not Output.objects.exists()
    assert [v for v in verbs() if v.startswith("project.output")] == [
        "project.output_added",
        "project.output_changed",
        "project.output_deleted",
    ]


def test_only_those_who_may_add_updates_write_them_and_the_public_reads_them_once_published():
    project = accepted()
    update = Update.objects.create(
        project=project, you_said="Buses late", we_did="Start at 10", date="2026-01-03"
    )
    url = reverse("api:project-update-list", args=[project.pk])
    item = reverse("api:project-update-detail", args=[project.pk, update.pk])
    member, _ = member_on(project, "member")
    assert [row["you_said"] for row in api(member).get(url).json()] == ["Buses late"]
    assert api(member).patch(item, {"we_did": "Nothing"}, format="json").status_code == 404
    assert api(member).delete(item).status_code == 404
    assert api().get(url).status_code == 404  # not published yet
    services.set_publishing(project, is_published=True, sections=["outputs"], actor=project.requested_by)
    assert api().get(url).status_code == 404  # published, but updates not chosen
    services.set_publishing(project, is_published=True, sections=["updates"], actor=project.requested_by)
    assert [row["we_did"] for row in api().get(url).json()] == ["Start at 10"]
    assert api().delete(item).status_code in (401, 403, 404)
    officer = UserFactory(roles=[Role.OFFICER])
    assert (
        api(officer)
        .put(item, {"you_said": "Buses late", "we_did": "Moved to 10am", "date": "2026-01-04"}, format="json")
        .json()["we_did"]
        == "Moved to 10am"
    )
    assert Update.objects.get().we_did == "Moved to 10am"


# --- Group agreement and jargon --------------------------------------------------------------------------


def test_any_team_member_keeps_the_agreement_and_jargon_through_the_api():
    project = accepted()
    user, _ = member_on(project, "member")
    agreement = reverse("api:project-agreement", args=[project.pk])
    response = api(user).put(
        agreement, {"statements": ["We listen", "  ", "One  voice at a time"]}, format="json"
    )
    assert response.json() == {"statements": ["We listen", "One voice at a time"]}
    assert api(user).get(agreement).json()["statements"] == ["We listen", "One voice at a time"]
    assert api(user).put(agreement, {"statements": ["x" * 201]}, format="json").status_code == 400
    jargon = reverse("api:project-jargon-list", args=[project.pk])
    added = api(user).post(
        jargon, {"term": "EHCP", "meaning": "Education, health and care plan"}, format="json"
    )
    assert added.status_code == 201
    again = api(user).post(jargon, {"term": "ehcp", "meaning": "Again"}, format="json")
    assert again.status_code == 400 and "already in the jargon buster" in again.json()["term"]
    assert [row["term"] for row in api(user).get(jargon).json()] == ["EHCP"]
    term = reverse("api:project-jargon-detail", args=[project.pk, added.json()["id"]])
    stranger, _ = member_on(accepted(), "member")
    assert api(stranger).delete(term).status_code == 404
    assert api(stranger).get(agreement).status_code == 404
    assert api(user).delete(term).status_code == 204
    assert not project.jargon.exists()
    assert {"project.agreement_changed", "project.jargon_added", "project.jargon_removed"} <= set(verbs())
