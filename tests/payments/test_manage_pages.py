"""The back office: organisers check or query their meetings' claims, finance approves (warned about benefit
limits first), corrects through the ledger, keeps the rate card, makes and exports batches and marks them
paid; bank details are shown in full to finance only, and every such view is audited."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from coproduce.accounts.models import Role, RoleGrant
from coproduce.audit.models import AuditEvent
from coproduce.payments import services
from coproduce.payments.choices import ClaimStatus
from coproduce.payments.models import ActivityRate, BenefitLimit, Claim, PaymentBatch
from tests.conftest import sign_in
from tests.factories import UserFactory

from . import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_pair():
    support.rate_card()
    user, person = support.member()
    services.save_bank_details(
        person, actor=user, account_name="M Member", sort_code="309430", account_number="00733445"
    )
    organiser = UserFactory(roles=[Role.PROJECT_LEAD])
    claim = support.attend(support.meeting(organiser, hours=2), person)
    return claim, user


def review(client, claim, action, **data):
    return client.post(reverse(f"payments_manage:claim_{action}", args=[claim.pk]), data, follow=True)


def test_organiser_checks_and_finance_approves_through_the_pages(client, claim_pair, finance_approver):
    claim, user = claim_pair
    support.submitted(claim, user)
    sign_in(client, claim.meeting.organiser)
    listing = client.get(reverse("payments_manage:claims")).content.decode()
    assert claim.reference in listing
    assert (
        "Confirm the claim is right"
        in client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    )
    assert "now waiting for finance" in review(client, claim, "check").content.decode()
    client.logout()
    sign_in(client, finance_approver)
    assert "is approved" in review(client, claim, "approve").content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    page = client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    assert "Ledger entries" in page and "Owed to people" in page


def test_an_organiser_sees_only_claims_of_meetings_they_organise(client, claim_pair):
    claim, user = claim_pair
    other_organiser = UserFactory(roles=[Role.PROJECT_LEAD])
    sign_in(client, other_organiser)
    assert claim.reference not in client.get(reverse("payments_manage:claims")).content.decode()
    assert client.get(reverse("payments_manage:claim", args=[claim.pk])).status_code == 404
    assert review(client, claim, "check").status_code == 404


def test_an_organiser_cannot_approve_for_finance(client, claim_pair):
    claim, user = claim_pair
    support.checked(claim, user)
    sign_in(client, claim.meeting.organiser)
    assert client.post(reverse("payments_manage:claim_approve", args=[claim.pk])).status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED


def test_a_query_needs_a_message_and_keeps_the_claim(client, claim_pair):
    claim, user = claim_pair
    support.submitted(claim, user)
    sign_in(client, claim.meeting.organiser)
    response = review(client, claim, "query", **{"query-message": ""})
    assert "Enter what needs to change" in response.content.decode()
    review(client, claim, "query", **{"query-message": "Check the hours"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUERIED


def test_the_approval_screen_warns_about_the_benefit_limit_and_refuses_silently_paying(
    client, finance_approver
):
    support.rate_card()
    support.weekly_limit("30.00")
    user, person = support.member(limit_code="permitted-work-lower")
    claim = support.checked(support.attend(support.meeting(hours=2), person), user)
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    assert "over the Permitted work lower limit" in page
    assert "over their Permitted work lower limit" in review(client, claim, "approve").content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED
    refused = review(client, claim, "limit", **{"limit-decision": "voucher"}).content.decode()
    assert "Choose how you asked the person" in refused and "Enter what the person told you" in refused
    review(
        client,
        claim,
        "limit",
        **{"limit-decision": "voucher", "limit-asked_how": "letter", "limit-answer": "A voucher, please"},
    )
    page = client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    assert "Asked by letter: “A voucher, please”" in page
    review(client, claim, "approve")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.payout == "voucher"


def test_finance_corrects_an_approved_claim_with_a_reason(client, claim_pair, finance_approver):
    claim, user = claim_pair
    support.approved(claim, user, finance_approver)
    sign_in(client, finance_approver)
    assert "Enter the reason" in review(client, claim, "correct", **{"correct-reason": ""}).content.decode()
    review(client, claim, "correct", **{"correct-reason": "Wrong meeting"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.QUERIED


def test_an_officer_changes_the_time_to_a_half_day(client, claim_pair, officer):
    claim, _ = claim_pair
    sign_in(client, officer)
    response = review(client, claim, "time", **{"time-activity": "half_day", "time-hours": "-1"})
    assert "Hours must be 0 or more" in response.content.decode()
    review(client, claim, "time", **{"time-activity": "half_day", "time-hours": "3.5"})
    claim.refresh_from_db()
    assert claim.time_amount == Decimal("75.00")


def test_bank_details_are_masked_for_officers_and_shown_to_finance_with_an_audit(
    client, claim_pair, officer, finance_approver
):
    claim, _ = claim_pair
    person_url = reverse("payments_manage:person", args=[claim.person_id])
    full_url = reverse("payments_manage:bank_details", args=[claim.person_id])
    sign_in(client, officer)
    page = client.get(person_url).content.decode()
    assert "••••3445" in page and "00733445" not in page and "show the full details" not in page
    assert client.get(full_url).status_code == 403
    client.logout()
    sign_in(client, finance_approver)
    page = client.get(full_url).content.decode()
    assert "00733445" in page and "30-94-30" in page
    assert AuditEvent.objects.filter(verb="payments.bank_details_viewed", actor=finance_approver).count() == 1


def test_finance_adds_a_rate_and_a_limit_and_bad_input_is_refused(client, finance_approver):
    sign_in(client, finance_approver)
    url = reverse("payments_manage:add_rate", args=["activity"])
    bad = client.post(
        url,
        {
            "activity": "meeting",
            "unit": "hour",
            "amount": "-5",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2027",
        },
    )
    assert "must be more than £0" in bad.content.decode()
    good = client.post(
        url,
        {
            "activity": "meeting",
            "unit": "hour",
            "amount": "22.50",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2027",
        },
    )
    assert good.status_code == 302
    again = client.post(
        url,
        {
            "activity": "meeting",
            "unit": "hour",
            "amount": "23",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2027",
        },
    )
    assert "already a figure starting on that date" in again.content.decode()
    assert ActivityRate.objects.get().amount == Decimal("22.50")
    client.post(
        reverse("payments_manage:add_rate", args=["limit"]),
        {
            "code": "carers-allowance",
            "name": "Carer's Allowance earnings limit",
            "period": "week",
            "amount": "196.00",
            "effective_from_day": "6",
            "effective_from_month": "4",
            "effective_from_year": "2026",
        },
    )
    assert BenefitLimit.objects.get().amount == Decimal("196.00")
    assert "22.50" in client.get(reverse("payments_manage:rates")).content.decode()


def test_officers_read_the_rate_card_but_cannot_add(client, officer):
    sign_in(client, officer)
    assert client.get(reverse("payments_manage:rates")).status_code == 200
    assert client.get(reverse("payments_manage:add_rate", args=["activity"])).status_code == 403


def test_batch_pages_create_export_and_mark_paid(client, claim_pair, finance_approver):
    claim, user = claim_pair
    support.approved(claim, user, finance_approver)
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:batches")).content.decode()
    assert f'name="claims" type="checkbox" value="{claim.pk}" checked' in page
    nothing = client.post(reverse("payments_manage:batches"), follow=True)
    assert "Choose at least one approved claim" in nothing.content.decode()
    response = client.post(reverse("payments_manage:batches"), {"claims": [claim.pk]}, follow=True)
    batch = PaymentBatch.objects.get()
    assert batch.reference in response.content.decode()
    export = client.get(reverse("payments_manage:batch_export", args=[batch.pk, "bank"]))
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines() == [
        "Payee reference,Sort code,Account number,Amount,Reference,Cost centre",
        f"CP{claim.person_id:07d},309430,00733445,40.00,{claim.reference},COPROD01",
    ]
    assert AuditEvent.objects.filter(verb="payments.batch_exported_bank").exists()
    assert client.get(reverse("payments_manage:batch_export", args=[batch.pk, "secret"])).status_code == 404
    future = datetime.date.today() + datetime.timedelta(days=3)
    bad = client.post(
        reverse("payments_manage:batch", args=[batch.pk]),
        {"paid_on_day": future.day, "paid_on_month": future.month, "paid_on_year": future.year},
    )
    assert "cannot be in the future" in bad.content.decode()
    today = datetime.date.today()
    client.post(
        reverse("payments_manage:batch", args=[batch.pk]),
        {"paid_on_day": today.day, "paid_on_month": today.month, "paid_on_year": today.year},
    )
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
    dashboard = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "Half were paid within" in dashboard


def test_dashboard_lists_claims_whose_attendance_changed_after_approval(client, claim_pair, finance_approver):
    claim, user = claim_pair
    support.approved(claim, user, finance_approver)
    support.attend(claim.meeting, claim.person, hours=Decimal("1"))
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "Attendance changed after approval" in page and claim.reference in page


def test_nobody_confirms_or_approves_their_own_claim(client):
    support.rate_card()
    user, person = support.member()
    RoleGrant.objects.create(user=user, role=Role.FINANCE_APPROVER)
    claim = support.submitted(support.attend(support.meeting(user, hours=2), person), user)
    assert not user.has_perm("payments.check_claim", claim)
    services.check_claim(claim, actor=UserFactory(roles=[Role.OFFICER]))
    claim.refresh_from_db()
    sign_in(client, user)
    response = client.post(reverse("payments_manage:claim_approve", args=[claim.pk]))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED


def test_the_claims_list_shows_each_claims_person_meeting_and_total(
    client, claim_pair, finance_approver, django_assert_max_num_queries
):
    claim, user = claim_pair
    support.submitted(claim, user)
    claim.refresh_from_db()
    sign_in(client, finance_approver)
    with django_assert_max_num_queries(7):
        listing = client.get(reverse("payments_manage:claims")).content.decode()
    assert reverse("payments_manage:claim", args=[claim.pk]) in listing
    assert escape(claim.person.full_name) in listing
    assert escape(claim.meeting.title) in listing
    assert f"£{claim.total:,.2f}" in listing


def test_the_claims_lists_totals_are_shared_and_follow_each_claims_move(client, claim_pair, finance_approver):
    claim, user = claim_pair
    support.checked(claim, user)
    sign_in(client, finance_approver)
    checked = reverse("payments_manage:claims") + f"?status={ClaimStatus.CHECKED}"
    approved = reverse("payments_manage:claims") + f"?status={ClaimStatus.APPROVED}"
    assert client.get(checked).context["page"].paginator.count == 1
    assert client.get(approved).context["page"].paginator.count == 0

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as again:
        client.get(checked)
    assert not any('COUNT(*) AS "__count" FROM "payments_claim"' in q["sql"] for q in again.captured_queries)

    services.approve_claim(claim, actor=finance_approver)
    assert client.get(checked).context["page"].paginator.count == 0
    listing = client.get(approved)
    assert listing.context["page"].paginator.count == 1
    assert claim.reference in listing.content.decode()
