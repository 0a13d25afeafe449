"""In the browser: the payments office finds attendance with no claim from the back-office home and makes the
missing claims with one button; a board member opens a project's back-office page from the menu and reads it.
axe runs on every page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Attendance
from coproduce.payments.models import Claim
from tests.meetings import factories as meeting_factories
from tests.payments import support

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_the_payments_office_makes_the_missing_claims(page, person):
    support.rate_card()
    officer, device = person(Role.OFFICER)
    meeting = support.meeting(hours=2, title="Carers' forum")
    _, member = support.member(account_name="Dee Damson")
    Attendance.objects.create(
        meeting=meeting,
        person=member,
        status=AttendanceStatus.PRESENT,
        hours=Decimal("2"),
        recorded_by=officer,
    )
    sign_in(page, officer, device=device)
    visit(page, reverse("core:manage"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Attendance with no claim", exact=False))
    assert "Dee Damson" in main.inner_text()
    submit(page, main.get_by_role("button", name="Make the missing claims"))
    assert "1 missing claim made." in page.locator("body").inner_text()
    assert "has its claim" in main.inner_text()
    assert Claim.objects.filter(person=member, meeting=meeting).exists()


def test_a_board_member_reads_a_project_from_the_menu(page, person):
    board_member, device = person(Role.BOARD_MEMBER)
    project = meeting_factories.project(title="Day services review")
    sign_in(page, board_member, device=device)
    visit(page, reverse("projects_manage:list"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Day services review"))
    assert "Day services review" in main.inner_text()
    assert "Manage the team" not in main.inner_text()
    visit(page, reverse("projects_manage:team", args=[project.pk]), expect_status=403)
