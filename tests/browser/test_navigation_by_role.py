"""Each role signs in through the real form and opens every page its menu and header offer, axe on each."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.core import navigation

from .support import links, path_of, screenshot, sign_in, visit

pytestmark = pytest.mark.browser

MENU_LINKS = ".govuk-service-navigation__link"
HEADER_LINKS = "header a"


def menu_for(user) -> list[str]:
    """What the navigation registry says this person's menu is."""
    request = RequestFactory().get("/")
    request.user = user
    return [entry["label"] for entry in navigation.items_for(request)]


def internal(href: str | None) -> bool:
    return bool(href) and href.startswith("/") and not href.startswith("//")


def account_pages(page) -> list[str]:
    return [href for _, href in links(page, "main a") if internal(href) and href.startswith("/account/")]


@pytest.mark.parametrize("role", [None, *Role], ids=["anonymous", *Role.values])
def test_each_role_sees_its_menu_and_every_page_it_offers_passes_axe(page, person, role):
    if role is None:
        user = AnonymousUser()
    else:
        user, device = person(role)
        sign_in(page, user, device=device)
    if path_of(page.url) != reverse("core:home"):
        visit(page, reverse("core:home"))

    menu = links(page, MENU_LINKS)
    assert [label for label, _ in menu] == menu_for(user)
    labels = {label for label, _ in menu}
    if role is None or role in {Role.MEMBER, Role.CHAMPION}:
        assert "Manage" not in labels
    else:
        assert "Manage" in labels

    header = [href for _, href in links(page, HEADER_LINKS) if internal(href)]
    if role is None:
        assert reverse("accounts:sign_in") in header
    else:
        assert reverse("accounts:account") in header

    screenshot(page, f"{role or 'anonymous'}-home")
    visited = [reverse("core:home")]
    menu_paths = [href for _, href in menu]
    to_visit = menu_paths + header + account_pages(page)
    if role is None:
        # The footer's public pages (accessibility statement, privacy, contact) are the same for everyone.
        to_visit += [href for _, href in links(page, "footer a") if internal(href)]
    while to_visit:
        href = to_visit.pop(0)
        if href in visited:
            continue
        visit(page, href)
        visited.append(href)
        screenshot(page, f"{role or 'anonymous'}{href.replace('/', '-').rstrip('-')}")
        # The menu is the same on every page, and marks the page's own section as current.
        assert [label for label, _ in links(page, MENU_LINKS)] == menu_for(user), path_of(page.url)
        if href in menu_paths:
            assert [path for _, path in links(page, f"{MENU_LINKS}[aria-current=page]")] == [href]
        to_visit += [href for href in account_pages(page) if href not in visited]

    if role is not None:
        assert reverse("accounts:account") in visited
