"""The "Payments" section on a project's page: the involvement budget against the money approved and paid
for the project's meetings, from the ledger, for the co-production team, finance and the staff lead only."""

import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coproduce.payments import ledger, project_section, services
from tests.conftest import sign_in
from tests.meetings import factories as meeting_factories
from tests.projects.factories import accepted, member_on

from . import support

pytestmark = pytest.mark.django_db


def project_claim(project, finance, *, hours=2):
    """An approved claim for `hours` at the test rate card's £20 an hour, for a meeting of `project`."""
    user, person = support.member()
    meeting = meeting_factories.meeting(project_=project, starts_in=datetime.timedelta(days=-3), hours=hours)
    return support.approved(support.attend(meeting, person), user, finance)


@pytest.fixture
def project_with_money(finance_approver):
    support.rate_card()
    project = accepted(involvement_budget=Decimal("100.00"))
    project_claim(project, finance_approver, hours=2)  # £40, paid below
    project_claim(project, finance_approver, hours=1)  # £20, approved only
    services.mark_batch_paid(
        services.create_batch(actor=finance_approver), timezone.localdate(), actor=finance_approver
    )
    project_claim(project, finance_approver, hours=3)  # £60, approved after the batch
    project_claim(accepted(), finance_approver, hours=5)  # another project's money
    return project


def test_the_ledger_gives_one_projects_approved_and_paid_money_in_one_query(
    project_with_money, django_assert_num_queries
):
    with django_assert_num_queries(1):
        money = ledger.project_money(project_with_money.pk)
    assert money == {"approved": Decimal("120.00"), "paid": Decimal("60.00")}


def test_a_reversed_approval_no_longer_counts(project_with_money, finance_approver, officer):
    claim = project_with_money.meetings.order_by("-id").first().claims.get()
    services.reverse_approval(claim, "Hours were wrong", actor=officer)
    assert ledger.project_money(project_with_money.pk)["approved"] == Decimal("60.00")


def test_officers_see_the_budget_against_money_approved_and_paid(client, officer, project_with_money):
    page = sign_in(client, officer).get(reverse("projects_manage:project", args=[project_with_money.pk]))
    text = page.content.decode()
    assert 'Budget for involvement</dt><dd class="govuk-summary-list__value">£100.00' in text
    assert "£120.00" in text and "£60.00" in text
    assert "Over budget by" in text and "£20.00" in text


def test_the_staff_lead_sees_the_money(client, project_with_money):
    lead = project_with_money.requested_by
    page = sign_in(client, lead).get(reverse("projects_manage:project", args=[project_with_money.pk]))
    assert "Approved for this project" in page.content.decode()


def test_finance_approvers_see_the_money(finance_approver, project_with_money):
    request = RequestFactory().get("/")
    request.user = finance_approver
    context = project_section.section_context(project_with_money, request)
    assert context["shows_money"] and context["approved"] == Decimal("120.00")


def test_team_members_see_no_money_only_their_own_payments(client, project_with_money):
    user, _ = member_on(project_with_money)
    page = sign_in(client, user).get(reverse("projects:team_project", args=[project_with_money.pk]))
    section = page.content.decode().split('id="section-payments"')[1].split("</section>")[0]
    assert "£" not in section
    assert reverse("payments:home") in section


def test_within_budget_says_what_is_left(client, officer, finance_approver):
    support.rate_card()
    project = accepted(involvement_budget=Decimal("1000.00"))
    project_claim(project, finance_approver, hours=2)
    page = sign_in(client, officer).get(reverse("projects_manage:project", args=[project.pk]))
    assert 'Budget left</dt><dd class="govuk-summary-list__value">£960.00' in page.content.decode()
