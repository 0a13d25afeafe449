"""The public project pages: only published projects, only the sections the team chose, names only with
consent, filters and a constant query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.opportunities.choices import Status as OpportunityStatus
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import Consent
from coproduce.projects import services
from coproduce.projects.choices import Stage
from coproduce.projects.models import Output, Update
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.factories import UserFactory

from .factories import accepted, at_stage, member_on, requested, service_area


def publish(project, sections):
    return services.set_publishing(project, is_published=True, sections=sections, actor=project.requested_by)


def test_only_published_projects_past_triage_are_listed(client, db):
    publish(accepted(title="Published one"), ["about"])
    accepted(title="Not published")
    publish(requested(title="Still a request"), ["about"])
    page = client.get(reverse("projects:public_list")).content.decode()
    assert "Published one" in page
    assert "Not published" not in page and "Still a request" not in page


def test_unpublished_and_request_pages_are_not_found(client, db):
    hidden = accepted()
    request = publish(requested(), ["about"])
    assert client.get(reverse("projects:public_detail", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("projects:public_detail", args=[request.slug])).status_code == 404


def test_the_public_page_shows_only_the_chosen_sections(client, db):
    project = accepted(summary="About the day centres.")
    Output.objects.create(
        project=project, kind="document", title="Easy read report", description="d", date="2026-01-02"
    )
    Update.objects.create(
        project=project, you_said="Buses are late", we_did="Moved start to 10am", date="2026-01-03"
    )
    member_on(project, "co_lead", name="Nia Named", named=True)
    publish(project, ["outputs"])
    url = reverse("projects:public_detail", args=[project.slug])
    page = client.get(url).content.decode()
    assert "Easy read report" in page
    for hidden in (
        "About the day centres.",
        "Buses are late",
        "Who is involved",
        "Nia Named",
        "How to get involved",
    ):
        assert hidden not in page
    publish(project, ["about", "team", "updates", "get_involved"])
    page = client.get(url).content.decode()
    assert "About the day centres." in page and "Buses are late" in page and "Nia Named" in page
    assert "How to get involved" in page and "Easy read report" not in page


def test_how_to_get_involved_lists_the_projects_own_open_opportunities(client, db):
    from tests.opportunities.factories import OpportunityFactory

    project = accepted()
    publish(project, ["get_involved"])
    url = reverse("projects:public_detail", args=[project.slug])
    assert "not looking for people right now" in client.get(url).content.decode()
    today = timezone.localdate()
    wanted = OpportunityFactory(project=project, title="Design group member", closes_on=today)
    OpportunityFactory(project=project, title="Past panel", closes_on=today - datetime.timedelta(days=1))
    OpportunityFactory(project=project, title="Draft role", status=OpportunityStatus.DRAFT)
    OpportunityFactory(project=accepted(), title="Someone else's role")
    page = client.get(url).content.decode()
    assert reverse("opportunities:detail", args=[wanted.pk]) in page and "Design group member" in page
    for hidden in ("Past panel", "Draft role", "Someone else&#x27;s role", "not looking for people"):
        assert hidden not in page


def test_names_show_only_for_people_who_agreed_to_be_quoted(client, db):
    project = accepted()
    member_on(project, "co_lead", name="Yasmin Yes", named=True)
    member_on(project, "member", name="Nadia No", named=False)
    member_on(project, "member", name="Una Unasked")
    _, withdrawn = member_on(project, "member", name="Will Withdrawn", named=True)
    Consent.objects.create(
        person=withdrawn.person, purpose=ConsentPurpose.QUOTES, given=False, method=ConsentMethod.PHONE
    )
    # Agreeing to photos is not agreeing to be named.
    _, photos = member_on(project, "member", name="Pat Photos")
    Consent.objects.create(
        person=photos.person, purpose=ConsentPurpose.PHOTOS, given=True, method=ConsentMethod.ONLINE
    )
    publish(project, ["team"])
    page = client.get(reverse("projects:public_detail", args=[project.slug])).content.decode()
    assert "Yasmin Yes" in page
    for name in ("Nadia No", "Una Unasked", "Will Withdrawn", "Pat Photos"):
        assert name not in page
    assert "Member: 4" in page and "Co-lead with lived experience: 1" in page


def test_filters_by_service_area_and_stage(client, db):
    carers = service_area("Carers")
    publish(accepted(title="Carers project", service_area=carers), ["about"])
    publish(at_stage(Stage.DESIGNING, title="Designing project"), ["about"])
    page = client.get(reverse("projects:public_list"), {"area": carers.pk}).content.decode()
    assert "Carers project" in page and "Designing project" not in page
    page = client.get(reverse("projects:public_list"), {"stage": "designing"}).content.decode()
    assert "Designing project" in page and "Carers project" not in page
    response = client.get(reverse("projects:public_list"), {"stage": "nonsense", "area": "x", "page": "999"})
    assert response.status_code == 200  # a hand-edited address is ignored, not an error


@pytest.mark.parametrize("count", [3, 30])
def test_the_public_list_costs_the_same_however_many_projects(client, db, count):
    for n in range(count):
        publish(accepted(title=f"Project {n:02d}"), ["about"])
    response = assert_page_queries(client, reverse("projects:public_list"), "projects:public_list")
    assert len(response.context["page"].object_list) == min(count, 20)


@pytest.mark.parametrize("count", [2, 12])
def test_the_public_page_costs_the_same_however_big_the_team(client, db, count):
    project = accepted()
    for _ in range(count):
        member_on(project, named=True)
        Update.objects.create(project=project, you_said="a", we_did="b", date="2026-01-01")
    publish(project, ["about", "team", "updates", "outputs", "get_involved"])
    # The project, its team, who may be named, updates, outputs, open opportunities: the same six whatever
    # the team's size.
    assert_page_queries(client, reverse("projects:public_detail", args=[project.slug]), 6)


def test_changing_and_deleting_outputs_and_updates_is_audited_and_the_public_page_follows(client, db):
    project = accepted()
    output = Output.objects.create(
        project=project, kind="document", title="Draft leaflet", description="d", date="2026-01-02"
    )
    update = Update.objects.create(
        project=project, you_said="Buses are late", we_did="Moved start to 10am", date="2026-01-03"
    )
    publish(project, ["outputs", "updates"])
    public = reverse("projects:public_detail", args=[project.slug])
    user, _ = member_on(project, "co_lead")
    sign_in(client, user)
    client.post(
        reverse("projects:output_edit", args=[project.pk, output.pk]),
        {
            "kind": "document",
            "title": "Final leaflet",
            "description": "d",
            "date_day": "2",
            "date_month": "1",
            "date_year": "2026",
        },
    )
    page = client.get(public).content.decode()
    assert "Final leaflet" in page and "Draft leaflet" not in page and "Buses are late" in page

    delete_update = reverse("projects:update_delete", args=[project.pk, update.pk])
    ask = client.get(delete_update)
    assert "Delete the “you said, we did” update of 3 January 2026?" in ask.content.decode()
    assert Update.objects.filter(pk=update.pk).exists()  # asking deletes nothing
    assert client.post(delete_update).status_code == 302
    client.post(reverse("projects:output_delete", args=[project.pk, output.pk]))
    assert not Output.objects.exists() and not Update.objects.exists()
    page = client.get(public).content.decode()
    assert "Final leaflet" not in page and "Buses are late" not in page
    events = AuditEvent.objects.filter(verb__in=["project.output_deleted", "project.update_deleted"])
    assert sorted(events.values_list("verb", "actor_id")) == [
        ("project.output_deleted", user.pk),
        ("project.update_deleted", user.pk),
    ]
    assert client.post(delete_update).status_code == 404  # already gone


def test_only_those_who_may_add_outputs_may_delete_them(client, db):
    project = accepted()
    output = Output.objects.create(
        project=project, kind="document", title="Report", description="d", date="2026-01-02"
    )
    update = Update.objects.create(project=project, you_said="a", we_did="b", date="2026-01-03")
    user, _ = member_on(project, "member")
    sign_in(client, user)
    assert client.post(reverse("projects:output_delete", args=[project.pk, output.pk])).status_code == 404
    assert client.post(reverse("projects:update_delete", args=[project.pk, update.pk])).status_code == 404
    other = accepted()
    stranger_output = Output.objects.create(
        project=other, kind="document", title="Other", description="d", date="2026-01-02"
    )
    officer = UserFactory(roles=[Role.OFFICER])
    sign_in(client, officer)
    # An output of another project, reached through this project's address, is not found.
    wrong = reverse("projects:output_delete", args=[project.pk, stranger_output.pk])
    assert client.post(wrong).status_code == 404
    assert client.post(reverse("projects:output_delete", args=[project.pk, output.pk])).status_code == 302
    assert list(Output.objects.values_list("title", flat=True)) == ["Other"]
