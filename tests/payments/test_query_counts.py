"""Payments list pages cost the same number of queries however many claims they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.payments import services
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from . import support

pytestmark = pytest.mark.django_db


def approved_claims(count, finance):
    members = []
    for number in range(count):
        user, person = support.member(account_name=f"Member {number}")
        services.save_bank_details(
            person, actor=user, account_name="X", sort_code="309430", account_number=f"{number:08d}"
        )
        claim = support.attend(support.meeting(title=f"Meeting {number}"), person)
        support.approved(claim, user, finance)
        members.append(user)
    return members


@pytest.mark.parametrize("count", [2, 12])
def test_claims_list_and_dashboard(client, finance_approver, count):
    support.rate_card()
    approved_claims(count, finance_approver)
    sign_in(client, finance_approver)
    response = assert_page_queries(client, reverse("payments_manage:claims"), "payments_manage:claims")
    assert len(response.context["page"].object_list) == count
    assert_page_queries(client, reverse("payments_manage:dashboard"), "payments_manage:dashboard")


def test_batch_page_costs_the_same_with_2_or_12_claims(client, finance_approver):
    def queries_for_batch(count):
        approved_claims(count, finance_approver)
        batch = services.create_batch(actor=finance_approver)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("payments_manage:batch", args=[batch.pk]))
        assert len(response.context["claims"]) == count
        return len(queries.captured_queries)

    support.rate_card()
    sign_in(client, finance_approver)
    assert queries_for_batch(2) == queries_for_batch(12)


@pytest.mark.parametrize("count", [1, 8])
def test_member_home_and_statement(client, count):
    support.rate_card()
    user, person = support.member()
    for number in range(count):
        support.attend(support.meeting(title=f"Meeting {number}"), person)
    sign_in(client, user)
    response = assert_page_queries(client, reverse("payments:home"), "payments:home")
    assert len(response.context["claims"]) == count
    assert_page_queries(client, reverse("payments:statement"), "payments:statement")


def test_the_api_claims_list_costs_the_same_with_2_or_8_claims_and_shows_what_one_claim_shows(
    finance_approver,
):
    from decimal import Decimal

    from rest_framework.test import APIClient

    from coproduce.payments.models import ExpenseLine

    support.rate_card()
    client = APIClient()
    client.force_authenticate(finance_approver)

    def listed(count):
        for number in range(count):
            user, person = support.member(account_name=f"Payee {count}-{number}")
            claim = support.attend(support.meeting(title=f"Meeting {count}-{number}"), person)
            services.add_expense(
                claim,
                line=ExpenseLine(kind="public_transport", description="Bus", amount=Decimal("4.60")),
                actor=user,
            )
            support.approved(claim, user, finance_approver)
        client.get("/api/payments/claims/")  # what the first request reads once and shares
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/payments/claims/")
        assert response.status_code == 200
        return response.json()["results"], len(queries.captured_queries)

    few, few_queries = listed(2)
    many, many_queries = listed(6)
    assert len(few) == 2 and len(many) == 8
    assert few_queries == many_queries
    row = many[-1]
    assert row["person_name"].startswith("Payee") and row["meeting_title"].startswith("Meeting")
    assert [line["description"] for line in row["expenses"]] == ["Bus"]
    # The list's leaner query gives each claim exactly as the claim's own endpoint (whole claims) gives it.
    assert client.get(f"/api/payments/claims/{row['id']}/").json() == row
