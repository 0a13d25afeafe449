"""The dashboard's money figures are pounds and pence, whatever the database does with sums of decimals
(SQLite adds them as floating point), and what waits for a batch is what is still owed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.payments import ledger, selectors, services
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db

PENCE = -2


@pytest.fixture
def awkward_claims(finance_approver):
    # 10.10 + 20.20 + 30.30 is not exact in floating point: the sums must still come back to the penny.
    support.rate_card(meeting_rate="10.10")
    for hours in (1, 2, 3):
        user, person = support.member()
        claim = support.attend(support.meeting(hours=hours, title=f"Meeting {hours}"), person)
        support.approved(claim, user, finance_approver)


def test_ledger_totals_are_in_pence(awkward_claims):
    assert ledger.costs() == Decimal("60.60") and ledger.costs().as_tuple().exponent == PENCE
    (row,) = ledger.costs(by=("cost_centre", "year"))
    assert row["net"].as_tuple().exponent == PENCE
    assert selectors.awaiting_batch_total().as_tuple().exponent == PENCE


def test_the_dashboard_shows_pounds_and_pence(client, finance_approver, awkward_claims):
    sign_in(client, finance_approver)
    page = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "Approved and waiting for a batch: £60.60." in page
    assert "£60.60</td>" in page


def test_waiting_for_a_batch_is_what_is_still_owed(finance_approver, awkward_claims):
    # A paid claim corrected upwards goes back to approved owing only the difference.
    batch = services.create_batch(actor=finance_approver)
    services.mark_batch_paid(batch, batch.created_at.date(), actor=finance_approver)
    claim = batch.claims.order_by("pk").first()
    services.correct_claim(
        claim,
        actor=finance_approver,
        reason="The meeting ran over",
        hours=claim.hours,
        expenses_amount=Decimal("5.00"),
        payout=claim.payout,
        charity_name="",
        seen=claim.corrections_made,
    )
    assert selectors.awaiting_batch_total() == Decimal("5.00")


def test_the_cost_table_is_shared_until_the_ledger_changes(client, finance_approver, awkward_claims):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, finance_approver)
    client.get(reverse("payments_manage:dashboard"))
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("payments_manage:dashboard"))
    sums = [q["sql"] for q in again.captured_queries if "GROUP BY" in q["sql"] and "ledgerentry" in q["sql"]]
    assert sums == []

    user, person = support.member()
    claim = support.attend(support.meeting(hours=1, title="One more"), person)
    support.approved(claim, user, finance_approver)
    page = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "£70.70</td>" in page
