"""An officer on a phone: back-office list pages stay as wide as the screen; wide tables scroll in their own
labelled region, which a keyboard user can reach."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from tests.opportunities.factories import InterestFactory, OpportunityFactory
from tests.projects.factories import accepted, requested

from .support import screenshot, sign_in, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_an_officer_works_through_the_back_office_lists_on_a_phone(new_context, person):
    user, device = person(Role.OFFICER, Role.ADMINISTRATOR, full_name="Olwen Officer")
    requested(title="Day opportunities in the north of the county, with a long name to wrap")
    project = accepted(title="Short breaks for carers of disabled children and young adults")
    opportunity = OpportunityFactory(project=project, title="Design group member for short breaks")
    InterestFactory(opportunity=opportunity)

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, user, device=device)
    pages = {
        "manage-home": reverse("core:manage"),
        "projects": reverse("projects_manage:list"),
        "ladder-report": reverse("projects_manage:report"),
        "opportunities": reverse("opportunities_manage:list"),
        "opportunity": reverse("opportunities_manage:detail", args=[opportunity.pk]),
        "meetings": reverse("meetings_manage:list"),
        "people": reverse("people_manage:directory"),
        "audit-log": reverse("audit:events"),
        "accounts": reverse("accounts_manage:list"),
    }
    too_wide = []
    for name, url in pages.items():
        visit(page, url)
        screenshot(page, f"back-office-375px-{name}")
        if not fits_the_screen(page):
            too_wide.append(name)
    assert too_wide == []

    visit(page, reverse("projects_manage:list"))
    region = page.get_by_role("region", name="Requests waiting for a decision")
    assert region.get_attribute("tabindex") == "0"
    assert region.locator("table").count() == 1
