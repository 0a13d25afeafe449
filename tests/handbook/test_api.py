"""The handbook and search through the API: the same rules and services as the pages."""

from rest_framework.test import APIClient

from coproduce.accounts.models import Role
from coproduce.handbook import services
from tests.factories import UserFactory

from . import factories


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_lists_public_pages_and_staff_see_staff_only_ones_too(db):
    factories.page(title="Public guide")
    factories.page(title="Staff guide", visibility="staff")
    titles = [row["title"] for row in api().get("/api/handbook/pages/").json()["results"]]
    assert titles == ["Public guide"]
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    assert len(api(lead).get("/api/handbook/pages/").json()["results"]) == 2


def test_an_editor_changes_a_page_as_a_new_version_and_a_stale_change_is_a_conflict(db):
    editor = factories.editor()
    page = factories.page(by=editor, body="One")
    response = api(editor).patch(
        f"/api/handbook/pages/{page.pk}/", {"body": "Two", "version": 1, "note": "Why"}
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api(editor).patch(f"/api/handbook/pages/{page.pk}/", {"body": "Three", "version": 1})
    assert stale.status_code == 409
    page.refresh_from_db()
    assert page.body == "Two"


def test_members_cannot_change_pages(db, member):
    page = factories.page()
    response = api(member).patch(f"/api/handbook/pages/{page.pk}/", {"body": "Mine", "version": 1})
    assert response.status_code == 403


def test_editors_read_versions_and_restore_one(db):
    editor = factories.editor()
    page = factories.page(by=editor, body="One")
    services.edit_page(page, actor=editor, expected_version=1, body="Two")
    versions = api(editor).get(f"/api/handbook/pages/{page.pk}/versions/").json()["results"]
    assert [v["number"] for v in versions] == [2, 1]
    restored = api(editor).post(f"/api/handbook/pages/{page.pk}/versions/1/restore/?version=2")
    assert (
        restored.status_code == 200 and restored.json()["body"] == "One" and restored.json()["version"] == 3
    )


def test_versions_are_for_editors_only(db, member):
    page = factories.page()
    assert api(member).get(f"/api/handbook/pages/{page.pk}/versions/").status_code == 403


def test_resources_list_their_download_formats(db):
    editor = factories.editor()
    services.create_resource(
        actor=editor, title="Reward policy", description="x", visibility="public", generated="reward_policy"
    )
    services.create_resource(actor=editor, title="Staff sheet", description="x", visibility="staff")
    rows = api().get("/api/handbook/resources/").json()["results"]
    assert [row["title"] for row in rows] == ["Reward policy"]
    assert {f["format"] for f in rows[0]["formats"]} == {"html", "pdf", "plain_text"}


def test_search_answers_grouped_results_the_caller_may_open(db, member):
    factories.page(title="Otter guide")
    factories.page(title="Otter staff notes", visibility="staff")
    groups = api(member).get("/api/search/", {"q": "otter"}).json()["groups"]
    assert [(g["kind"], g["total"]) for g in groups] == [("handbook_page", 1)]
    assert groups[0]["results"][0]["url"].startswith("/handbook/pages/")
    assert api(member).get("/api/search/", {"q": "otter", "kind": "person"}).status_code == 400
