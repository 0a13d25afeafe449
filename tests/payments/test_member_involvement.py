"""The payments part of a member's own page ("Your profile"): nothing for someone who never claimed, what was
paid to them this tax year otherwise, read in one query when they have been paid."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.payments import personal_data, services

from . import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates():
    support.rate_card(meeting_rate="20.00")


def test_someone_who_never_claimed_has_no_payments_part(rates):
    _, person = support.member()
    assert personal_data.involvement(person) is None


def test_a_claim_not_paid_yet_shows_nothing_paid_this_tax_year(rates):
    user, person = support.member()
    support.attend(support.meeting(hours=2), person)
    part = personal_data.involvement(person)
    assert part is not None and part.context["paid_this_tax_year"] == Decimal("0.00")


def test_money_paid_this_tax_year_is_shown_from_one_query(rates, finance_approver):
    user, person = support.member()
    services.save_bank_details(
        person, actor=user, account_name="J Joiner", sort_code="309430", account_number="00733445"
    )
    claim = support.approved(support.attend(support.meeting(hours=2), person), user, finance_approver)
    batch = services.create_batch(actor=finance_approver)
    services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver)
    claim.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        part = personal_data.involvement(person)
    assert part.context["paid_this_tax_year"] == claim.total > 0
    assert len(queries) == 1
