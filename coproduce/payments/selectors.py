"""Reads for payments pages: querysets with what each page needs joined in, and the dashboard figures."""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Meeting

from . import ledger
from .choices import PAID_ACCOUNT, ClaimStatus, LedgerAccount, Movement
from .models import Claim, Correction, ExpenseLine, LedgerEntry
from .rules import is_payments_office

ZERO = Decimal("0.00")


def claims_of(person):
    return Claim.objects.with_people().filter(person=person)


def claim_for(user, pk: int, perm: str = "payments.view_claim") -> Claim:
    """The claim if `user` may see it; otherwise 404, so an id reveals nothing."""
    claim = (
        Claim.objects.with_people()
        .with_money()
        .select_related("batch", "rate", "started_on_behalf_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None or not user.has_perm(perm, claim):
        raise Http404("No such claim")
    return claim


def expenses_of(claim: Claim):
    return list(ExpenseLine.objects.filter(claim=claim))


def claims_for_reviewer(user, status: str = ""):
    claims = Claim.objects.with_people().exclude(status=ClaimStatus.WITHDRAWN)
    if not is_payments_office(user):
        claims = claims.filter(meeting__organiser=user)
    if status:
        claims = claims.filter(status=status)
    return claims.order_by("-created_at", "-id")


def meetings_to_claim_for(person):
    """Meetings the person attended and has no claim for yet (for an expenses-only claim)."""
    return (
        Meeting.objects.filter(attendance__person=person, attendance__status=AttendanceStatus.PRESENT)
        .exclude(claims__person=person)
        .order_by("-starts_at")[:50]
    )


def corrections_of(claim: Claim):
    return list(Correction.objects.filter(claim=claim).select_related("created_by"))


def statement(person, starts: datetime.date, ends: datetime.date):
    """The person's claims for meetings in the period, with each claim's status, amounts, what the ledger
    says was paid and is still owed either way, and its corrections (who, when, why)."""
    return list(statement_claims(person, starts, ends))


def statement_claims(person, starts: datetime.date, ends: datetime.date):
    """The queryset behind `statement`, for the CSV download to read in chunks (.iterator)."""
    return (
        claims_of(person)
        .with_money()
        .prefetch_related(Prefetch("corrections", Correction.objects.select_related("created_by")))
        .filter(earnings_date__range=(starts, ends))
        .exclude(status=ClaimStatus.WITHDRAWN, corrections_made=0)
        .order_by("earnings_date", "id")
    )


def statement_totals(claims) -> dict[str, Decimal]:
    """Paid is what went out (from the ledger); time and expenses are the paid claims' current figures."""
    paid = [claim for claim in claims if claim.status == ClaimStatus.PAID]
    return {
        "time": sum((claim.time_amount for claim in paid), ZERO),
        "expenses": sum((claim.expenses_amount for claim in paid), ZERO),
        "paid": sum((claim.amount_paid for claim in claims), ZERO),
        "waiting": sum(
            (still_to_pay(claim) for claim in claims if claim.status != ClaimStatus.WITHDRAWN), ZERO
        ),
        "owed_back": sum((claim.owed_back for claim in claims), ZERO),
        "corrected": sum(claim.corrections_made for claim in claims),
    }


def still_to_pay(claim: Claim) -> Decimal:
    # Before approval nothing is in the ledger yet: the claim's own total is what is waiting.
    if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        return max(ZERO, claim.amount_due)
    return claim.total


def percentile(values: list[int], fraction: float) -> float | None:
    """Nearest-rank percentile (the smallest value with at least `fraction` of the values at or below)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def time_to_payment(days: int = 365) -> dict:
    """Median and 90th percentile of the stored days from submission to payment, for claims paid in the
    last `days` days (one indexed query on paid_on)."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    values = list(
        Claim.objects.filter(paid_on__gte=since, days_to_payment__isnull=False)
        .order_by()
        .values_list("days_to_payment", flat=True)
    )
    return {
        "count": len(values),
        "median": statistics.median(values) if values else None,
        "p90": percentile(values, 0.9),
    }


def dashboard_figures() -> dict:
    """The dashboard's claim figures, read once and shared through the cache until a write forgets them
    (ledger.forget_summaries): the counts by status and time to payment read every claim's index entries,
    which would grow with the programme on every view."""
    figures = cache.get(ledger.DASHBOARD_CACHE_KEY)
    if figures is None:
        figures = {
            "counts": status_counts(),
            "timing": time_to_payment(),
            "corrections": list(needing_correction()[:20]),
            "recent_corrections": list(recent_corrections()),
            "awaiting_batch": awaiting_batch_total(),
        }
        cache.set(ledger.DASHBOARD_CACHE_KEY, figures, ledger.DASHBOARD_CACHE_SECONDS)
    return figures


def status_counts() -> dict[str, int]:
    rows = Claim.objects.values("status").annotate(count=Count("id")).order_by()
    return {row["status"]: row["count"] for row in rows}


def needing_correction():
    return (
        Claim.objects.with_people()
        .filter(attendance_changed_at__isnull=False)
        .order_by("-attendance_changed_at")
    )


def awaiting_batch_total() -> Decimal:
    """What the next batch would pay: still owed, from the entries, on approved claims in no batch (after a
    correction of a paid claim that is the difference, not the claim's total)."""
    # From the few waiting claims to their entries (claim index), not across the whole ledger. The account
    # is tested inside the sums, not in WHERE: there SQLite's planner would prefer the (account, posted_on)
    # index and read every "owed" entry in the ledger (100 ms at scale 25, against 2 ms).
    claims = Claim.objects.filter(status=ClaimStatus.APPROVED, batch__isnull=True).values("pk")
    owed = Q(account=LedgerAccount.OWED)
    summed = LedgerEntry.objects.filter(claim__in=claims).aggregate(
        debits=Sum("debit", filter=owed), credits=Sum("credit", filter=owed)
    )
    return -ledger.pence((summed["debits"] or ZERO) - (summed["credits"] or ZERO))


def batch_claims(batch):
    """The claims of a batch, each with its `batch_amount` and `batch_payout`: for a paid batch what its
    payment entries paid and how (a claim topped up later in another batch, or whose payout was corrected
    since, still shows here as it was paid), otherwise what is owed on the claim now and its payout."""
    paid_here = LedgerEntry.objects.filter(batch=batch, movement=Movement.PAYMENT, account=LedgerAccount.OWED)
    paid_amount = (
        paid_here.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(s=Sum("debit")).values("s")
    )
    claims = Claim.objects.with_people().with_money().select_related("person__bank_details")
    if batch.is_paid:
        claims = claims.filter(Q(batch=batch) | Q(pk__in=paid_here.values("claim")))
        fallback = "ledger_paid"  # payments recorded before payment entries named their batch
    else:
        claims = claims.filter(batch=batch)
        fallback = "ledger_due"
    amount = Coalesce(Subquery(paid_amount), fallback, Value(ZERO))
    paid_by = LedgerEntry.objects.filter(
        batch=batch, movement=Movement.PAYMENT, claim=OuterRef("pk"), account__in=PAID_ACCOUNT.values()
    ).values("account")[:1]
    return claims.annotate(ledger_batch_amount=amount, ledger_batch_account=Subquery(paid_by)).order_by("id")


def recent_corrections(limit: int = 20):
    return Correction.objects.select_related("claim__person", "claim__meeting", "created_by").order_by(
        "-created_at", "-id"
    )[:limit]


def ledger_for_export():
    """Every ledger entry, oldest first (exports.ledger_rows reads it in chunks)."""
    return LedgerEntry.objects.order_by("id")


def ledger_of(claim: Claim):
    return LedgerEntry.objects.filter(claim=claim).select_related("created_by").order_by("id")


def tax_year_start(day: datetime.date) -> datetime.date:
    """The first day of the UK tax year `day` falls in (tax years start on 6 April)."""
    return datetime.date(day.year if day >= datetime.date(day.year, 4, 6) else day.year - 1, 4, 6)


def paid_this_tax_year(person) -> Decimal:
    """What was paid out to `person` (bank, voucher or donation) since the tax year began: the net of the paid
    accounts in the ledger, so a payment reversed by a correction no longer counts."""
    summed = LedgerEntry.objects.filter(
        person=person, account__in=PAID_ACCOUNT.values(), posted_on__gte=tax_year_start(timezone.localdate())
    ).aggregate(credits=Sum("credit"), debits=Sum("debit"))
    return ledger.pence((summed["credits"] or ZERO) - (summed["debits"] or ZERO))
