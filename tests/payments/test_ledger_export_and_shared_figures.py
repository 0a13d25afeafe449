"""The ledger downloads as CSV a chunk at a time (finance only, audited), and the dashboard's shared figures
follow every change to the claims at once."""

import csv
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.payments import exports, selectors
from coproduce.payments.models import LedgerEntry
from tests.conftest import sign_in

from . import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_claims(finance_approver):
    support.rate_card(meeting_rate="10.00")
    claims = []
    for hours in (1, 2, 3):
        user, person = support.member()
        claim = support.attend(support.meeting(hours=hours, title=f"Meeting {hours}"), person)
        support.approved(claim, user, finance_approver)
        claims.append(claim)
    return claims


def download(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_finance_downloads_every_ledger_entry_and_the_download_is_audited(
    client, finance_approver, approved_claims
):
    response = sign_in(client, finance_approver).get(reverse("payments_manage:ledger_export"))
    assert response.status_code == 200 and response.streaming
    rows = download(response)
    assert rows[0] == exports.LEDGER_COLUMNS
    assert [int(row[0]) for row in rows[1:]] == list(
        LedgerEntry.objects.order_by("id").values_list("id", flat=True)
    )
    debits = sum(Decimal(row[5]) for row in rows[1:])
    credits = sum(Decimal(row[6]) for row in rows[1:])
    assert debits == credits > 0  # every movement balances
    assert AuditEvent.objects.filter(verb="payments.ledger_exported", actor=finance_approver).count() == 1


def test_an_officer_cannot_download_the_ledger(client, officer, approved_claims):
    assert sign_in(client, officer).get(reverse("payments_manage:ledger_export")).status_code == 403


def test_the_ledger_is_read_in_chunks_not_all_at_once(approved_claims, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    with CaptureQueriesContext(connection) as queries:
        rows = exports.ledger_rows(selectors.ledger_for_export())
        assert next(rows) == exports.LEDGER_COLUMNS
        next(rows)
        next(rows)
        read_so_far = len(queries.captured_queries)
        rest = list(rows)
    assert len(rest) == LedgerEntry.objects.count() - 2
    # SQLite's iterator fetches chunk by chunk from one query; PostgreSQL uses a server-side cursor.
    assert read_so_far <= 3


def test_streaming_the_ledger_holds_about_one_chunk_in_memory(approved_claims, monkeypatch):
    """Peak memory while writing the CSV does not grow with the number of entries: measured over the same
    entries read again and again (bench/exports.py does this with 500,000 rows)."""
    from coproduce.core.spreadsheets import csv_lines

    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)

    def peak_for(repeats: int) -> int:
        entries = selectors.ledger_for_export()
        tracemalloc.start()
        for _ in range(repeats):
            for _line in csv_lines(exports.ledger_rows(entries)):
                pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(1), peak_for(50)
    assert large < small * 2


def test_the_dashboard_counts_follow_a_claim_moving_on(client, finance_approver, approved_claims):
    sign_in(client, finance_approver)
    first = client.get(reverse("payments_manage:dashboard")).content.decode()
    assert "Approved and waiting for a batch: £60.00." in first
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("payments_manage:dashboard"))
    assert not [q for q in again.captured_queries if "payments_claim" in q["sql"]]  # shared, not recounted

    user, person = support.member()
    claim = support.attend(support.meeting(hours=4, title="Meeting 4"), person)
    support.approved(claim, user, finance_approver)
    assert (
        "Approved and waiting for a batch: £100.00."
        in client.get(reverse("payments_manage:dashboard")).content.decode()
    )
