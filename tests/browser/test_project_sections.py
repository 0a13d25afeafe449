"""The project page's Meetings and Payments sections in the browser, and an advert paid at the rate card's
meeting rate: an officer sees the money and arranges a meeting from the project; a team member sees the
meetings and only the way to their own payments. axe on every page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.opportunities.models import Opportunity
from tests.factories import UserFactory
from tests.meetings import factories as meeting_factories
from tests.payments import support as payment_support
from tests.payments.test_project_section import project_claim
from tests.projects.factories import accepted, member_on

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def project():
    payment_support.rate_card()
    project = accepted(title="Short breaks for carers", involvement_budget=Decimal("500.00"))
    meeting_factories.meeting(project_=project, title="Design session", starts_in=datetime.timedelta(days=4))
    project_claim(project, UserFactory(roles=[Role.FINANCE_APPROVER]), hours=2)
    return project


def test_an_officer_sees_the_budget_and_arranges_a_meeting_from_the_project(page, person, project):
    officer, device = person(Role.OFFICER)
    sign_in(page, officer, device=device)
    visit(page, reverse("projects_manage:project", args=[project.pk]))
    main = page.locator("main")
    meetings = main.locator("section[aria-labelledby=section-meetings]")
    assert "Design session" in meetings.inner_text() and "1 held so far" in meetings.inner_text()
    payments = main.locator("section[aria-labelledby=section-payments]").inner_text()
    assert "£500.00" in payments and "£40.00" in payments and "£460.00" in payments
    submit(page, meetings.get_by_role("link", name="Action tracker"))
    visit(page, reverse("projects_manage:project", args=[project.pk]))
    submit(page, meetings.get_by_role("link", name="Arrange a meeting"))
    assert main.get_by_label("Project or group").input_value() == f"project:{project.pk}"


def test_a_team_member_sees_the_meetings_and_only_their_own_payments(page, project):
    user, _ = member_on(project, "member", name="Morgan Member")
    sign_in(page, user)
    visit(page, reverse("projects:team_project", args=[project.pk]))
    main = page.locator("main")
    assert "Design session" in main.locator("section[aria-labelledby=section-meetings]").inner_text()
    payments = main.locator("section[aria-labelledby=section-payments]")
    assert "£" not in payments.inner_text()
    submit(page, payments.get_by_role("link", name="See your own payments"))


def test_an_officer_advertises_at_the_rate_cards_meeting_rate(page, person):
    payment_support.rate_card()
    officer, device = person(Role.OFFICER)
    sign_in(page, officer, device=device)
    visit(page, reverse("opportunities_manage:advertise"))
    main = page.locator("main")
    main.get_by_label("Role title").fill("Carers reference group")
    main.get_by_label("What you would do").fill("Tell us what carers need from respite services.")
    main.get_by_label("Time commitment").fill("2 hours a month")
    main.get_by_label("Online", exact=True).check()
    main.get_by_label("From the programme's rate card").check()
    main.get_by_label("Number of places").fill("5")
    closes = timezone.localdate() + datetime.timedelta(days=30)
    closing = main.get_by_role("group", name="Closing date")
    closing.get_by_label("Day").fill(str(closes.day))
    closing.get_by_label("Month").fill(str(closes.month))
    closing.get_by_label("Year").fill(str(closes.year))
    submit(page, main.get_by_role("button", name="Save as a draft"))
    assert page.title().startswith("Error: ") and "Choose the rate-card activity" in main.inner_text()
    main.get_by_label("Rate-card activity").select_option(label="Meeting")
    submit(page, main.get_by_role("button", name="Save as a draft"))
    assert "£20.00 per hour (Meeting rate, from the programme's rate card)" in main.inner_text()
    assert Opportunity.objects.get().reward_activity == "meeting"
