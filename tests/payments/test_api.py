"""Payments through the API: the rate card, own claims only for members, expenses with the pages' checks,
the approval steps once only, and batches for finance approvers."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from coproduce.payments.choices import ClaimStatus
from coproduce.payments.models import Claim, ExpenseLine

from . import support

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"x" * 40


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def claim_and_user():
    support.rate_card()
    user, person = support.member()
    return support.attend(support.meeting(hours=2), person), user


def test_anyone_signed_in_reads_the_rate_card(member):
    support.rate_card()
    body = api(member).get("/api/payments/rates/").json()
    assert {row["activity"] for row in body["activities"]} == {"meeting", "half_day"}
    assert body["activities"][0]["amount"] in {"20.00", "75.00"}
    assert APIClient().get("/api/payments/rates/").status_code in (401, 403)


def test_a_member_lists_only_their_own_claims(claim_and_user):
    claim, user = claim_and_user
    other_user, other = support.member(account_name="Someone Else")
    other_claim = support.attend(support.meeting(title="Other"), other)
    body = api(user).get("/api/payments/claims/").json()
    assert [row["id"] for row in body["results"]] == [claim.pk]
    assert body["results"][0]["time_amount"] == "40.00"
    assert api(user).get(f"/api/payments/claims/{other_claim.pk}/").status_code == 404
    assert api(user).post(f"/api/payments/claims/{other_claim.pk}/submit/").status_code == 404


def test_the_approval_steps_through_the_api(claim_and_user, finance_approver):
    claim, user = claim_and_user
    assert api(user).post(f"/api/payments/claims/{claim.pk}/submit/").json()["status"] == "submitted"
    assert api(user).post(f"/api/payments/claims/{claim.pk}/check/").status_code == 404
    organiser = claim.meeting.organiser
    assert api(organiser).post(f"/api/payments/claims/{claim.pk}/check/").json()["status"] == "checked"
    assert api(organiser).post(f"/api/payments/claims/{claim.pk}/approve/").status_code == 404
    finance = api(finance_approver)
    assert finance.post(f"/api/payments/claims/{claim.pk}/approve/").json()["status"] == "approved"
    again = finance.post(f"/api/payments/claims/{claim.pk}/approve/")
    assert again.status_code == 400 and "already been approved" in again.json()["detail"]


def test_a_query_needs_a_message(claim_and_user):
    claim, user = claim_and_user
    support.submitted(claim, user)
    organiser = api(claim.meeting.organiser)
    assert organiser.post(f"/api/payments/claims/{claim.pk}/query/", {}).status_code == 400
    response = organiser.post(f"/api/payments/claims/{claim.pk}/query/", {"message": "Hours?"})
    assert response.json()["status"] == "queried"


def test_batches_for_finance_only(claim_and_user, finance_approver, officer):
    claim, user = claim_and_user
    support.approved(claim, user, finance_approver)
    assert api(officer).get("/api/payments/batches/").status_code == 403
    finance = api(finance_approver)
    batch = finance.post("/api/payments/batches/").json()
    assert batch["claims"] == [claim.pk]
    assert finance.post("/api/payments/batches/").status_code == 400
    response = finance.post(f"/api/payments/batches/{batch['id']}/paid/", {"paid_on": "not a date"})
    assert response.status_code == 400
    paid = finance.post(
        f"/api/payments/batches/{batch['id']}/paid/", {"paid_on": datetime.date.today().isoformat()}
    )
    assert paid.json()["paid_on"] == datetime.date.today().isoformat()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID


def test_a_member_adds_expenses_through_the_api_with_the_pages_checks(claim_and_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    claim, user = claim_and_user
    url = f"/api/payments/claims/{claim.pk}/expenses/"
    mileage = {"kind": "mileage", "vehicle": "car", "from_place": "Sloeby", "to_place": "County Hall"}
    body = api(user).post(url, {**mileage, "miles": "10", "passengers": 1}, format="json").json()
    assert body["expenses_amount"] == "5.00"  # 10 × £0.45 + 10 × 1 × £0.05
    fare = {"kind": "public_transport", "amount": "3.20", "receipt": SimpleUploadedFile("r.pdf", PDF)}
    body = api(user).post(url, fare, format="multipart").json()
    assert body["expenses_amount"] == "8.20" and len(body["expenses"]) == 2

    refused = api(user).post(url, {**mileage, "miles": "500"}, format="json")
    assert refused.status_code == 400 and "200 or fewer" in refused.json()["miles"][0]
    fake = {"kind": "meal", "amount": "8", "receipt": SimpleUploadedFile("r.pdf", b"not a pdf")}
    refused = api(user).post(url, fake, format="multipart")
    assert refused.status_code == 400 and "receipt" in refused.json()
    assert api(user).post(url, {"kind": "taxi", "amount": "-1"}, format="json").status_code == 400
    assert ExpenseLine.objects.count() == 2


def test_expenses_through_the_api_only_on_ones_own_unsent_claim(claim_and_user):
    claim, user = claim_and_user
    url = f"/api/payments/claims/{claim.pk}/expenses/"
    fare = {"kind": "mileage", "vehicle": "car", "from_place": "A", "to_place": "B", "miles": "2"}
    other_user, _ = support.member(account_name="Someone Else")
    assert api(other_user).post(url, fare, format="json").status_code == 404
    support.submitted(claim, user)
    sent = api(user).post(url, fare, format="json")
    assert sent.status_code == 400 and "not been sent" in sent.json()["detail"]
    assert not ExpenseLine.objects.exists()
