"""Payments through the API: the rate card, own claims only for members, the approval steps once only, and
batches for finance approvers."""

import datetime

import pytest
from rest_framework.test import APIClient

from coproduce.payments.choices import ClaimStatus
from coproduce.payments.models import Claim

from . import support

pytestmark = pytest.mark.django_db


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
