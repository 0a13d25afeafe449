"""Readers see public pages; staff-only pages stay with the back office; the easy read version sits beside a
page; feedback is kept for editors."""

from coproduce.accounts.models import Role
from coproduce.handbook.models import Feedback
from tests.conftest import sign_in
from tests.factories import UserFactory

from . import factories


def test_anyone_can_read_a_public_page_rendered_from_markdown(client, db):
    page = factories.page(title="Paying people fairly", body="## Why we pay\n\nPeople are **experts**.")
    response = client.get(f"/handbook/pages/{page.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h3 class="govuk-heading-s">Why we pay</h3>' in html
    assert "<strong>experts</strong>" in html


def test_markdown_in_a_page_cannot_carry_a_script(client, db):
    page = factories.page(body="<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    html = client.get(f"/handbook/pages/{page.slug}/").content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


def test_a_staff_only_page_sends_visitors_to_sign_in_and_is_not_found_for_members(client, db, member):
    page = factories.page(title="Handling a complaint", visibility="staff")
    url = f"/handbook/pages/{page.slug}/"
    response = client.get(url)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    sign_in(client, member)
    response = client.get(url)
    assert response.status_code == 404
    assert "Handling a complaint" not in response.content.decode()


def test_back_office_staff_read_staff_only_pages_and_see_them_listed(client, db):
    page = factories.page(title="Handling a complaint", visibility="staff")
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    sign_in(client, lead)
    assert client.get(f"/handbook/pages/{page.slug}/").status_code == 200
    assert "Handling a complaint" in client.get("/handbook/").content.decode()


def test_the_handbook_index_lists_only_public_pages_to_visitors(client, db):
    section = factories.section("Getting started")
    factories.page(title="What co-production is", section_=section)
    factories.page(title="Staff briefing", section_=section, visibility="staff")
    html = client.get("/handbook/").content.decode()
    assert "What co-production is" in html
    assert "Staff briefing" not in html


def test_the_easy_read_version_is_linked_from_the_page(client, db):
    page = factories.page(easy_read="We pay you for your time.")
    html = client.get(f"/handbook/pages/{page.slug}/").content.decode()
    assert f"/handbook/pages/{page.slug}/easy-read/" in html
    easy = client.get(f"/handbook/pages/{page.slug}/easy-read/")
    assert easy.status_code == 200 and "We pay you for your time." in easy.content.decode()


def test_a_page_without_an_easy_read_version_has_no_link_and_no_easy_read_page(client, db):
    page = factories.page()
    assert "easy-read" not in client.get(f"/handbook/pages/{page.slug}/").content.decode()
    assert client.get(f"/handbook/pages/{page.slug}/easy-read/").status_code == 404


def test_feedback_with_a_comment_is_kept_and_shown_to_editors_only(client, db, member):
    page = factories.page()
    sign_in(client, member)
    response = client.post(
        f"/handbook/pages/{page.slug}/feedback/", {"useful": "no", "comment": "Say more about taxis"}
    )
    assert response.status_code == 302
    row = Feedback.objects.get()
    assert (row.useful, row.comment, row.given_by) == (False, "Say more about taxis", member)
    assert "Say more about taxis" not in client.get(f"/handbook/pages/{page.slug}/").content.decode()
    sign_in(client, factories.editor())
    assert (
        "Say more about taxis" in client.get(f"/manage/handbook/pages/{page.pk}/feedback/").content.decode()
    )


def test_feedback_without_an_answer_is_explained_and_nothing_is_saved(client, db):
    page = factories.page()
    response = client.post(f"/handbook/pages/{page.slug}/feedback/", {"comment": "Hmm"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say whether this page was useful" in html
    assert "Hmm" in html  # what was typed is kept
    assert not Feedback.objects.exists()


def test_visitors_cannot_give_feedback_on_a_staff_only_page(client, db, member):
    page = factories.page(visibility="staff")
    sign_in(client, member)
    assert client.post(f"/handbook/pages/{page.slug}/feedback/", {"useful": "yes"}).status_code == 404
    assert not Feedback.objects.exists()
