"""Editors choose the handbook page for each workflow step from a list, and the step's page links to it."""

from coproduce.handbook import services
from coproduce.handbook.models import HelpLink
from tests.conftest import sign_in
from tests.projects.factories import project_lead

from . import factories


def test_an_editor_chooses_a_page_for_a_step_and_the_step_shows_the_link(client, db):
    editor = factories.editor()
    page = factories.page(by=editor, title="Planning a co-produced project")
    sign_in(client, editor)
    response = client.post("/manage/handbook/help-links/", {"project_request": str(page.pk)})
    assert response.status_code == 302
    assert HelpLink.objects.get().step == "project_request"
    lead = project_lead()
    sign_in(client, lead)
    html = client.get("/requests/new/").content.decode()
    assert "Help with this step" in html
    assert f"/handbook/pages/{page.slug}/" in html and "Planning a co-produced project" in html


def test_a_step_without_a_page_shows_no_link(client, db):
    sign_in(client, project_lead())
    assert "Help with this step" not in client.get("/requests/new/").content.decode()


def test_changing_the_chosen_page_shows_at_once_and_removing_it_hides_the_link(client, db):
    editor = factories.editor()
    first = factories.page(by=editor, title="First guide")
    second = factories.page(by=editor, title="Second guide")
    lead = project_lead()
    services.choose_help_page("project_request", first, actor=editor)
    sign_in(client, lead)
    assert "First guide" in client.get("/requests/new/").content.decode()
    services.choose_help_page("project_request", second, actor=editor)
    assert "Second guide" in client.get("/requests/new/").content.decode()
    services.choose_help_page("project_request", None, actor=editor)
    assert "Help with this step" not in client.get("/requests/new/").content.decode()


def test_a_staff_only_page_is_linked_only_for_staff(client, db, member):
    from coproduce.handbook.selectors import help_for

    editor = factories.editor()
    page = factories.page(by=editor, visibility="staff")
    services.choose_help_page("express_interest", page, actor=editor)
    assert help_for("express_interest", member) is None
    assert help_for("express_interest", editor)["slug"] == page.slug


def test_the_help_links_page_lists_every_step(client, db):
    editor = factories.editor()
    factories.page(by=editor)
    sign_in(client, editor)
    html = client.get("/manage/handbook/help-links/").content.decode()
    assert "Triage of a project request" in html and "Approving payment claims" in html


def test_an_unknown_page_is_refused_with_a_message(client, db):
    editor = factories.editor()
    factories.page(by=editor)
    sign_in(client, editor)
    response = client.post("/manage/handbook/help-links/", {"triage": "999999"})
    assert response.status_code == 200
    assert "Choose a page from the list" in response.content.decode()
    assert not HelpLink.objects.exists()
