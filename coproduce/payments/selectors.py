"""Reads for payments pages: querysets with what each page needs joined in, and the dashboard figures."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateField, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coproduce.core.links import link
from coproduce.core.money import format_money
from coproduce.core.prepared import PreparedRows, Slot, adapt_date
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings.models import Attendance, Meeting

from . import ledger
from .choices import (
    EDITABLE_STATUSES,
    PAID_ACCOUNT,
    Activity,
    ClaimStatus,
    LedgerAccount,
    Movement,
    PaymentMethod,
    Payout,
    RateUnit,
)
from .models import (
    PENNY,
    ActivityRate,
    BankDetails,
    BenefitLimit,
    Claim,
    Correction,
    CostCentre,
    ExpenseLine,
    ExpenseRate,
    LedgerEntry,
    PaymentBatch,
    PaymentChoice,
)
from .rules import is_payments_office

ZERO = Decimal("0.00")


def claims_of(person):
    return Claim.objects.with_people().filter(person=person)


_STATUS_TAGS = {ClaimStatus.PAID: "green", ClaimStatus.QUERIED: "orange", ClaimStatus.APPROVED: "blue"}


def claim_rows(claims, *, manage: bool) -> list[dict]:
    """Claims as the rows of a claims table (payments/member/_claim_rows.html), each cell made once here
    rather than by lookups and filters per row in the template (decision 0011). `manage`: rows link to the
    back office's claim page and name the person."""
    labels = dict(ClaimStatus.choices)
    url_name = "payments_manage:claim" if manage else "payments:claim"
    return [
        {
            "id": claim.pk,
            "url": link(url_name, args=(claim.pk,)),
            "reference": claim.reference,
            "person": claim.person.full_name if manage else "",
            "meeting": claim.meeting.title,
            "day": format_date(timezone.localtime(claim.meeting.starts_at), "j F Y"),
            "status": labels.get(claim.status, claim.status),
            "tag": _STATUS_TAGS.get(claim.status, "grey"),
            "total": format_money(claim.total),
        }
        for claim in claims
    ]


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


# What the claims list shows of each claim (its rows template): reading only these, instead of every column
# of the claim, person, meeting, project and body, halves the time the page spends building rows.
CLAIM_LIST_COLUMNS = (
    "status",
    "time_amount",
    "expenses_amount",
    "created_at",
    "person__full_name",
    "meeting__title",
    "meeting__starts_at",
)


def claims_listed_count(user, status: str, claims) -> int:
    """How many `claims` (claims_for_reviewer(user, status)) there are. The payments office sees every
    claim: its counts are shared and forgotten by every write that moves a claim (ledger.forget_summaries),
    so the list does not count every claim ever made on each request."""
    if not is_payments_office(user):
        return claims.count()
    key = f"payments:claims_listed:{status}"
    count = cache.get(key)
    if count is None:
        count = claims.count()
        cache.set(key, count, ledger.COSTS_CACHE_SECONDS)
    return count


def claims_for_reviewer(user, status: str = ""):
    claims = (
        Claim.objects.select_related("person", "meeting")
        .only(*CLAIM_LIST_COLUMNS)
        .exclude(status=ClaimStatus.WITHDRAWN)
    )
    if not is_payments_office(user):
        claims = claims.filter(meeting__organiser=user)
    if status:
        claims = claims.filter(status=status)
    return claims.order_by("-created_at", "-id")


def meetings_to_claim_for(person):
    """Meetings the person attended and has no claim for yet (for an expenses-only claim)."""
    return (
        meetings_selectors.meetings_attended(person)
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


def time_to_payment(days: int = 365) -> dict:
    """Median and 90th percentile of the stored days from submission to payment, for claims paid in the
    last `days` days (one indexed query on paid_on)."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    # Counted per number of days by the database (a few dozen rows) rather than every claim's figure
    # brought into Python (22,000 rows at scale 25: most of the dashboard's cost when its figures are made).
    histogram = sorted(
        Claim.objects.filter(paid_on__gte=since, days_to_payment__isnull=False)
        .values_list("days_to_payment")
        .annotate(n=Count("id"))
        .order_by()
    )
    count = sum(n for _, n in histogram)

    def nth(rank: int) -> int:  # the rank-th smallest value, from 1
        seen = 0
        for value, n in histogram:
            seen += n
            if seen >= rank:
                return value
        raise IndexError(rank)

    if not count:
        return {"count": 0, "median": None, "p90": None}
    middle = count // 2
    median = nth(middle + 1) if count % 2 else (nth(middle) + nth(middle + 1)) / 2
    return {"count": count, "median": median, "p90": nth(max(1, -(-count * 9 // 10)))}


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


# A claim we cannot pay yet: by bank transfer to someone whose bank details we do not have, a voucher for
# someone with no email address (the voucher file sends e-vouchers by email: exports.VOUCHER_COLUMNS), or a
# donation with no charity named. Such a claim is kept out of batches and flagged wherever finance sees it.
CANNOT_PAY = (
    Q(payout=Payout.BANK, person__bank_details__isnull=True)
    | Q(payout=Payout.VOUCHER, person__email="")
    | Q(payout=Payout.DONATION, charity_name="")
)
# Claims that will be paid once approved, or are approved and still to pay.
OWED_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.APPROVED)


def can_pay(claim: Claim) -> bool:
    if claim.payout == Payout.DONATION:
        return bool(claim.charity_name.strip())
    if claim.payout == Payout.BANK:
        return BankDetails.objects.filter(person_id=claim.person_id).exists()
    if claim.payout == Payout.VOUCHER:
        return bool(claim.person.email)
    return True


def waiting_for_batch():
    """Approved claims in no batch, oldest approval first, each with `cannot_pay` (waiting for bank details
    or a charity) and what is still owed on it: finance chooses from these what goes into a batch."""
    return (
        Claim.objects.with_people()
        .with_money()
        .filter(status=ClaimStatus.APPROVED, batch__isnull=True)
        .annotate(cannot_pay=Exists(Claim.objects.filter(CANNOT_PAY, pk=OuterRef("pk"))))
        .order_by("approved_at", "id")
    )


def unpayable_claims_in(batch):
    return Claim.objects.filter(CANNOT_PAY, batch=batch, status=ClaimStatus.APPROVED).order_by("id")


@dataclass(frozen=True)
class MissingPaymentDetails:
    """What a person still has to tell us before we can pay them, and whether money is already waiting."""

    bank_details: bool = False
    charity: bool = False
    voucher_email: bool = False
    owed: bool = False

    def __bool__(self) -> bool:
        return self.bank_details or self.charity or self.voucher_email


_UNREAD = object()


def missing_payment_details(person, *, choice=_UNREAD, bank_details=_UNREAD) -> MissingPaymentDetails:
    """Drives every "add your bank details so that we can pay you" prompt (home page, payments page, the
    claim-ready message). A page that has read the choice and bank details already passes them in; then
    nothing more is read unless something is missing."""
    if person is None:
        return MissingPaymentDetails()
    if choice is _UNREAD:
        choice = PaymentChoice.objects.filter(person=person).first()
    if choice is None:
        return MissingPaymentDetails()
    if choice.keeps_bank_details and bank_details is _UNREAD:
        bank_details = BankDetails.objects.filter(person=person).first()
    bank = choice.keeps_bank_details and bank_details is None
    charity = choice.method == PaymentMethod.DONATE and not choice.charity_name.strip()
    voucher_email = choice.method == PaymentMethod.VOUCHER and not person.email
    owed = (bank or charity or voucher_email) and Claim.objects.filter(
        CANNOT_PAY, person=person, status__in=OWED_STATUSES
    ).exists()
    return MissingPaymentDetails(bank_details=bank, charity=charity, voucher_email=voucher_email, owed=owed)


def people_we_cannot_pay():
    """People with a claim submitted, checked or approved that we could not pay as things stand, with how
    to reach them (their preferred contact) and how many such claims: the finance work queue."""
    from coproduce.people.models import Person

    waiting = Claim.objects.filter(CANNOT_PAY, status__in=OWED_STATUSES)
    per_person = (
        waiting.filter(person=OuterRef("pk")).order_by().values("person").annotate(n=Count("id")).values("n")
    )
    return (
        Person.objects.filter(pk__in=waiting.values("person_id"))
        .annotate(claims_waiting=Subquery(per_person))
        .order_by("full_name", "id")
    )


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
    return claims.annotate(
        ledger_batch_amount=amount,
        ledger_batch_account=Subquery(paid_by),
        cannot_pay=Exists(Claim.objects.filter(CANNOT_PAY, pk=OuterRef("pk"))),
    ).order_by("id")


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


def _paid_since():
    return (
        LedgerEntry.objects.filter(
            person_id=Slot("person"),
            account__in=PAID_ACCOUNT.values(),
            posted_on__gte=Slot("since", output_field=DateField()),
        )
        .order_by()
        .values("person_id")
        .annotate(credits=Sum("credit"), debits=Sum("debit"))
        .values_list("credits", "debits")
    )


# Compiled once per process (core.prepared): the profile page gathers seven apps' parts (decision 0011).
PAID_SINCE = PreparedRows(_paid_since)


def paid_this_tax_year(person, *, none_if_nothing: bool = False) -> Decimal | None:
    """What was paid out to `person` (bank, voucher or donation) since the tax year began: the net of the paid
    accounts in the ledger, so a payment reversed by a correction no longer counts. With `none_if_nothing`,
    None when no such entry was posted at all."""
    since = adapt_date(tax_year_start(timezone.localdate()))
    # No entry at all: the grouped read has no row, where the aggregate said None for both sums.
    [(credits, debits)] = PAID_SINCE.rows(person=person.pk, since=since) or [(None, None)]
    if none_if_nothing and credits is None and debits is None:
        return None
    return ledger.pence((credits or ZERO) - (debits or ZERO))


def meeting_date(meeting: Meeting) -> datetime.date:
    return meeting.starts_at.astimezone(LONDON).date()


def rate_in_force(activity: str, day: datetime.date) -> ActivityRate | None:
    return ActivityRate.objects.filter(activity=activity).in_force_on(day).first()


def expense_rate_in_force(kind: str, day: datetime.date) -> ExpenseRate | None:
    return ExpenseRate.objects.filter(kind=kind).in_force_on(day).first()


def cost_centre_for(meeting: Meeting) -> str:
    owner = {"project": meeting.project_id} if meeting.project_id else {"body": meeting.body_id}
    centre = CostCentre.objects.filter(**owner).values_list("code", flat=True).first()
    return centre or settings.COPRODUCE["PAYMENTS_DEFAULT_COST_CENTRE"]


def time_amount(rate: ActivityRate | None, hours: Decimal, choice: PaymentChoice | None) -> Decimal:
    """The payment for the time at `rate`, capped at the amount the person chose to reduce it to."""
    if rate is None:
        return ZERO
    amount = rate.amount if rate.unit == RateUnit.SESSION else hours * rate.amount
    amount = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    if choice is not None and choice.method == PaymentMethod.REDUCE and choice.reduce_to is not None:
        amount = min(amount, choice.reduce_to)
    return amount


def choice_of(person) -> PaymentChoice | None:
    return PaymentChoice.objects.filter(person=person).first()


def declines_payment(choice: PaymentChoice | None) -> bool:
    return choice is not None and choice.method == PaymentMethod.DECLINE


def mileage_amount(vehicle: str, miles: Decimal, passengers: int, day: datetime.date) -> Decimal:
    rate = expense_rate_in_force(vehicle, day)
    if rate is None:
        from .services import PaymentError  # services import this module

        raise PaymentError("There is no mileage rate for this vehicle on the meeting's date.")
    amount = miles * rate.amount
    if passengers:
        supplement = expense_rate_in_force("passenger", day)
        amount += miles * passengers * (supplement.amount if supplement else ZERO)
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


LONDON = ZoneInfo("Europe/London")


# --- What the pages and the API read (so views and endpoints never query models themselves) ---------------


def activity_rates() -> list[ActivityRate]:
    return list(ActivityRate.objects.all())


def expense_rates() -> list[ExpenseRate]:
    return list(ExpenseRate.objects.all())


def benefit_limits() -> list[BenefitLimit]:
    return list(BenefitLimit.objects.all())


def batches():
    return PaymentBatch.objects.select_related("created_by")


def batch_or_404(pk: int) -> PaymentBatch:
    return get_object_or_404(PaymentBatch, pk=pk)


def bank_details_of(person) -> BankDetails | None:
    return BankDetails.objects.filter(person=person).first()


def expense_line_or_404(claim: Claim, line_id: int) -> ExpenseLine:
    return get_object_or_404(ExpenseLine, pk=line_id, claim=claim)


def receipt_line(line_id: int) -> ExpenseLine | None:
    return ExpenseLine.objects.select_related("claim", "claim__meeting").filter(pk=line_id).first()


def batches_with_claims():
    return PaymentBatch.objects.prefetch_related("claims")


def claims_visible_to(user):
    """The claims the API shows `user`: all of them to the payments office; otherwise their own and those
    of meetings they organise."""
    if not user.is_authenticated:
        return Claim.objects.none()
    claims = (
        Claim.objects.with_people()
        .prefetch_related("expenses", "corrections__created_by")
        .order_by("-created_at", "-id")
    )
    if is_payments_office(user):
        return claims
    person = getattr(user, "person", None)
    mine = claims.filter(person=person) if person is not None else claims.none()
    return mine | claims.filter(meeting__organiser=user)


# What the API's claims list reads of a claim, its expense lines and corrections: the serializers' fields.
CLAIM_API_COLUMNS = (
    "id", "person_id", "meeting_id", "status", "activity", "hours",
    "time_amount", "expenses_amount", "payout", "earnings_date", "benefit_decision", "benefit_reduced_by",
    "cost_centre", "submitted_at", "approved_at", "paid_on", "days_to_payment", "query_message", "batch_id",
    "corrections_made",
)  # fmt: skip
EXPENSE_API_COLUMNS = (
    "claim_id", "id", "kind", "description", "from_place", "to_place", "miles", "vehicle", "passengers",
    "reason", "amount",
)  # fmt: skip
CORRECTION_API_COLUMNS = (
    "claim_id", "id", "reason", "hours_before", "hours_after", "time_before", "time_after", "expenses_before",
    "expenses_after", "payout_before", "payout_after", "balance_after", "created_by__full_name", "created_at",
)  # fmt: skip


def claims_listed_in_api(user):
    """`claims_visible_to` as the API's list reads them: plain rows of the columns it shows (no model
    instances), newest first. Cut the page, then `with_api_children` (decision 0011: member pages and the
    API). The person's name and the meeting's title are subqueries, not joins, so the page's COUNT of
    every claim reads the claim table alone (joined, it took 77 ms at scale 25 on SQLite)."""
    from coproduce.people.models import Person

    return (
        claims_visible_to(user)
        .select_related(None)
        .prefetch_related(None)
        .values(
            *CLAIM_API_COLUMNS,
            person_name=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("full_name")),
            meeting_title=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("title")),
        )
    )


def with_api_children(rows: list[dict]) -> list[dict]:
    """Each claim row of a page with its reference, total, expense lines and corrections (two queries, in
    the order the claim's own endpoint gives them)."""
    expenses, corrections = {}, {}
    ids = [row["id"] for row in rows]
    for line in (
        ExpenseLine.objects.filter(claim_id__in=ids).order_by("added_at", "id").values(*EXPENSE_API_COLUMNS)
    ):
        expenses.setdefault(line["claim_id"], []).append(line)
    found = (
        Correction.objects.filter(claim_id__in=ids)
        .order_by("created_at", "id")
        .values(*CORRECTION_API_COLUMNS)
    )
    for correction in found:
        corrections.setdefault(correction["claim_id"], []).append(correction)
    for row in rows:
        row["reference"] = f"CL-{row['id']:06d}"  # Claim.reference
        row["total"] = row["time_amount"] + row["expenses_amount"]  # Claim.total
        row["expenses"] = expenses.get(row["id"], [])
        row["corrections"] = corrections.get(row["id"], [])
    return rows


def programme_money() -> dict[str, Decimal]:
    """Money committed and paid across the programme, from the ledger (cached until the next posting)."""
    return ledger.programme_money()


# --- The activity an attendance is paid at ------------------------------------------------------------------


@dataclass(frozen=True)
class PayAt:
    """The rate-card activity an attendance is paid at, and the hours paid (None: the hours recorded)."""

    activity: str
    hours: Decimal | None = None


DEFAULT_PAY = PayAt(Activity.MEETING)
_pay_resolvers: list[Callable] = []


def register_pay_activity(resolver: Callable) -> None:
    """Declare how some attendance is paid: `resolver(attendance)` returns an Activity value, a PayAt, or None
    when the attendance is not its app's to decide. Apps register from their AppConfig.ready(); the first
    resolver (in INSTALLED_APPS order) with an answer wins, and attendance nobody answers for is paid at
    the meeting rate. A resolver reads only; it must answer only for its own app's meetings."""
    if resolver not in _pay_resolvers:
        _pay_resolvers.append(resolver)


def pay_at(attendance: Attendance) -> PayAt:
    for resolver in _pay_resolvers:
        answer = resolver(attendance)
        if answer is None:
            continue
        answer = PayAt(answer) if isinstance(answer, str) else answer
        if answer.activity and answer.activity not in Activity.values:  # "": no time paid (expenses only)
            raise ValueError(f"{resolver!r} answered an unknown activity {answer.activity!r}")
        return answer
    return DEFAULT_PAY


def has_rate_on(activity: str, day: datetime.date) -> bool:
    return ActivityRate.objects.filter(activity=activity).in_force_on(day).exists()


def co_chairing(attendance: Attendance) -> PayAt | None:
    """A board co-chair at a board meeting is paid at the co-chairing rate when the rate card has one on
    the meeting's day (otherwise at the meeting rate)."""
    if not meetings_selectors.chairs_body_at(attendance):
        return None
    day = timezone.localtime(attendance.meeting.starts_at).date()
    return PayAt(Activity.CO_CHAIRING) if has_rate_on(Activity.CO_CHAIRING, day) else None


# --- Attendance and its claim -----------------------------------------------------------------------------


def attendance_without_claim():
    """Attendance someone should be paid for that has no claim: present with hours, the person has not
    declined payment for their time, and there is no claim for that person and meeting (a claim withdrawn
    by a change of attendance does not count; one corrected to nothing by finance does). Found by the
    reconcile command and the back-office work queue; normally empty, as the claim is written in the
    attendance's own transaction."""
    matching = Claim.objects.filter(person=OuterRef("person_id"), meeting=OuterRef("meeting_id")).exclude(
        status=ClaimStatus.WITHDRAWN, corrections_made=0
    )
    declines = PaymentChoice.objects.filter(person=OuterRef("person_id"), method=PaymentMethod.DECLINE)
    return (
        meetings_selectors.paid_attendance()
        .exclude(Exists(matching))
        .exclude(Exists(declines))
        .select_related("meeting", "person")
        .order_by("meeting__starts_at", "id")
    )


# --- For evaluation and reports -----------------------------------------------------------------------------


def paid_figures(starts: datetime.date, ends: datetime.date) -> dict:
    """Money paid to people (time and expenses) for claims paid in [starts, ends), and the median days from
    claim to payment (indexed on paid_on)."""
    paid = Claim.objects.filter(paid_on__gte=starts, paid_on__lt=ends)
    totals = paid.aggregate(time=Sum("time_amount"), expenses=Sum("expenses_amount"))
    days = list(paid.filter(days_to_payment__isnull=False).values_list("days_to_payment", flat=True))
    return {
        "paid": (totals["time"] or ZERO) + (totals["expenses"] or ZERO),
        "median_days": statistics.median(days) if days else None,
    }


def people_paid_between(starts: datetime.date, ends: datetime.date):
    """People with a claim paid in [starts, ends), as a queryset (for group profiles)."""
    from coproduce.people.models import Person

    return Person.objects.filter(claims__paid_on__gte=starts, claims__paid_on__lt=ends).distinct()


def editable_claims_of_people(person_ids, limit: int = 100, pk: int | None = None) -> list[Claim]:
    """Claims these people (or an officer) may still change, newest meeting first (for evaluation's peer
    researchers' page, which pays their research sessions at the peer research rate); `pk` picks one."""
    from .choices import EDITABLE_STATUSES

    claims = Claim.objects.filter(person_id__in=list(person_ids), status__in=EDITABLE_STATUSES)
    if pk is not None:
        claims = claims.filter(pk=pk)
    return list(claims.select_related("person", "meeting").order_by("-meeting__starts_at", "-id")[:limit])


def time_costs_for_meetings(meeting_ids, activities) -> list[dict]:
    """Net approved time payments (the ledger's time costs, corrections included) for the claims on
    `meeting_ids` (a list or a values() queryset) at `activities`, by person, activity and year posted: what
    other apps report people were paid for a kind of work (training reports co-trainers' pay)."""
    rows = (
        LedgerEntry.objects.filter(
            account=LedgerAccount.TIME_COSTS, claim__meeting__in=meeting_ids, claim__activity__in=activities
        )
        .annotate(year=ExtractYear("posted_on"))
        .values("person", "claim__activity", "year")
        .order_by("person", "claim__activity", "year")
        .annotate(debits=Sum("debit"), credits=Sum("credit"))
    )
    return [
        {
            "person": row["person"],
            "activity": row["claim__activity"],
            "year": row["year"],
            "net": ledger.pence(row["debits"] - row["credits"]),
        }
        for row in rows
    ]


def rate_card_on(day: datetime.date) -> dict[str, list]:
    """The activity rates, expense rates and benefit limits in force on `day` (the newest row of each
    activity, kind and limit code from on or before that day), for documents written from the rate card."""
    from .models import ActivityRate, BenefitLimit, ExpenseRate

    def newest(rows, key):
        seen, kept = set(), []
        for row in rows:
            if getattr(row, key) not in seen:
                seen.add(getattr(row, key))
                kept.append(row)
        return kept

    return {
        "activities": newest(ActivityRate.objects.in_force_on(day), "activity"),
        "expenses": newest(ExpenseRate.objects.in_force_on(day), "kind"),
        "benefit_limits": sorted(
            newest(BenefitLimit.objects.in_force_on(day), "code"), key=lambda limit: limit.name
        ),
    }


def claims_to_send(person, limit: int = 5) -> list[Claim]:
    """Claims waiting for the person: drafted for them to check and send, or queried."""
    return list(
        Claim.objects.filter(person=person, status__in=EDITABLE_STATUSES)
        .select_related("meeting")
        .only("status", "meeting__title")  # what the home page shows
        .order_by("meeting__starts_at", "id")[:limit]
    )
