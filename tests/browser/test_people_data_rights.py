"""A member with something in every app reads "Your involvement" on their profile, follows its links to the
team page and their application, and reads what is kept if they delete their account. axe runs on every
page."""

import pytest
from django.urls import reverse

from tests.people.data_rights_support import involved_member

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_member_reads_their_involvement_and_what_deleting_keeps(page):
    jo = involved_member("Jo Joiner", secret="Wyvern")
    sign_in(page, jo.user)
    visit(page, reverse("people:me"))
    main = page.locator("main")
    text = main.inner_text()
    assert "Wyvern project" in text and "Wyvern coming meeting" in text
    assert "You have attended 1 meeting (2 hours)" in text
    assert f"£{jo.claim.total}" in text

    submit(page, main.get_by_role("link", name="Wyvern project"))
    assert page.url.endswith(reverse("projects:team_project", args=[jo.project.pk]))
    visit(page, reverse("people:me"))
    submit(page, page.locator("main").get_by_role("link", name="Wyvern opportunity"))
    assert page.url.endswith(reverse("opportunities:application", args=[jo.interest.pk]))

    visit(page, reverse("people:me"))
    submit(page, page.locator("main").get_by_role("link", name="Delete your account"))
    assert "6 years after the end of the tax year" in page.locator("main").inner_text()
