"""The handbook and search in a browser: an editor writes and changes a page, compares versions and chooses
a help link; a visitor reads the page and its easy read version, says whether it was useful, and searches
from the header. axe runs on every page."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.handbook import services
from coproduce.handbook.models import Feedback, Page
from tests.handbook import factories

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_an_editor_writes_changes_and_compares_a_page(page, person):
    user, device = person(Role.OFFICER, full_name="Olu Editor")
    factories.section("Paying people fairly")
    sign_in(page, user, device=device)
    visit(page, reverse("handbook_manage:page_create"))
    main = page.locator("main")
    main.get_by_label("Title").fill("Paying people on benefits")
    main.get_by_label("Summary").fill("Earnings limits and how we warn before them")
    submit(page, main.get_by_role("button", name="Create the page"))
    assert page.title().startswith("Error: ")
    assert main.get_by_label("Title").input_value() == "Paying people on benefits"
    main.get_by_label("Text", exact=True).fill("## Limits\n\nWe warn you before a limit.")
    main.get_by_label("Easy read version (optional)").fill("We tell you before a payment is too much.")
    submit(page, main.get_by_role("button", name="Create the page"))
    created = Page.objects.get()
    main.get_by_label("Text", exact=True).fill("## Limits\n\nWe always warn you before a limit.")
    main.get_by_label("What did you change? (optional)").fill("Clearer")
    submit(page, main.get_by_role("button", name="Save as a new version"))
    visit(page, reverse("handbook_manage:history", args=[created.pk]))
    submit(page, main.get_by_role("button", name="Compare"))
    assert "Added:" in main.inner_text() or "We always warn you" in main.inner_text()
    visit(page, reverse("handbook_manage:help_links"))
    main.get_by_label("Approving payment claims").select_option(
        label="Paying people on benefits (Paying people fairly)"
    )
    submit(page, main.get_by_role("button", name="Save help links"))
    assert "Help links saved" in page.locator("body").inner_text()
    # Deleting the section asks where its page goes; without an answer it is refused by the field.
    section = created.section
    factories.section("Working together")
    visit(page, reverse("handbook_manage:section_delete", args=[section.pk]))
    submit(page, main.get_by_role("button", name="Delete the section"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Move its pages to").select_option(label="Working together")
    submit(page, main.get_by_role("button", name="Delete the section"))
    assert "deleted" in page.locator("body").inner_text()
    assert Page.objects.get().section.title == "Working together"


def test_a_visitor_reads_gives_feedback_and_searches(page):
    editor = factories.editor()
    services.save_term(None, actor=editor, word="ICB", meaning="Integrated Care Board")
    guide = factories.page(
        by=editor,
        title="Working with the ICB",
        body="The ICB plans health services.",
        easy_read="The ICB plans.",
    )
    visit(page, reverse("handbook:index"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Working with the ICB"))
    assert "Words used on this page" in main.inner_text()
    submit(page, main.get_by_role("link", name="Read the easy read version"))
    visit(page, reverse("handbook:page", args=[guide.slug]))
    submit(page, main.get_by_role("button", name="Send feedback"))
    assert page.title().startswith("Error: ")
    main.get_by_label("No").check()
    main.get_by_label("Tell us more (optional)").fill("More about hospitals, please")
    submit(page, main.get_by_role("button", name="Send feedback"))
    assert Feedback.objects.get().comment == "More about hospitals, please"
    page.get_by_label("Search the site").fill("icb")
    submit(page, page.get_by_role("button", name="Search", exact=True).first)
    assert "Working with the ICB" in main.inner_text()
    visit(page, reverse("search:results") + "?q=%22%27*%28")
    visit(page, reverse("handbook:resources"))
    visit(page, reverse("handbook:jargon_buster"))
