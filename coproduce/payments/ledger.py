"""The ledger: every movement of money is a balanced set of append-only entries (debits equal credits).
Totals per person, project, cost centre and year are sums over the entries alone; the programme's totals per
account, cost centre and year are also kept as they are posted (LedgerTotal), for the dashboards."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from coproduce.core import work

from .choices import APPROVING_MOVEMENTS, COST_ACCOUNTS, PAID_ACCOUNT, ClaimStatus, LedgerAccount, Movement
from .models import PENNY, Claim, LedgerEntry, LedgerTotal

ZERO = Decimal("0.00")


def pence(total: Decimal) -> Decimal:
    """A sum of entries to the penny: SQLite adds decimals as floating point (60.6000000000000 for 60.60)."""
    return total.quantize(PENNY)


class UnbalancedMovement(ValueError):
    """Debits and credits of one movement differ: a programming error, never written."""


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def post(
    claim: Claim, movement: str, lines: list[Line], *, actor, reason: str = "", reverses=None, batch=None
):
    """Write one balanced movement for `claim` (call inside the transaction of the change it records)."""
    lines = [line for line in lines if line.debit or line.credit]
    for line in lines:
        if line.debit < 0 or line.credit < 0 or line.debit.quantize(PENNY) != line.debit:
            raise UnbalancedMovement(f"{line} is not a positive amount in pence")
    if not lines or sum(line.debit for line in lines) != sum(line.credit for line in lines):
        raise UnbalancedMovement(f"{movement} for claim {claim.pk} does not balance")
    transaction_id = uuid.uuid4()
    project_id = claim.meeting.project_id
    today = timezone.localdate()
    entries = [
        LedgerEntry(
            transaction=transaction_id,
            movement=movement,
            account=line.account,
            debit=line.debit,
            credit=line.credit,
            person_id=claim.person_id,
            claim=claim,
            project_id=project_id,
            cost_centre=claim.cost_centre,
            posted_on=today,
            reason=reason,
            reverses=reverses,
            batch=batch,
            created_by=actor,
        )
        for line in lines
    ]
    LedgerEntry.objects.bulk_create(entries)
    add_to_totals(entries)
    forget_summaries()
    return transaction_id


def _in_pence(amount: Decimal) -> int:
    return int(amount.quantize(PENNY) * 100)


def add_to_totals(entries) -> None:
    """Add entries just written to the kept totals (inside the posting's transaction). An UPDATE that adds to
    the row, so two postings at once never lose each other's pence; the first entry of an account, cost
    centre and year makes its row, and if another posting made it first, adds to that one."""
    sums: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0])
    for entry in entries:
        key = (entry.account, entry.cost_centre, entry.posted_on.year)
        sums[key][0] += _in_pence(entry.debit)
        sums[key][1] += _in_pence(entry.credit)
    for (account, cost_centre, year), (debit, credit) in sorted(sums.items()):
        row = LedgerTotal.objects.filter(account=account, cost_centre=cost_centre, year=year)
        added = {"debit_pence": F("debit_pence") + debit, "credit_pence": F("credit_pence") + credit}
        if row.update(**added):
            continue
        try:
            with transaction.atomic():
                LedgerTotal.objects.create(
                    account=account,
                    cost_centre=cost_centre,
                    year=year,
                    debit_pence=debit,
                    credit_pence=credit,
                )
        except IntegrityError:
            row.update(**added)


def rebuild_totals() -> None:
    """Make the kept totals again from the entries (after entries are written in bulk, as the demo does)."""
    sums = (
        LedgerEntry.objects.annotate(year=ExtractYear("posted_on"))
        .values("account", "cost_centre", "year")
        .order_by("account", "cost_centre", "year")
        .annotate(debits=Sum("debit"), credits=Sum("credit"))
    )
    with transaction.atomic():
        LedgerTotal.objects.all().delete()
        LedgerTotal.objects.bulk_create(
            LedgerTotal(
                account=row["account"],
                cost_centre=row["cost_centre"],
                year=row["year"],
                debit_pence=_in_pence(row["debits"]),
                credit_pence=_in_pence(row["credits"]),
            )
            for row in sums
        )
    forget_summaries()


def _from_pence(pence_: int) -> Decimal:
    return (Decimal(pence_) / 100).quantize(PENNY)


def forget_summaries() -> None:
    """Forget the shared dashboard figures and cost summary now and again once committed, so no reader keeps
    figures from before a posting or a claim's change (called by every write that moves them)."""
    from .work import forget_unclaimed

    keys = [COSTS_CACHE_KEY, DASHBOARD_CACHE_KEY, PROGRAMME_MONEY_CACHE_KEY, *CLAIMS_LISTED_KEYS]
    cache.delete_many(keys)
    forget_unclaimed()
    work.forget_following(Claim)  # claims move by conditional updates, which send no signal
    transaction.on_commit(lambda: cache.delete_many(keys))


def post_approval(claim: Claim, *, actor, movement: str = Movement.APPROVAL, reason: str = ""):
    """The claim's costs, now owed to the person (a correction posts its corrected amount this way)."""
    return post(
        claim,
        movement,
        [
            Line(LedgerAccount.TIME_COSTS, debit=claim.time_amount),
            Line(LedgerAccount.EXPENSE_COSTS, debit=claim.expenses_amount),
            Line(LedgerAccount.OWED, credit=claim.total),
        ],
        actor=actor,
        reason=reason,
    )


def post_payment(claim: Claim, amount: Decimal, *, actor, batch=None):
    """`amount` of what is owed on the claim leaves by its payout (in `batch`)."""
    return post(
        claim,
        Movement.PAYMENT,
        [Line(LedgerAccount.OWED, debit=amount), Line(PAID_ACCOUNT[claim.payout], credit=amount)],
        actor=actor,
        batch=batch,
    )


def post_repayment(claim: Claim, amount: Decimal, *, actor, reason: str):
    """An overpaid person paid `amount` back: it comes back in by the claim's payout and is no longer owed."""
    return post(
        claim,
        Movement.REPAID,
        [Line(PAID_ACCOUNT[claim.payout], debit=amount), Line(LedgerAccount.OWED, credit=amount)],
        actor=actor,
        reason=reason,
    )


def owed(claim: Claim) -> Decimal:
    """What the programme owes the person on this claim (negative: what they owe back), from the entries."""
    return -balance(LedgerAccount.OWED, LedgerEntry.objects.filter(claim=claim)).quantize(PENNY)


def post_reversal(claim: Claim, transaction_id, *, reason: str, actor):
    """Reverse an earlier movement of this claim entry by entry (debits become credits), with a reason."""
    originals = list(LedgerEntry.objects.filter(transaction=transaction_id, claim=claim))
    lines = [Line(entry.account, debit=entry.credit, credit=entry.debit) for entry in originals]
    return post(claim, Movement.CORRECTION, lines, actor=actor, reason=reason, reverses=transaction_id)


def unreversed(claim: Claim, movements) -> list:
    """Ids of the claim's movements of these kinds that no correction has reversed, oldest first."""
    reversed_ids = LedgerEntry.objects.filter(claim=claim, reverses__isnull=False).values("reverses")
    ids = (
        LedgerEntry.objects.filter(claim=claim, movement__in=movements)
        .exclude(transaction__in=reversed_ids)
        .order_by("id")
        .values_list("transaction", flat=True)
    )
    return list(dict.fromkeys(ids))


def unreversed_approval(claim: Claim):
    """The transaction id of the claim's approved amount (first approval or a correction's) that no
    correction has reversed yet, or None."""
    found = unreversed(claim, APPROVING_MOVEMENTS)
    return found[-1] if found else None


COSTS_CACHE_KEY = "payments:costs_by_cost_centre_and_year"
# How many claims the payments office's claims list shows, per status ("" for any): shared, forgotten with the
# figures above by every write that moves a claim.
CLAIMS_LISTED_KEYS = [f"payments:claims_listed:{status}" for status in ("", *ClaimStatus.values)]
COSTS_CACHE_SECONDS = 600
PROGRAMME_MONEY_CACHE_KEY = "payments:programme_money"
# The dashboard's claim figures (counts by status, time to payment, claims needing a correction, what the
# next batch would pay): shared through the cache, forgotten by every write that changes them.
DASHBOARD_CACHE_KEY = "payments:dashboard_figures"
DASHBOARD_CACHE_SECONDS = 60  # how stale another worker's copy can be without a shared cache (Redis)


def costs_by_cost_centre_and_year() -> list[dict]:
    """The dashboard's cost table (as `costs(by=("cost_centre", "year"))`), from the kept totals: a few rows
    per year, not every entry. Shared through the cache too, and forgotten by every posting."""
    rows = cache.get(COSTS_CACHE_KEY)
    if rows is None:
        net: dict[tuple[str, int], int] = defaultdict(int)
        for cost_centre, year, debit, credit in LedgerTotal.objects.filter(
            account__in=COST_ACCOUNTS
        ).values_list("cost_centre", "year", "debit_pence", "credit_pence"):
            net[(cost_centre, year)] += debit - credit
        rows = [
            {"cost_centre": cost_centre, "year": year, "net": _from_pence(pence_)}
            for (cost_centre, year), pence_ in sorted(net.items())
        ]
        cache.set(COSTS_CACHE_KEY, rows, COSTS_CACHE_SECONDS)
    return rows


def costs(entries=None, *, by: tuple[str, ...] = ()):
    """Net cost (debits less credits on the cost accounts), grouped by any of person, project, cost_centre
    and year, from the entries alone."""
    entries = LedgerEntry.objects.all() if entries is None else entries
    rows = entries.filter(account__in=COST_ACCOUNTS).annotate(year=ExtractYear("posted_on"))
    if by:
        rows = rows.values(*by).order_by(*by)
    totals = rows.annotate(debits=Sum("debit"), credits=Sum("credit")) if by else None
    if totals is None:
        summed = rows.aggregate(debits=Sum("debit"), credits=Sum("credit"))
        return pence((summed["debits"] or ZERO) - (summed["credits"] or ZERO))
    return [{**{key: row[key] for key in by}, "net": pence(row["debits"] - row["credits"])} for row in totals]


def balance(account: str, entries=None) -> Decimal:
    """Debits less credits on one account."""
    entries = LedgerEntry.objects.all() if entries is None else entries
    summed = entries.filter(account=account).aggregate(debits=Sum("debit"), credits=Sum("credit"))
    return pence((summed["debits"] or ZERO) - (summed["credits"] or ZERO))


def project_money(project_id: int) -> dict[str, Decimal]:
    """Approved (net cost on the cost accounts, corrections included) and paid (net credits on the paid
    accounts) for the claims of one project's meetings, in one aggregate query."""
    on_costs, on_paid = Q(account__in=COST_ACCOUNTS), Q(account__in=PAID_ACCOUNT.values())
    sums = LedgerEntry.objects.filter(project_id=project_id).aggregate(
        cost_debits=Sum("debit", filter=on_costs),
        cost_credits=Sum("credit", filter=on_costs),
        paid_debits=Sum("debit", filter=on_paid),
        paid_credits=Sum("credit", filter=on_paid),
    )
    sums = {key: value or ZERO for key, value in sums.items()}
    return {
        "approved": pence(sums["cost_debits"] - sums["cost_credits"]),
        "paid": pence(sums["paid_credits"] - sums["paid_debits"]),
    }


def programme_money() -> dict[str, Decimal]:
    """Committed (net cost approved, corrections included) and paid, for the whole programme: shared through
    the cache like the cost table, and forgotten on every posting."""
    money = cache.get(PROGRAMME_MONEY_CACHE_KEY)
    if money is None:
        committed = paid = 0
        paid_accounts = set(PAID_ACCOUNT.values())
        for account, debit, credit in LedgerTotal.objects.filter(
            account__in=[*COST_ACCOUNTS, *paid_accounts]
        ).values_list("account", "debit_pence", "credit_pence"):
            if account in paid_accounts:
                paid += credit - debit
            else:
                committed += debit - credit
        money = {"committed": _from_pence(committed), "paid": _from_pence(paid)}
        cache.set(PROGRAMME_MONEY_CACHE_KEY, money, COSTS_CACHE_SECONDS)
    return money
