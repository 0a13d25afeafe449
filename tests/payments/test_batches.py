"""Approved claims are gathered into a batch, exported as three files with a fixed column layout, and marked
paid once; each claim stores its days from submission to payment for the dashboard's figures."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.payments import exports, ledger, selectors, services
from coproduce.payments.choices import ClaimStatus, ExpenseKind, LedgerAccount, Movement, PaymentMethod
from coproduce.payments.models import BankDetails, Claim, ExpenseLine, LedgerEntry
from coproduce.people.models import Person
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db


def approved_claim(finance, method=PaymentMethod.BANK, *, hours=2, **answers):
    user, person = support.member(method, **answers)
    if method in (PaymentMethod.BANK, PaymentMethod.REDUCE):
        services.save_bank_details(
            person, actor=user, account_name="J Joiner", sort_code="309430", account_number="00733445"
        )
    return support.approved(support.attend(support.meeting(hours=hours), person), user, finance)


@pytest.fixture
def rates():
    support.rate_card()


def test_a_batch_gathers_approved_claims_only(rates, finance_approver):
    claim = approved_claim(finance_approver)
    user, person = support.member()
    draft = support.attend(support.meeting(title="Other"), person)
    batch = services.create_batch(actor=finance_approver)
    assert list(batch.claims.all()) == [claim]
    draft.refresh_from_db()
    assert draft.batch is None
    with pytest.raises(services.PaymentError, match="no approved claims"):
        services.create_batch(actor=finance_approver)


def test_exports_have_the_documented_columns_and_split_by_payout(rates, finance_approver):
    bank = approved_claim(finance_approver, full_name="Bank Person")
    voucher = approved_claim(finance_approver, PaymentMethod.VOUCHER, full_name="Voucher Person")
    donation = approved_claim(finance_approver, PaymentMethod.DONATE, full_name="Donor Person")
    batch = services.create_batch(actor=finance_approver)
    claims = selectors.batch_claims(batch)
    bank_rows = list(exports.rows("bank", claims))
    assert bank_rows[0] == [
        "Payee reference",
        "Sort code",
        "Account number",
        "Amount",
        "Reference",
        "Cost centre",
    ]
    assert bank_rows[1:] == [
        [f"CP{bank.person_id:07d}", "309430", "00733445", Decimal("40.00"), bank.reference, "COPROD01"]
    ]
    voucher_rows = list(exports.rows("vouchers", claims))
    assert [row[4] for row in voucher_rows[1:]] == [voucher.reference]
    donation_rows = list(exports.rows("donations", claims))
    assert donation_rows[1][1] == "Wyvern Hospice" and donation_rows[1][3] == donation.reference


def test_marking_paid_stores_days_to_payment_and_writes_payments(rates, finance_approver):
    claim = approved_claim(finance_approver)
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=9))
    batch = services.create_batch(actor=finance_approver)
    with pytest.raises(services.PaymentError, match="future"):
        services.mark_batch_paid(
            batch, timezone.localdate() + datetime.timedelta(days=1), actor=finance_approver
        )
    assert services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver) == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.days_to_payment == 9
    assert ledger.balance(LedgerAccount.OWED) == Decimal("0.00")
    assert ledger.balance(LedgerAccount.PAID_BANK) == Decimal("-40.00")
    with pytest.raises(services.PaymentError, match="already been marked"):
        services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver)
    assert LedgerEntry.objects.filter(movement=Movement.PAYMENT).count() == 2


def test_time_to_payment_median_and_90th_percentile(rates, finance_approver):
    for days in (1, 2, 3, 4, 5, 6, 7, 8, 9, 30):
        claim = approved_claim(finance_approver)
        Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days))
    services.mark_batch_paid(
        services.create_batch(actor=finance_approver), timezone.localdate(), actor=finance_approver
    )
    timing = selectors.time_to_payment()
    assert timing == {"count": 10, "median": 5.5, "p90": 9}


def test_time_to_payment_with_an_odd_count_and_repeated_days(rates, finance_approver):
    assert selectors.time_to_payment() == {"count": 0, "median": None, "p90": None}
    for days in (3, 3, 3, 10, 40):
        claim = approved_claim(finance_approver)
        Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=days))
    services.mark_batch_paid(
        services.create_batch(actor=finance_approver), timezone.localdate(), actor=finance_approver
    )
    # The median is the middle figure; the 90th percentile the nearest rank (the 5th of 5).
    assert selectors.time_to_payment() == {"count": 5, "median": 3, "p90": 40}


def test_a_volunteer_gives_bank_details_and_their_expenses_go_in_the_bank_file(
    client, rates, finance_approver
):
    # Volunteers decline payment for their time, but their expenses are paid back by bank transfer.
    user, person = support.member(full_name="Val Volunteer")
    services.save_bank_details(
        person, actor=user, account_name="V Volunteer", sort_code="309430", account_number="00112233"
    )
    sign_in(client, user)
    client.post(reverse("payments:choice"), {"method": PaymentMethod.DECLINE})
    assert BankDetails.objects.filter(person=person).exists(), "a volunteer keeps their bank details"
    home = client.get(reverse("payments:home")).content.decode()
    assert reverse("payments:bank") in home
    claim = services.start_claim(person, _attended(person), actor=user)
    services.add_expense(
        claim,
        line=ExpenseLine(kind=ExpenseKind.PUBLIC_TRANSPORT, description="Bus", amount=Decimal("4.60")),
        actor=user,
    )
    support.approved(claim, user, finance_approver)
    batch = services.create_batch(actor=finance_approver)
    bank_rows = list(exports.rows("bank", selectors.batch_claims(batch)))
    assert bank_rows[1][:4] == [f"CP{person.pk:07d}", "309430", "00112233", Decimal("4.60")]


def test_a_volunteer_without_an_account_is_asked_for_one(client, rates):
    user, person = support.member(PaymentMethod.DECLINE, bank_details=False)
    sign_in(client, user)
    home = client.get(reverse("payments:home")).content.decode()
    assert "needed to pay your expenses back" in home and reverse("payments:bank") in home
    response = client.post(
        reverse("payments:bank"),
        {"account_name": "V Volunteer", "sort_code": "309430", "account_number": "00112233"},
    )
    assert (
        response.status_code == 302 and BankDetails.objects.get(person=person).account_number_ending == "2233"
    )


def test_a_voucher_or_donation_choice_forgets_the_bank_details(rates):
    user, person = support.member(PaymentMethod.DECLINE)
    services.save_bank_details(
        person, actor=user, account_name="V", sort_code="309430", account_number="00112233"
    )
    services.save_payment_choice(person, actor=user, method=PaymentMethod.VOUCHER)
    assert not BankDetails.objects.filter(person=person).exists()
    with pytest.raises(services.PaymentError, match="only kept"):
        services.save_bank_details(
            person, actor=user, account_name="V", sort_code="309430", account_number="00112233"
        )


def _attended(person):
    the_meeting = support.meeting(title="Respite review")
    support.attend(the_meeting, person)
    return the_meeting


# --- Never owe money we cannot pay (issue 19) ---------------------------------------------------------------


def _unpayable_claim(finance, **answers):
    user, person = support.member(bank_details=False, **answers)
    return support.approved(support.attend(support.meeting(title="No account"), person), user, finance), user


def test_a_claim_without_bank_details_stays_out_of_the_batch(rates, finance_approver):
    payable = approved_claim(finance_approver)
    waiting, _ = _unpayable_claim(finance_approver)
    assert {c.pk: c.cannot_pay for c in selectors.waiting_for_batch()} == {
        payable.pk: False,
        waiting.pk: True,
    }
    batch = services.create_batch(actor=finance_approver)
    assert list(batch.claims.all()) == [payable]
    with pytest.raises(services.PaymentError, match="waiting for bank details"):
        services.create_batch(actor=finance_approver)
    with pytest.raises(services.PaymentError, match="waiting for bank details"):
        services.create_batch(actor=finance_approver, claim_ids=[waiting.pk])


def test_finance_chooses_which_approved_claims_go_in(client, rates, finance_approver):
    first = approved_claim(finance_approver)
    second = approved_claim(finance_approver)
    waiting, _ = _unpayable_claim(finance_approver)
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:batches")).content.decode()
    assert f'value="{first.pk}"' in page and f'value="{waiting.pk}"' not in page
    assert "Waiting for bank details" in page
    response = client.post(reverse("payments_manage:batches"), {"claims": [str(second.pk), str(waiting.pk)]})
    batch = Claim.objects.get(pk=second.pk).batch
    assert response.status_code == 302 and list(batch.claims.all()) == [second]
    first.refresh_from_db()
    assert first.batch is None


def test_a_batch_with_an_unpayable_line_cannot_be_marked_paid_or_exported_with_it(
    client, rates, finance_approver
):
    payable = approved_claim(finance_approver)
    waiting, user = _unpayable_claim(finance_approver)
    batch = services.create_batch(actor=finance_approver)
    # A batch made before this rule (or whose person's details were removed since) holds the claim.
    Claim.objects.filter(pk=waiting.pk).update(batch=batch)
    rows = list(exports.rows("bank", selectors.batch_claims(batch)))
    assert [row[4] for row in rows[1:]] == [payable.reference]
    assert not any("MISSING" in str(cell) for row in rows for cell in row)
    with pytest.raises(services.PaymentError, match=waiting.reference):
        services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver)
    batch.refresh_from_db()
    assert batch.paid_on is None and not LedgerEntry.objects.filter(movement=Movement.PAYMENT).exists()
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:batch", args=[batch.pk])).content.decode()
    assert "cannot be paid yet" in page
    client.post(reverse("payments_manage:take_out_of_batch", args=[batch.pk, waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.batch is None and waiting.status == ClaimStatus.APPROVED
    assert services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver) == 1
    paid_people = set(
        LedgerEntry.objects.filter(movement=Movement.PAYMENT).values_list("person_id", flat=True)
    )
    assert paid_people == {payable.person_id}
    # Once the person gives their details, the claim goes in the next batch and is paid.
    support.add_bank_details(waiting.person, user)
    assert list(services.create_batch(actor=finance_approver).claims.all()) == [waiting]


def test_the_api_refuses_the_same_way(rates, finance_approver):
    from rest_framework.test import APIClient

    waiting, _ = _unpayable_claim(finance_approver)
    payable = approved_claim(finance_approver)
    api = APIClient()
    api.force_authenticate(finance_approver)
    refused = api.post("/api/payments/batches/", {"claims": [waiting.pk]}, format="json")
    assert refused.status_code == 400 and "bank details" in str(refused.json())
    made = api.post("/api/payments/batches/", {"claims": [payable.pk]}, format="json").json()
    assert made["claims"] == [payable.pk]
    Claim.objects.filter(pk=waiting.pk).update(batch_id=made["id"])
    paid = api.post(
        f"/api/payments/batches/{made['id']}/paid/", {"paid_on": timezone.localdate().isoformat()}
    )
    assert paid.status_code == 400 and waiting.reference in str(paid.json())


@pytest.mark.parametrize(
    ("sort_code", "account_number", "stored"),
    [("12-34-56", "1234 5678", ("123456", "12345678")), ("12 34 56", "123456", ("123456", "00123456"))],
)
def test_bank_details_are_stored_normalised(rates, sort_code, account_number, stored):
    user, person = support.member(bank_details=False)
    services.save_bank_details(
        person, actor=user, account_name="  Jo   Joiner ", sort_code=sort_code, account_number=account_number
    )
    clear = BankDetails.objects.get(person=person).reveal()
    assert (clear.sort_code, clear.account_number, clear.account_name) == (*stored, "Jo Joiner")


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("sort_code", {"sort_code": "12345"}, "sort code of 6 digits"),
        ("account_number", {"account_number": "12ab5678"}, "account number of 8 digits"),
        ("account_name", {"account_name": "  "}, "name on the account"),
    ],
)
def test_bad_bank_details_are_refused_by_the_field(client, rates, field, values, message):
    user, person = support.member(bank_details=False)
    typed = {"account_name": "Jo Joiner", "sort_code": "123456", "account_number": "12345678", **values}
    with pytest.raises(services.PaymentError, match=message) as refused:
        services.save_bank_details(person, actor=user, **typed)
    assert refused.value.field == field
    sign_in(client, user)
    response = client.post(reverse("payments:bank"), typed)
    assert response.status_code == 200 and message in response.content.decode().lower()
    assert f'value="{typed["account_number"]}"' in response.content.decode()
    assert not BankDetails.objects.filter(person=person).exists()


def test_finance_sees_who_cannot_be_paid_before_it_bites(client, rates, finance_approver):
    from coproduce.core.work import queues_for

    user, person = support.member(bank_details=False, full_name="Nia Noaccount", phone="01632 960 001")
    person.preferred_contact = "phone"
    person.save()
    claim = support.checked(support.attend(support.meeting(), person), user)
    queue = next(q for q in queues_for(finance_approver) if "cannot pay yet" in q["label"])
    assert queue["count"] == 1
    sign_in(client, finance_approver)
    listing = client.get(reverse("payments_manage:cannot_pay")).content.decode()
    assert "Nia Noaccount" in listing and "Prefers phone call" in listing and "01632 960 001" in listing
    approval = client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    assert "we hold no bank details for Nia Noaccount" in approval
    support.add_bank_details(person, user)
    assert (
        "we hold no bank details"
        not in client.get(reverse("payments_manage:claim", args=[claim.pk])).content.decode()
    )
    assert next(q for q in queues_for(finance_approver) if "cannot pay yet" in q["label"])["count"] == 0


def test_a_voucher_for_someone_with_no_email_never_goes_into_a_batch(client, rates, finance_approver):
    # The voucher file gives the finance system an email address to send each e-voucher to: without one
    # the voucher cannot be delivered, so the claim waits as a bank transfer without bank details does.
    payable = approved_claim(finance_approver, PaymentMethod.VOUCHER)
    waiting = approved_claim(finance_approver, PaymentMethod.VOUCHER, email="")
    assert {c.pk: c.cannot_pay for c in selectors.waiting_for_batch()} == {
        payable.pk: False,
        waiting.pk: True,
    }
    assert selectors.missing_payment_details(waiting.person) == selectors.MissingPaymentDetails(
        voucher_email=True, owed=True
    )
    assert list(selectors.people_we_cannot_pay()) == [waiting.person]
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:batches")).content.decode()
    assert f'value="{payable.pk}"' in page and f'value="{waiting.pk}"' not in page
    assert "Waiting for an email address" in page
    batch = services.create_batch(actor=finance_approver, claim_ids=[payable.pk, waiting.pk])
    assert list(batch.claims.all()) == [payable]
    # Held in a batch made before the rule: never a line of the file, and the batch cannot be marked paid.
    Claim.objects.filter(pk=waiting.pk).update(batch=batch)
    rows = list(exports.rows("vouchers", selectors.batch_claims(batch)))
    assert [row[4] for row in rows[1:]] == [payable.reference]
    with pytest.raises(services.PaymentError, match=waiting.reference):
        services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver)
    # Once the person gives an email address the claim can be paid.
    Person.objects.filter(pk=waiting.person_id).update(email="v@example.test")
    assert not selectors.unpayable_claims_in(batch).exists()


def test_the_shared_count_of_people_we_cannot_pay_follows_an_email_given_for_vouchers(
    rates, finance_approver
):
    from coproduce.core.work import queues_for

    def cannot_pay() -> int:
        return next(q for q in queues_for(finance_approver) if "cannot pay yet" in q["label"])["count"]

    waiting = approved_claim(finance_approver, PaymentMethod.VOUCHER, email="")
    assert cannot_pay() == 1
    person = Person.objects.get(pk=waiting.person_id)
    person.email = "v@example.test"
    person.save()
    assert cannot_pay() == 0
