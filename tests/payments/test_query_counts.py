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
