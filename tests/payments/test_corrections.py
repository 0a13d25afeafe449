"""Correcting an approved or paid claim: reversing entries for what was posted and entries for the corrected
amount, never an edit; a paid overpayment becomes an amount owed back and an underpayment an amount paid in
the next batch; bad input and a second correction from stale figures are refused; the pages, statement and
API show who corrected what, when and why."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coproduce.audit.models import AuditEvent
from coproduce.payments import exports, ledger, personal_data, selectors, services
from coproduce.payments.choices import ClaimStatus, LedgerAccount, Movement, Payout
from coproduce.payments.models import Claim, Correction, ExpenseLine, LedgerEntry
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def approved_claim(finance_approver):
    """An approved claim: 2 hours at £20 and £10.00 of bus fares, £50.00 in all."""
    support.rate_card()
    user, person = support.member()
    claim = support.attend(support.meeting(hours=2), person)
    services.add_expense(
        claim, line=ExpenseLine(kind="public_transport", amount=Decimal("10.00")), actor=user
    )
    return support.approved(claim, user, finance_approver), user


def paid(claim, finance):
    batch = services.create_batch(actor=finance)
    services.mark_batch_paid(batch, TODAY(), actor=finance)
    claim.refresh_from_db()
    batch.refresh_from_db()
    return claim, batch


def correct(claim, finance, **changes):
    figures = {
        "reason": "Hours were wrong",
        "hours": claim.hours,
        "expenses_amount": claim.expenses_amount,
        "payout": claim.payout,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):  # the emails are queued on commit
        return services.correct_claim(claim, **{**figures, **changes}, actor=finance)


def money(claim):
    return Claim.objects.with_money().get(pk=claim.pk)


def assert_balanced():
    for transaction_id in LedgerEntry.objects.values_list("transaction", flat=True).distinct():
        sums = LedgerEntry.objects.filter(transaction=transaction_id).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        assert sums["d"] == sums["c"]


def test_correcting_an_approved_claim_reverses_the_approval_and_posts_the_corrected_amount(
    approved_claim, finance_approver
):
    claim, _ = approved_claim
    before = set(LedgerEntry.objects.values_list("id", "debit", "credit"))
    correction = correct(claim, finance_approver, hours=Decimal("1.50"), reason="Left at half past eleven")
    claim.refresh_from_db()

    assert set(
        LedgerEntry.objects.filter(id__in=[i for i, *_ in before]).values_list("id", "debit", "credit")
    ) == (before), "nothing posted before is changed"
    reversal = LedgerEntry.objects.filter(movement=Movement.CORRECTION)
    assert {(e.account, e.debit, e.credit) for e in reversal} == {
        (LedgerAccount.OWED, Decimal("50.00"), Decimal("0.00")),
        (LedgerAccount.TIME_COSTS, Decimal("0.00"), Decimal("40.00")),
        (LedgerAccount.EXPENSE_COSTS, Decimal("0.00"), Decimal("10.00")),
    }
    assert {
        e.reason for e in LedgerEntry.objects.filter(movement__in=[Movement.CORRECTION, Movement.CORRECTED])
    } == {"Left at half past eleven"}
    assert claim.status == ClaimStatus.APPROVED and claim.total == Decimal("40.00")
    assert (correction.total_before, correction.total_after, correction.balance_after) == (
        Decimal("50.00"),
        Decimal("40.00"),
        Decimal("40.00"),
    )
    assert ledger.costs() == Decimal("40.00") and ledger.owed(claim) == Decimal("40.00")
    assert_balanced()
    assert AuditEvent.objects.filter(verb="payments.claim_corrected", actor=finance_approver).exists()
    assert "We corrected your claim" in mail.outbox[-1].subject
    assert "Left at half past eleven" in mail.outbox[-1].body


def test_a_paid_overpayment_becomes_an_amount_owed_back_and_can_be_recorded_as_repaid(
    approved_claim, finance_approver
):
    claim, _ = approved_claim
    claim, _ = paid(claim, finance_approver)
    correct(claim, finance_approver, expenses_amount=Decimal("4.60"), reason="The bus fare was £4.60")
    claim = money(claim)

    assert claim.status == ClaimStatus.PAID
    assert claim.owed_back == Decimal("5.40") and claim.amount_paid == Decimal("50.00")
    assert ledger.costs(by=("person",)) == [{"person": claim.person_id, "net": Decimal("44.60")}]
    assert_balanced()
    assert "paid you £5.40 too much" in mail.outbox[-1].body

    assert services.record_repayment(claim, actor=finance_approver) == Decimal("5.40")
    claim = money(claim)
    assert claim.owed_back == 0 and claim.amount_paid == Decimal("44.60")
    with pytest.raises(services.PaymentError, match="Nothing is owed back"):
        services.record_repayment(claim, actor=finance_approver)
    assert_balanced()


def test_a_paid_underpayment_is_paid_in_the_next_batch_and_the_first_batch_still_shows_what_it_paid(
    approved_claim, finance_approver
):
    claim, _ = approved_claim
    claim, first = paid(claim, finance_approver)
    correct(claim, finance_approver, hours=Decimal("3.00"), reason="Stayed for the workshop")
    claim = money(claim)
    assert claim.status == ClaimStatus.APPROVED and claim.batch_id is None
    assert claim.amount_due == Decimal("20.00")

    claim, second = paid(claim, finance_approver)
    assert claim.status == ClaimStatus.PAID and money(claim).amount_due == 0
    assert [(c.pk, c.batch_amount) for c in selectors.batch_claims(first)] == [(claim.pk, Decimal("50.00"))]
    assert [(c.pk, c.batch_amount) for c in selectors.batch_claims(second)] == [(claim.pk, Decimal("20.00"))]
    assert money(claim).amount_paid == Decimal("70.00") == claim.total
    assert_balanced()


def test_correcting_the_payout_of_a_paid_claim_reverses_the_payment_too(approved_claim, finance_approver):
    claim, _ = approved_claim
    claim, first = paid(claim, finance_approver)
    correct(claim, finance_approver, payout=Payout.VOUCHER, reason="They chose a voucher; transfer recalled")
    claim = money(claim)
    assert claim.status == ClaimStatus.APPROVED and claim.payout == Payout.VOUCHER
    assert claim.amount_due == Decimal("50.00") and claim.amount_paid == 0
    assert ledger.balance(LedgerAccount.PAID_BANK) == 0
    assert_balanced()
    [listed] = selectors.batch_claims(first)
    assert (listed.batch_payout, listed.batch_amount) == (Payout.BANK, Decimal("50.00")), "as it was paid"
    assert [row[3] for row in exports.rows("bank", [listed])] == ["Amount", Decimal("50.00")]
    assert list(exports.rows("vouchers", [listed])) == [exports.VOUCHER_COLUMNS]


def test_a_correction_to_nothing_before_payment_withdraws_the_claim(approved_claim, finance_approver):
    claim, _ = approved_claim
    correct(claim, finance_approver, hours=Decimal("0"), expenses_amount=Decimal("0"), reason="Wrong person")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN and ledger.costs() == 0
    assert_balanced()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reason": "  "}, "Enter the reason"),
        ({"reason": "x" * 301}, "300 characters or fewer"),
        ({"expenses_amount": Decimal("-1.00")}, "between £0 and £5,000"),
        ({"expenses_amount": Decimal("5000.01")}, "between £0 and £5,000"),
        ({"hours": Decimal("25")}, "between 0 and 24"),
        ({"hours": Decimal("-1")}, "between 0 and 24"),
        ({"expenses_amount": Decimal("1.001")}, "two decimal places"),
        ({"payout": Payout.DONATION}, "name of the charity"),
        ({"payout": "cash"}, "Choose how the claim is paid"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(approved_claim, finance_approver, changes, message):
    claim, _ = approved_claim
    entries = LedgerEntry.objects.count()
    with pytest.raises(services.PaymentError, match=message):
        correct(claim, finance_approver, **changes)
    assert LedgerEntry.objects.count() == entries and not Correction.objects.exists()


def test_a_claim_still_being_prepared_cannot_be_corrected(finance_approver):
    support.rate_card()
    _, person = support.member()
    claim = support.attend(support.meeting(hours=2), person)
    with pytest.raises(services.PaymentError, match="Only an approved or paid claim"):
        correct(claim, finance_approver)
    assert not LedgerEntry.objects.exists()


def test_a_claim_in_a_batch_sent_to_finance_waits_for_the_batch(approved_claim, finance_approver):
    claim, _ = approved_claim
    batch = services.create_batch(actor=finance_approver)
    services.record_export(batch, "bank", actor=finance_approver)
    claim.refresh_from_db()
    with pytest.raises(services.PaymentError, match="Mark that batch as paid first"):
        correct(claim, finance_approver)


def test_a_correction_from_stale_figures_is_refused(approved_claim, finance_approver):
    claim, _ = approved_claim
    stale = Claim.objects.get(pk=claim.pk)
    correct(claim, finance_approver, hours=Decimal("1.00"))
    with pytest.raises(services.PaymentError, match="Someone corrected this claim a moment ago"):
        correct(stale, finance_approver, hours=Decimal("1.50"))
    assert Correction.objects.count() == 1 and Claim.objects.get(pk=claim.pk).hours == Decimal("1.00")


def test_a_correction_never_pays_over_a_benefit_limit_silently(finance_approver):
    support.rate_card()
    support.weekly_limit("50.00")
    user, person = support.member(limit_code="permitted-work-lower")
    claim = support.approved(support.attend(support.meeting(hours=2), person), user, finance_approver)
    with pytest.raises(services.PaymentError, match="over their Permitted work lower limit"):
        correct(claim, finance_approver, hours=Decimal("3.00"))
    correct(claim, finance_approver, hours=Decimal("3.00"), payout=Payout.VOUCHER)
    assert Claim.objects.get(pk=claim.pk).time_amount == Decimal("60.00")


def test_the_pages_and_the_statement_show_the_correction(client, approved_claim, finance_approver):
    claim, user = approved_claim
    claim, _ = paid(claim, finance_approver)
    sign_in(client, finance_approver)
    url = reverse("payments_manage:claim_amend", args=[claim.pk])
    fields = {"amend-hours": "2", "amend-expenses_amount": "4.60", "amend-payout": "bank", "amend-seen": "0"}
    page = client.post(url, {"amend-reason": "", **fields}).content.decode()
    assert "Enter the reason for the correction" in page and 'value="4.60"' in page
    page = client.post(url, {"amend-reason": "Fare was £4.60", **fields}, follow=True)
    page = page.content.decode()
    assert "Fare was £4.60" in page and "£5.40 to be paid back" in page
    again = client.post(url, {"amend-reason": "Again", **fields}, follow=True)
    assert "Someone corrected this claim a moment ago" in again.content.decode()
    dashboard = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "Recent corrections" in dashboard and "Fare was £4.60" in dashboard

    sign_in(client, user)
    assert "Fare was £4.60" in client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    statement = client.get(reverse("payments:statement")).content.decode()
    assert "Fare was £4.60" in statement and "£5.40" in statement
    csv = b"".join(client.get(reverse("payments:statement_csv")).streaming_content).decode()
    assert "Fare was £4.60 (was £50.00, now £44.60)" in csv and ",50.00,0.00,5.40," in csv


def test_correcting_through_the_api_is_for_approvers_only(approved_claim, finance_approver):
    claim, user = approved_claim
    body = {
        "reason": "Mileage was wrong",
        "hours": "2.00",
        "expenses_amount": "12.00",
        "payout": "bank",
        "seen": 0,
    }
    member = APIClient()
    member.force_authenticate(user)
    assert member.post(f"/api/payments/claims/{claim.pk}/correct/", body).status_code == 404
    finance = APIClient()
    finance.force_authenticate(finance_approver)
    bad = finance.post(f"/api/payments/claims/{claim.pk}/correct/", {**body, "expenses_amount": "-3"})
    assert bad.status_code == 400 and "expenses_amount" in bad.json()
    done = finance.post(f"/api/payments/claims/{claim.pk}/correct/", body).json()
    assert done["total"] == "52.00" and done["corrections"][0]["reason"] == "Mileage was wrong"
    stale = finance.post(f"/api/payments/claims/{claim.pk}/correct/", body)
    assert stale.status_code == 400 and "a moment ago" in stale.json()["detail"]
    assert datetime.date.fromisoformat(done["corrections"][0]["created_at"][:10]) <= TODAY()
    # The list writes its rows from plain values (api.serializers.ValueRows): as the claim's endpoint does.
    [listed] = [
        row for row in finance.get("/api/payments/claims/").json()["results"] if row["id"] == claim.pk
    ]
    assert listed == finance.get(f"/api/payments/claims/{claim.pk}/").json() == done
    assert listed["approved_at"] and listed["corrections"][0]["created_by_name"] == finance_approver.full_name


def test_a_persons_data_download_holds_the_corrections_of_their_claims(approved_claim, finance_approver):
    claim, _ = approved_claim
    correct(claim, finance_approver, expenses_amount=Decimal("4.60"), reason="Fare was £4.60")
    [row] = personal_data.download(claim.person)["claim_corrections"]
    assert (row["claim"], row["reason"], row["total_before"], row["total_after"]) == (
        claim.reference,
        "Fare was £4.60",
        "50.00",
        "44.60",
    )
