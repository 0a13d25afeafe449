"""Sign-in errors, the skip link, pages without JavaScript and a narrow screen, each page checked with axe."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role

from .support import check_accessibility, screenshot, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_a_wrong_password_shows_an_error_summary_linked_to_the_field_and_keeps_the_email(page, person):
    user, _ = person(Role.MEMBER, email="morgan@example.test")
    visit(page, reverse("accounts:sign_in"))
    main = page.locator("main")
    main.get_by_label("Email address").fill("Morgan@Example.test")
    main.get_by_label("Password", exact=True).fill("not the password")
    submit(page, main.get_by_role("button", name="Sign in"))  # axe runs on the page with the errors shown
    screenshot(page, "sign-in-error")

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.evaluate("el => el === document.activeElement"), "the error summary should take focus"
    email = main.get_by_label("Email address")
    assert email.input_value() == "Morgan@Example.test"
    assert main.get_by_label("Password", exact=True).input_value() == ""

    summary_links = summary.locator("a")
    assert summary_links.count() > 0, "the error summary should link to the field it is about"
    link = summary_links.first
    assert link.get_attribute("href") == f"#{email.get_attribute('id')}"
    link.click()
    assert email.evaluate("el => el === document.activeElement")
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_the_skip_link_moves_keyboard_focus_to_the_main_content(page):
    visit(page, reverse("core:home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement"), "the skip link should be the first tab stop"
    assert skip.is_visible(), "the skip link should show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER], ids=["member", "officer-with-two-factor"])
def test_people_can_sign_in_and_reach_their_account_without_javascript(new_context, person, role):
    page = new_context(java_script_enabled=False).new_page()
    user, device = person(role)
    sign_in(page, user, device=device)
    visit(page, reverse("accounts:account"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert user.display_name in page.locator("header").inner_text()


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("role", [None, Role.ADMINISTRATOR], ids=["anonymous", "administrator"])
def test_the_home_page_needs_no_sideways_scrolling_on_a_375px_screen(new_context, person, role):
    page = new_context(viewport={"width": 375, "height": 812}).new_page()
    if role is not None:
        user, device = person(role, full_name="Alexandra Montgomery-Featherstonehaugh")
        sign_in(page, user, device=device)
    visit(page, reverse("core:home"))
    screenshot(page, f"home-375px-{role or 'anonymous'}")
    assert fits_the_screen(page)


def test_the_accessibility_check_fails_on_a_real_violation(page):
    visit(page, reverse("core:home"))
    page.locator("main").evaluate("main => main.insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
