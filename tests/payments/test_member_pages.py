"""A member's payment pages: choice and bank details (masked), their claims with expenses and receipts,
benefits warnings before approval, the statement (page and CSV) and the benefits letter. A member can never
reach another person's claim or receipt by changing an id."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.payments import services
from coproduce.payments.choices import ClaimStatus, PaymentMethod
from coproduce.payments.models import BankDetails, ExpenseLine, PaymentChoice
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n" + b"x" * 40


@pytest.fixture
def claimant(client):
    support.rate_card()
    user, person = support.member()
    claim = support.attend(support.meeting(hours=2), person)
    sign_in(client, user)
    return user, person, claim


def expense_post(client, claim, **data):
    return client.post(reverse("payments:add_expense", args=[claim.pk]), data)


def test_home_lists_claims_and_masks_the_bank_account(client, claimant):
    user, person, claim = claimant
    services.save_bank_details(
        person, actor=user, account_name="M Member", sort_code="309430", account_number="00733445"
    )
    response = client.get(reverse("payments:home"))
    text = response.content.decode()
    assert claim.reference in text and "••••3445" in text
    assert "00733445" not in text and "309430" not in text


def test_choosing_donation_needs_a_charity_and_keeps_what_was_typed(client, claimant):
    url = reverse("payments:choice")
    response = client.post(url, {"method": "donate", "charity_name": "", "reduce_to": "abc"})
    assert response.status_code == 200
    assert "Enter the name of the charity" in response.content.decode()
    client.post(url, {"method": "donate", "charity_name": "Wyvern Hospice"})
    assert PaymentChoice.objects.get(person=claimant[1]).charity_name == "Wyvern Hospice"


def test_choosing_not_to_be_paid_by_bank_forgets_the_bank_details(client, claimant):
    user, person, _ = claimant
    services.save_bank_details(
        person, actor=user, account_name="M", sort_code="309430", account_number="12345678"
    )
    client.post(reverse("payments:choice"), {"method": "voucher"})
    assert not BankDetails.objects.filter(person=person).exists()


def test_adding_mileage_works_out_the_amount_at_the_dated_rate(client, claimant):
    claim = claimant[2]
    response = expense_post(
        client,
        claim,
        kind="mileage",
        vehicle="car",
        from_place="Wyvernbridge",
        to_place="County Hall",
        miles="10",
        passengers="1",
    )
    assert response.status_code == 302
    line = ExpenseLine.objects.get()
    assert line.amount == Decimal("5.00")  # 10 × £0.45 + 10 × 1 × £0.05
    claim.refresh_from_db()
    assert claim.expenses_amount == Decimal("5.00")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "public_transport", "amount": "-4"}, "Amount must be more than £0"),
        ({"kind": "public_transport", "amount": "100000"}, "Amount must be £99999.99 or less"),
        ({"kind": "public_transport", "amount": "260"}, "£250.00 or less"),
        ({"kind": "meal", "amount": "12.00"}, "£10.00 or less"),
        ({"kind": "public_transport", "amount": "4.555"}, "Amount must be in pounds and pence"),
        ({"kind": "public_transport", "amount": "four"}, "Amount must be an amount of money, like 12.50"),
        ({"kind": "taxi", "amount": "12.00"}, "why a taxi was needed"),
        (
            {"kind": "mileage", "vehicle": "car", "from_place": "A", "to_place": "B", "miles": "500"},
            "200 or fewer",
        ),
        (
            {"kind": "mileage", "vehicle": "car", "from_place": "A", "to_place": "B", "miles": "-3"},
            "more than 0",
        ),
        ({"kind": "mileage", "from_place": "A", "to_place": "B", "miles": "3"}, "Select the vehicle"),
        ({"kind": "care"}, "Enter the amount"),
    ],
)
def test_bad_expenses_are_refused_with_a_clear_message(client, claimant, data, message):
    response = expense_post(client, claimant[2], **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExpenseLine.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("receipt.exe", b"MZ" + b"\x00" * 30, "photo (JPEG, PNG or GIF) or a PDF"),
        ("receipt.pdf", b"not a pdf at all", "not a real PDF file"),
        ("receipt.png", b"", "empty"),
    ],
)
def test_a_receipt_that_is_not_an_image_or_pdf_is_refused(client, claimant, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = expense_post(client, claimant[2], kind="public_transport", amount="4.20", receipt=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExpenseLine.objects.exists()


def test_a_receipt_is_stored_and_served_as_an_attachment_to_the_claimant(
    client, claimant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    claim = claimant[2]
    expense_post(
        client,
        claim,
        kind="public_transport",
        amount="4.20",
        receipt=SimpleUploadedFile("bus.png", PNG, content_type="text/html"),
    )
    line = ExpenseLine.objects.get()
    assert line.receipt_content_type == "image/png"
    response = client.get(reverse("payments:receipt", args=[line.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG
    assert AuditEvent.objects.filter(verb="payments.receipt_viewed").exists()


def test_a_member_cannot_reach_another_persons_claim_or_receipt(client, claimant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other_user, other = support.member(account_name="Other Person")
    other_claim = support.attend(support.meeting(title="Elsewhere"), other)
    services.add_expense(
        other_claim,
        line=ExpenseLine(
            kind="public_transport",
            amount=Decimal("3.00"),
            receipt=SimpleUploadedFile("r.pdf", PDF),
            receipt_content_type="application/pdf",
        ),
        actor=other_user,
    )
    line = ExpenseLine.objects.get()
    for url in (
        reverse("payments:claim", args=[other_claim.pk]),
        reverse("payments:add_expense", args=[other_claim.pk]),
        reverse("payments:receipt", args=[line.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("payments:remove_expense", args=[other_claim.pk, line.pk])).status_code == 404
    assert client.post(reverse("payments:claim_submit", args=[other_claim.pk])).status_code == 404
    other_claim.refresh_from_db()
    assert other_claim.status == ClaimStatus.DRAFT and ExpenseLine.objects.count() == 1


def test_sending_a_claim_and_then_it_cannot_be_changed(client, claimant):
    claim = claimant[2]
    response = client.post(reverse("payments:claim_submit", args=[claim.pk]), follow=True)
    assert "Your claim has been sent" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    response = expense_post(
        client, claim, kind="public_transport", amount="2.00", receipt=SimpleUploadedFile("r.pdf", PDF)
    )
    assert "has not been sent" in response.content.decode()


def test_the_claim_page_warns_before_approval_and_offers_the_choices(client):
    support.rate_card()
    support.weekly_limit("30.00")
    user, person = support.member(limit_code="permitted-work-lower")
    claim = support.attend(support.meeting(hours=2), person)
    sign_in(client, user)
    text = client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "over the Permitted work lower limit" in text and "independent benefits advice" in text
    # The choices speak to the member, not as staff records, and nobody asks them how they were asked.
    assert "Pay me in full: I understand it takes me over my limit" in text
    assert "the person chose this" not in text and "How did you ask the person" not in text
    response = client.post(reverse("payments:claim_limit", args=[claim.pk]), {"limit-decision": "deferred"})
    assert (
        response.status_code == 200
        and "Enter the date the payment should count in" in response.content.decode()
    )
    client.post(reverse("payments:claim_limit", args=[claim.pk]), {"limit-decision": "reduced"})
    claim.refresh_from_db()
    assert claim.time_amount == Decimal("30.00")
    page = client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "over the" not in page
    assert "Less than 2.00 hours at the rate (£40.00): reduced by £10.00 so that you stay within" in page
    assert "The payment for your time was reduced so that you stay within your limit" in page


def test_an_expenses_only_claim_for_a_volunteer(client):
    support.rate_card()
    user, person = support.member(PaymentMethod.DECLINE)
    the_meeting = support.meeting(title="Respite review")
    support.attend(the_meeting, person)
    sign_in(client, user)
    url = reverse("payments:start_claim")
    assert the_meeting.title in client.get(url).content.decode()
    assert "Select the meeting" in client.post(url, {}).content.decode()
    assert "Select one of the meetings" in client.post(url, {"meeting": "999999"}).content.decode()
    response = client.post(url, {"meeting": the_meeting.pk})
    assert response.status_code == 302
    assert the_meeting.title not in client.get(url).content.decode()


def test_statement_page_and_csv_for_a_period(client, claimant, finance_approver):
    user, person, claim = claimant
    support.approved(claim, user, finance_approver)
    services.mark_batch_paid(
        services.create_batch(actor=finance_approver), datetime.date.today(), actor=finance_approver
    )
    today = datetime.date.today()
    start = today - datetime.timedelta(days=30)
    query = {
        "starts_day": start.day,
        "starts_month": start.month,
        "starts_year": start.year,
        "ends_day": today.day,
        "ends_month": today.month,
        "ends_year": today.year,
    }
    page = client.get(reverse("payments:statement"), query).content.decode()
    assert claim.reference in page and "£40.00" in page
    response = client.get(reverse("payments:statement_csv"), query)
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("Claim,Meeting,Date,Status")
    assert f"{claim.reference},Carers' forum" in body and ",Paid," in body
    assert AuditEvent.objects.filter(verb="payments.statement_downloaded").exists()


def test_statement_refuses_a_backwards_period(client, claimant):
    query = {
        "starts_day": "5",
        "starts_month": "6",
        "starts_year": "2026",
        "ends_day": "1",
        "ends_month": "6",
        "ends_year": "2026",
    }
    response = client.get(reverse("payments:statement"), query)
    assert "must be the same as or after" in response.content.decode()
    assert client.get(reverse("payments:statement_csv"), query).status_code == 302


def test_benefits_letter_describes_the_involvement(client, claimant):
    text = client.get(reverse("payments:letter")).content.decode()
    assert "To whom it may concern" in text and "not employment" in text
    assert "Meeting" in text and "£40.00" in text
