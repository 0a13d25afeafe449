"""Nobody finds what they may not open: one test per kind of result, each with someone who may and someone
who may not, plus the index kept current as records change."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coproduce.accounts.models import Role
from coproduce.meetings import services as meeting_services
from coproduce.opportunities.choices import Status
from coproduce.people.models import Person
from coproduce.projects.choices import Stage
from coproduce.search import selectors
from coproduce.search.models import SearchEntry
from tests.factories import UserFactory
from tests.handbook import factories as handbook
from tests.meetings import factories as meetings
from tests.opportunities.factories import OpportunityFactory


def found(user, query, kind):
    groups = {group.kind.key: group for group in selectors.search_all(user, query)}
    return [hit.title for hit in groups[kind].hits] if kind in groups else []


@pytest.fixture
def officer_user(db):
    return UserFactory(roles=[Role.OFFICER])


def test_projects_unpublished_are_found_only_by_their_team_and_officers(db, officer_user):
    hidden = meetings.project(title="Zebra crossing redesign", is_published=False)
    published = meetings.project(title="Zebra day centre", is_published=True, stage=Stage.DELIVERING)
    team_user, person = meetings.member_with_profile()
    meetings.join_team(hidden, person)
    stranger, _ = meetings.member_with_profile()
    assert found(AnonymousUser(), "zebra", "project") == [published.title]
    assert found(stranger, "zebra", "project") == [published.title]
    assert sorted(found(team_user, "zebra", "project")) == sorted([hidden.title, published.title])
    assert sorted(found(officer_user, "zebra", "project")) == sorted([hidden.title, published.title])
    assert sorted(found(hidden.requested_by, "zebra", "project")) == sorted([hidden.title, published.title])


def test_draft_opportunities_are_found_only_by_those_who_manage_them(db, officer_user):
    OpportunityFactory(title="Quokka panel member", status=Status.DRAFT)
    OpportunityFactory(title="Quokka advisory group", status=Status.OPEN)
    member, _ = meetings.member_with_profile()
    assert found(AnonymousUser(), "quokka", "opportunity") == ["Quokka advisory group"]
    assert found(member, "quokka", "opportunity") == ["Quokka advisory group"]
    assert len(found(officer_user, "quokka", "opportunity")) == 2


def _meeting_with_records():
    meeting = meetings.meeting(title="Walrus transport meeting", purpose="Taxi fares for members")
    organiser = meeting.organiser
    meeting_services.add_decision(meeting, "Walrus taxi fares are paid in advance", actor=organiser)
    owner_user, owner = meetings.member_with_profile()
    meetings.join_team(meeting.project, owner)
    meeting_services.add_action(meeting, actor=organiser, description="Book walrus taxis", owner=owner)
    return meeting, owner_user


@pytest.mark.parametrize("kind", ["meeting", "decision", "action"])
def test_meetings_decisions_and_actions_are_found_only_by_those_who_may_see_the_meeting(
    db, kind, officer_user
):
    meeting, team_user = _meeting_with_records()
    stranger, _ = meetings.member_with_profile()
    assert found(AnonymousUser(), "walrus", kind) == []
    assert found(stranger, "walrus", kind) == []
    assert len(found(team_user, "walrus", kind)) == 1
    assert len(found(officer_user, "walrus", kind)) == 1
    # Someone invited to the meeting (not on the team) may see it too.
    guest_user, guest = meetings.member_with_profile()
    meetings.registered(meeting, guest)
    assert len(found(guest_user, "walrus", kind)) == 1


def test_staff_only_handbook_pages_are_found_only_by_the_back_office(db, member):
    handbook.page(title="Narwhal public guide")
    handbook.page(title="Narwhal staff briefing", visibility="staff")
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    assert found(AnonymousUser(), "narwhal", "handbook_page") == ["Narwhal public guide"]
    assert found(member, "narwhal", "handbook_page") == ["Narwhal public guide"]
    assert len(found(lead, "narwhal", "handbook_page")) == 2


def test_staff_only_resources_are_found_only_by_the_back_office(db, member):
    from coproduce.handbook import services

    editor = handbook.editor()
    services.create_resource(
        actor=editor, title="Okapi plan template", description="A plan", visibility="public"
    )
    services.create_resource(
        actor=editor, title="Okapi budget sheet", description="Costs", visibility="staff"
    )
    assert found(member, "okapi", "resource") == ["Okapi plan template"]
    assert len(found(editor, "okapi", "resource")) == 2


def test_people_are_found_only_by_officers(db, member, officer_user, finance_approver):
    Person.objects.create(full_name="Ptolemy Axolotl", email="ptolemy@example.test")
    assert found(officer_user, "axolotl", "person") == ["Ptolemy Axolotl"]
    assert found(member, "axolotl", "person") == []
    assert found(finance_approver, "axolotl", "person") == []
    assert found(AnonymousUser(), "axolotl", "person") == []


def test_the_index_follows_changes_and_deletions(db, officer_user):
    meeting, _ = _meeting_with_records()
    decision = meeting.decisions.get()
    decision.text = "Capybara minibus replaces the taxis"
    decision.save()
    assert found(officer_user, "capybara", "decision") == [f"{decision.reference}: {decision.text}"]
    assert found(officer_user, "walrus", "decision") == []
    page = handbook.page(title="Tapir guide")
    page.delete()
    assert not SearchEntry.objects.filter(kind="handbook_page", object_id=page.pk).exists()


def test_a_stemmed_word_finds_other_forms(db, officer_user):
    handbook.page(title="Paying people", body="We pay travel fares and expenses.")
    assert found(officer_user, "fare", "handbook_page") == ["Paying people"]
    assert found(officer_user, "pay", "handbook_page") == ["Paying people"]


def test_rebuild_reindexes_everything(db, officer_user):
    from coproduce.search import services

    handbook.page(title="Ibis guide")
    SearchEntry.objects.all().delete()
    assert found(officer_user, "ibis", "handbook_page") == []
    counts = services.rebuild()
    assert counts["handbook_page"] == 1
    assert found(officer_user, "ibis", "handbook_page") == ["Ibis guide"]


def test_refresh_brings_the_index_up_to_date_after_a_write_that_sends_no_signals(db, officer_user):
    from coproduce.core import search
    from coproduce.handbook.models import Page

    page = handbook.page(title="Ibex guide")
    Page.objects.filter(pk=page.pk).update(title="Quetzal guide")
    assert found(officer_user, "quetzal", "handbook_page") == []
    search.refresh(Page, [page.pk])
    assert found(officer_user, "quetzal", "handbook_page") == ["Quetzal guide"]
    # An entry whose record is gone is removed.
    SearchEntry.objects.create(kind="handbook_page", object_id=page.pk + 1000, title="Ghost guide")
    search.refresh(Page, [page.pk + 1000])
    assert not SearchEntry.objects.filter(kind="handbook_page", object_id=page.pk + 1000).exists()


def test_a_project_moved_to_a_public_stage_links_to_its_public_page(db):
    from coproduce.projects.services import _set_stage

    project = meetings.project(title="Yak day service", is_published=True, stage=Stage.REQUESTED)
    assert SearchEntry.objects.get(kind="project", object_id=project.pk).key == ""
    _set_stage(project, Stage.DELIVERING, actor=UserFactory(roles=[Role.OFFICER]), expected=Stage.REQUESTED)
    assert SearchEntry.objects.get(kind="project", object_id=project.pk).key == project.slug
