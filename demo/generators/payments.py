"""Payments: the rate card (last April's and this April's figures), example benefit earnings limits, each
involved person's payment choice (bank details for those paid by transfer, volunteers too for their
expenses), and a claim for every past attendance the meetings generator recorded, in every state: recent
ones still draft, sent or checked, some queried, older ones approved and paid in monthly batches with the
ledger entries to match. People with a benefit limit have claims near and over it: pending ones show the
warning, approved ones were reduced or taken as a voucher. A few claims were corrected by finance through
the ledger: one paid too much (to be paid back), one paid too little (the rest waits for the next batch)
and one approved but not yet paid. Runs after the meetings generator (it makes no claims when there is no
attendance)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from coproduce.accounts.models import Role, User
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Attendance
from coproduce.payments import ledger
from coproduce.payments.benefits import period_bounds
from coproduce.payments.choices import (
    BANK_DETAILS_METHODS,
    PAID_ACCOUNT,
    Activity,
    BenefitDecision,
    BenefitPeriod,
    ClaimStatus,
    ExpenseKind,
    ExpenseRateKind,
    LedgerAccount,
    Movement,
    PaymentMethod,
    Payout,
    RateUnit,
)
from coproduce.payments.models import (
    ActivityRate,
    BankDetails,
    BenefitLimit,
    Claim,
    Correction,
    ExpenseLine,
    ExpenseRate,
    LedgerEntry,
    PaymentBatch,
    PaymentChoice,
)
from coproduce.payments.selectors import LONDON, OWED_STATUSES, time_amount
from coproduce.people.choices import Recognition, YesNoPreferNot
from coproduce.people.models import Person

from .context import ANCHOR, BATCH_SIZE, DemoContext

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
COST_CENTRE = "COPROD01"

# Activity: unit, last April's amount, this April's amount.
ACTIVITY_RATES = {
    Activity.MEETING: (RateUnit.HOUR, "20.00", "21.00"),
    Activity.HALF_DAY: (RateUnit.SESSION, "70.00", "75.00"),
    Activity.FULL_DAY: (RateUnit.SESSION, "130.00", "140.00"),
    Activity.PREPARATION: (RateUnit.HOUR, "20.00", "21.00"),
    Activity.CO_CHAIRING: (RateUnit.SESSION, "40.00", "45.00"),
    Activity.TRAINING: (RateUnit.HOUR, "25.00", "27.00"),
    Activity.PEER_RESEARCH: (RateUnit.HOUR, "20.00", "21.00"),
    Activity.INTERVIEW_PANEL: (RateUnit.HOUR, "25.00", "27.00"),
}
EXPENSE_RATES = {
    ExpenseRateKind.CAR: "0.45",
    ExpenseRateKind.MOTORCYCLE: "0.24",
    ExpenseRateKind.BICYCLE: "0.20",
    ExpenseRateKind.PASSENGER: "0.05",
}
# Illustrative figures, labelled as examples: the programme must check the real ones each April.
LIMITS = (
    ("permitted-work-lower", "Permitted work lower limit", "20.00"),
    ("permitted-work-higher", "Permitted work higher limit", "213.00"),
    ("carers-allowance", "Carer's Allowance earnings limit", "196.00"),
)
# Which limit each person who said one applies has, in turn: most on the lower permitted-work limit, whose
# weekly figure one long meeting can pass, so the demo shows warnings and the choices made about them.
LIMIT_MIX = ("permitted-work-lower", "carers-allowance", "permitted-work-lower", "permitted-work-higher")
LIMIT_NOTE = "Example figure for the demo (illustrative): check the current limit each April"
CHARITIES = ("Wyvernshire Carers' Trust", "Oakhollow Food Bank", "Wyvern Mind", "Brackenford Hospice")
PLACES = ("Oakhollow", "Sloeby", "Brackenford", "Kestrel Down", "Marsh Tansy", "Larchmere")


def _april(year: int) -> datetime.date:
    return datetime.date(year, 4, 1)


def _rate_years(years: int = 1) -> tuple[datetime.date, datetime.date]:
    """Last April and the April `years` before it: the demo's meetings fall under two rate cards."""
    today = ANCHOR.date()
    this_april = _april(today.year if today >= _april(today.year) else today.year - 1)
    return _april(this_april.year - years), this_april


def _rate_card(actor_id: int, years: int = 1) -> tuple[dict, dict]:
    earlier, later = _rate_years(years)
    rates = []
    for activity, (unit, old, new) in ACTIVITY_RATES.items():
        for start, amount in ((earlier, old), (later, new)):
            rates.append(
                ActivityRate(
                    activity=activity,
                    unit=unit,
                    amount=Decimal(amount),
                    effective_from=start,
                    created_by_id=actor_id,
                )
            )
    ActivityRate.objects.bulk_create(rates)
    ExpenseRate.objects.bulk_create(
        ExpenseRate(kind=kind, amount=Decimal(amount), effective_from=earlier, created_by_id=actor_id)
        for kind, amount in EXPENSE_RATES.items()
    )
    BenefitLimit.objects.bulk_create(
        BenefitLimit(
            code=code,
            name=name,
            period=BenefitPeriod.WEEK,
            amount=Decimal(amount),
            effective_from=earlier,
            note=LIMIT_NOTE,
            created_by_id=actor_id,
        )
        for code, name, amount in LIMITS
    )
    by_activity = defaultdict(list)
    for rate in ActivityRate.objects.order_by("effective_from"):
        by_activity[rate.activity].append(rate)
    car = {rate.effective_from: rate for rate in ExpenseRate.objects.filter(kind=ExpenseRateKind.CAR)}
    return by_activity, car


def _rate_on(rates: list, day: datetime.date):
    found = None
    for rate in rates:
        if rate.effective_from <= day:
            found = rate
    return found


def _choices(ctx: DemoContext, rng, actor_id: int) -> dict[int, PaymentChoice]:
    people = (
        Person.objects.filter(erased_at__isnull=True)
        .exclude(recognition="")
        .values_list("pk", "recognition", "benefits_limit", "full_name")
    )
    choices, bank = [], []
    limited = 0
    for person_id, recognition, benefits_limit, full_name in people:
        method = {
            Recognition.PAYMENT: PaymentMethod.BANK,
            Recognition.VOUCHER: PaymentMethod.VOUCHER,
            Recognition.DONATE: PaymentMethod.DONATE,
            Recognition.VOLUNTEER: PaymentMethod.DECLINE,
        }[recognition]
        if method == PaymentMethod.BANK and rng.random() < 0.1:
            method = rng.choice([PaymentMethod.DONATE, PaymentMethod.REDUCE])
        limit = ""
        if benefits_limit == YesNoPreferNot.YES:
            limit = LIMIT_MIX[limited % len(LIMIT_MIX)]
            limited += 1
        choices.append(
            PaymentChoice(
                person_id=person_id,
                method=method,
                benefit_limit_code=limit,
                updated_by_id=actor_id,
                updated_at=ANCHOR - datetime.timedelta(days=rng.randint(200, 400)),
                charity_name=rng.choice(CHARITIES) if method == PaymentMethod.DONATE else "",
                reduce_to=Decimal(rng.choice(["15.00", "20.00", "30.00"]))
                if method == PaymentMethod.REDUCE
                else None,
            )
        )
        if method in BANK_DETAILS_METHODS:
            details = BankDetails(person_id=person_id, updated_by_id=actor_id)
            details.set_clear(
                account_name=full_name[:100],
                # Fictional numbers in the range banks keep for testing.
                sort_code=f"0{rng.randint(0, 99999):05d}",
                account_number=f"{rng.randint(0, 99_999_999):08d}",
            )
            bank.append(details)
    PaymentChoice.objects.bulk_create(choices, batch_size=BATCH_SIZE)
    BankDetails.objects.bulk_create(bank, batch_size=BATCH_SIZE)
    # Those who give their payment to a charity said so when joining ("give it to a charity").
    donors = [choice.person_id for choice in choices if choice.method == PaymentMethod.DONATE]
    Person.objects.filter(pk__in=donors).update(recognition=Recognition.DONATE)
    ctx.counts["payment choices"] = len(choices)
    return {choice.person_id: choice for choice in choices}


def _status_for(days_ago: int, rng) -> str:
    roll = rng.random()
    if days_ago < 7:
        return ClaimStatus.DRAFT if roll < 0.6 else ClaimStatus.SUBMITTED
    if days_ago < 21:
        return rng.choice(
            [ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.QUERIED, ClaimStatus.APPROVED]
        )
    if days_ago < 40:
        return ClaimStatus.APPROVED if roll < 0.7 else ClaimStatus.CHECKED
    if roll < 0.03:
        return ClaimStatus.WITHDRAWN
    return ClaimStatus.PAID


def _claim(attendance, choice, rates, rng, pay_at=None) -> Claim:
    meeting = attendance.meeting
    day = meeting.starts_at.astimezone(LONDON).date()
    days_ago = (ANCHOR.date() - day).days
    status = _status_for(days_ago, rng)
    claim = Claim(
        person_id=attendance.person_id,
        meeting=meeting,
        status=status,
        earnings_date=day,
        cost_centre=COST_CENTRE,
        payout=choice.payout,
        charity_name=choice.charity_name,
        created_at=meeting.ends_at,
        submitted_at=None
        if status == ClaimStatus.DRAFT
        else meeting.ends_at + datetime.timedelta(days=rng.randint(0, 4)),
    )
    default = (Activity.MEETING, attendance.hours)
    activity, hours = (pay_at or {}).get((meeting.pk, attendance.person_id), default)
    if choice.method != PaymentMethod.DECLINE and activity:
        rate = _rate_on(rates[activity], day)
        claim.activity, claim.rate, claim.hours = activity, rate, hours
        amount = (hours * rate.amount).quantize(PENNY, rounding=ROUND_HALF_UP)
        if choice.method == PaymentMethod.REDUCE:
            amount = min(amount, choice.reduce_to)
        claim.time_amount = amount
    if status == ClaimStatus.QUERIED:
        claim.query_message = "Could you add the bus ticket for the return journey?"
    return claim


def _expenses(claim: Claim, car_rates: dict, actor_id: int, rng) -> list[ExpenseLine]:
    if rng.random() > 0.35:
        return []
    if rng.random() < 0.6:
        miles = Decimal(rng.randint(30, 300)) / 10
        rate = _rate_on(sorted(car_rates.values(), key=lambda r: r.effective_from), claim.earnings_date)
        return [
            ExpenseLine(
                claim=claim,
                kind=ExpenseKind.MILEAGE,
                vehicle=ExpenseRateKind.CAR,
                miles=miles,
                from_place=rng.choice(PLACES),
                to_place="Meeting venue",
                added_by_id=actor_id,
                amount=(miles * rate.amount).quantize(PENNY, rounding=ROUND_HALF_UP),
            )
        ]
    kind = rng.choice([ExpenseKind.PUBLIC_TRANSPORT, ExpenseKind.PUBLIC_TRANSPORT, ExpenseKind.CARE])
    amount = Decimal(rng.randint(250, 900 if kind == ExpenseKind.PUBLIC_TRANSPORT else 4000)) / 100
    return [
        ExpenseLine(
            claim=claim,
            kind=kind,
            amount=amount,
            added_by_id=actor_id,
            description="Return fare" if kind == ExpenseKind.PUBLIC_TRANSPORT else "Sitting service",
        )
    ]


def _keep_within_limits(claims: list[Claim], choices: dict, limits: dict, emailed: set[int], rng) -> int:
    """Approved and paid claims of people with a limit were reduced or taken as a voucher where they would
    have gone over it (a voucher only for people with an email address to send it to: `emailed`); pending
    ones keep the amount (their pages show the warning). Returns how many claims are over a limit and
    waiting for a decision."""
    earned = defaultdict(lambda: ZERO)
    warned = 0
    for claim in sorted(claims, key=lambda c: (c.earnings_date, c.meeting_id)):
        code = choices[claim.person_id].benefit_limit_code
        if (
            not code
            or claim.payout != Payout.BANK
            or claim.status in (ClaimStatus.DRAFT, ClaimStatus.WITHDRAWN)
        ):
            continue
        key = (claim.person_id, period_bounds(BenefitPeriod.WEEK, claim.earnings_date)[0])
        room = max(ZERO, limits[code] - earned[key])
        if claim.time_amount > room and claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            if rng.random() < 0.7 or claim.person_id not in emailed:
                claim.time_amount, claim.benefit_decision = room, BenefitDecision.REDUCED
            else:
                claim.payout, claim.benefit_decision = Payout.VOUCHER, BenefitDecision.VOUCHER
                continue
        elif claim.time_amount > room:
            warned += 1
        earned[key] += claim.time_amount
    return warned


def _batches(claims: list[Claim], actor_id: int) -> list[PaymentBatch]:
    """One batch a month for the paid claims, paid on the 20th of the month after the meeting."""
    by_month = defaultdict(list)
    for claim in claims:
        if claim.status == ClaimStatus.PAID:
            by_month[(claim.earnings_date.year, claim.earnings_date.month)].append(claim)
    batches = []
    for number, ((year, month), members) in enumerate(sorted(by_month.items()), 1):
        paid_on = min(
            datetime.date(year + month // 12, month % 12 + 1, 20), ANCHOR.date() - datetime.timedelta(days=1)
        )
        made = ANCHOR - datetime.timedelta(days=(ANCHOR.date() - paid_on).days + 3)
        batch = PaymentBatch(
            reference=f"PB-{paid_on:%Y}-D{number:03d}",
            created_by_id=actor_id,
            created_at=made,
            exported_at=made + datetime.timedelta(days=1),
            paid_on=paid_on,
            paid_by_id=actor_id,
        )
        batches.append(batch)
        for claim in members:
            # Saved after the batches, so each claim takes its batch's id then.
            claim.batch, claim.paid_on = batch, paid_on
            claim.days_to_payment = max(0, (paid_on - claim.submitted_at.astimezone(LONDON).date()).days)
    PaymentBatch.objects.bulk_create(batches)
    return batches


def _ledger(claims: list[Claim], project_ids: dict, actor_id: int) -> list[LedgerEntry]:
    entries = []
    for claim in claims:
        if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            continue
        common = {
            "person_id": claim.person_id,
            "claim": claim,
            "project_id": project_ids.get(claim.meeting_id),
            "cost_centre": claim.cost_centre,
            "created_by_id": actor_id,
        }
        approval = uuid.UUID(int=claim.pk)
        posted = claim.approved_at.date()
        for account, debit, credit in (
            (LedgerAccount.TIME_COSTS, claim.time_amount, ZERO),
            (LedgerAccount.EXPENSE_COSTS, claim.expenses_amount, ZERO),
            (LedgerAccount.OWED, ZERO, claim.total),
        ):
            if debit or credit:
                entries.append(
                    LedgerEntry(
                        transaction=approval,
                        movement=Movement.APPROVAL,
                        account=account,
                        debit=debit,
                        credit=credit,
                        posted_on=posted,
                        **common,
                    )
                )
        if claim.status == ClaimStatus.PAID and claim.total:
            payment = uuid.UUID(int=claim.pk + (1 << 64))
            for account, debit, credit in (
                (LedgerAccount.OWED, claim.total, ZERO),
                (PAID_ACCOUNT[claim.payout], ZERO, claim.total),
            ):
                entries.append(
                    LedgerEntry(
                        transaction=payment,
                        movement=Movement.PAYMENT,
                        account=account,
                        debit=debit,
                        credit=credit,
                        posted_on=claim.paid_on,
                        batch=claim.batch,
                        **common,
                    )
                )
    return entries


def _corrections(claims: list[Claim], lines: list[ExpenseLine], choices: dict, actor: User, rng) -> int:
    """Correct a few claims the way finance does (reversing entries, then the corrected amount)."""
    # Corrections that add money keep clear of benefit limits: vouchers and donations never count.
    unlimited = [
        c
        for c in claims
        if c.person_id in choices and (c.payout != Payout.BANK or not choices[c.person_id].benefit_limit_code)
    ]
    mileage = {line.claim_id for line in lines if line.kind == ExpenseKind.MILEAGE}
    paid_mileage = [c for c in unlimited if c.status == ClaimStatus.PAID and c.pk in mileage]
    paid_hourly = [
        c
        for c in unlimited
        if c.status == ClaimStatus.PAID
        and c.rate
        and c.rate.unit == RateUnit.HOUR
        and choices[c.person_id].method != PaymentMethod.REDUCE  # a capped payment would not change
    ]
    approved = [c for c in unlimited if c.status == ClaimStatus.APPROVED]
    plans = [
        (paid_mileage, "Mileage was counted for the return trip twice", _half_the_expenses),
        (paid_hourly, "The meeting ran an hour over: the attendance record was corrected", _one_hour_more),
        (approved, "A parking receipt of £4.50 was left off the claim", _parking_added),
    ]
    made = 0
    for candidates, reason, change in plans:
        taken = {c.pk for c in claims if c.corrections_made}
        candidates = [c for c in candidates if c.pk not in taken]
        if candidates:
            _correct(rng.choice(candidates), reason, change, choices, actor)
            made += 1
    return made


def _half_the_expenses(claim: Claim, choice) -> None:
    claim.expenses_amount = (claim.expenses_amount / 2).quantize(PENNY, ROUND_HALF_UP)


def _parking_added(claim: Claim, choice) -> None:
    claim.expenses_amount += Decimal("4.50")


def _one_hour_more(claim: Claim, choice) -> None:
    claim.hours += 1
    claim.time_amount = time_amount(claim.rate, claim.hours, choice)


def _correct(claim: Claim, reason: str, change, choices: dict, actor: User) -> None:
    correction = Correction(
        claim=claim,
        reason=reason,
        hours_before=claim.hours,
        time_before=claim.time_amount,
        expenses_before=claim.expenses_amount,
        payout_before=claim.payout,
        created_by=actor,
    )
    ledger.post_reversal(claim, ledger.unreversed_approval(claim), reason=reason, actor=actor)
    change(claim, choices[claim.person_id])
    ledger.post_approval(claim, actor=actor, movement=Movement.CORRECTED, reason=reason)
    correction.balance_after = ledger.owed(claim)
    if correction.balance_after > 0 and claim.status == ClaimStatus.PAID:
        claim.status, claim.batch = ClaimStatus.APPROVED, None  # the rest is paid in the next batch
    claim.corrections_made += 1
    claim.save()
    correction.hours_after, correction.payout_after = claim.hours, claim.payout
    correction.time_after, correction.expenses_after = claim.time_amount, claim.expenses_amount
    correction.save()


def _drafts_of_people_yet_to_choose(choices: dict, rates: dict, pay_at: dict | None = None) -> list[Claim]:
    """People who have not said how they want to be recognised get what the system makes for them from
    attendance: a draft at the rate its app pays it at (the meeting rate unless, say, training says
    otherwise), paid by bank transfer unless they choose otherwise."""
    attended = (
        Attendance.objects.filter(status=AttendanceStatus.PRESENT, meeting__ends_at__lt=ANCHOR, hours__gt=0)
        .exclude(person_id__in=list(choices))
        .filter(person__erased_at__isnull=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )
    drafts = []
    for attendance in attended:
        meeting = attendance.meeting
        day = meeting.starts_at.astimezone(LONDON).date()
        activity, hours = (pay_at or {}).get(
            (meeting.pk, attendance.person_id), (Activity.MEETING, attendance.hours)
        )
        rate = _rate_on(rates[activity], day) if activity else None
        drafts.append(
            Claim(
                person_id=attendance.person_id,
                meeting=meeting,
                status=ClaimStatus.DRAFT,
                earnings_date=day,
                cost_centre=COST_CENTRE,
                created_at=meeting.ends_at,
                activity=activity,
                rate=rate,
                hours=hours if rate else Decimal("0.00"),
                time_amount=(hours * rate.amount).quantize(PENNY, rounding=ROUND_HALF_UP)
                if rate
                else Decimal("0.00"),
            )
        )
    return drafts


def _absent_where_withdrawn(claims: list[Claim]) -> None:
    """A claim is withdrawn when its attendance is corrected to absent: the demo's attendance says so too,
    so attendance and claims agree (payments.selectors.attendance_without_claim finds nothing)."""
    withdrawn = [
        (claim.meeting_id, claim.person_id) for claim in claims if claim.status == ClaimStatus.WITHDRAWN
    ]
    for meeting_id, person_id in withdrawn:
        Attendance.objects.filter(meeting_id=meeting_id, person_id=person_id).update(
            status=AttendanceStatus.ABSENT, hours=Decimal("0.00")
        )


# How many people the demo leaves owed money with no bank details, so the finance work queue, the approval
# screen's flag and the members' "add your bank details" prompts have someone to show.
OWED_WITHOUT_BANK_DETAILS = 4


def _some_owed_without_bank_details(claims: list[Claim], rng) -> int:
    """Forget the bank details of a few people paid by transfer who are owed money (a claim sent, checked or
    approved): preferably people never paid yet (they skipped the bank details page when joining), else
    people whose account closed since their last payment (their bank returned it, so the details went)."""
    paid, owed = set(), set()
    for claim in claims:
        if claim.status == ClaimStatus.PAID or claim.payout != Payout.BANK:
            paid.add(claim.person_id)
        elif claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.APPROVED):
            owed.add(claim.person_id)
    never_paid, paid_before = sorted(owed - paid)[:OWED_WITHOUT_BANK_DETAILS], sorted(owed & paid)
    wanted = OWED_WITHOUT_BANK_DETAILS - len(never_paid)
    chosen = never_paid + rng.sample(paid_before, min(wanted, len(paid_before)))
    BankDetails.objects.filter(person_id__in=chosen).delete()
    return len(chosen)


# How many people the demo leaves owed a donation with no charity named, so the "tell us which charity" prompt
# and the work queue show that case too.
OWED_WITHOUT_CHARITY = 2


def _some_owed_without_a_charity(claims: list[Claim], rng) -> int:
    """Take the charity off a few people owed a donation: preferably people never given for yet (they skipped
    the charity page when joining), else people whose charity has closed since (what was given stays as it
    was)."""
    donations = [claim for claim in claims if claim.payout == Payout.DONATION]
    owed = {claim.person_id for claim in donations if claim.status in OWED_STATUSES}
    given = {claim.person_id for claim in donations if claim.status == ClaimStatus.PAID}
    never_given, given_before = sorted(owed - given)[:OWED_WITHOUT_CHARITY], sorted(owed & given)
    wanted = OWED_WITHOUT_CHARITY - len(never_given)
    chosen = never_given + rng.sample(given_before, min(wanted, len(given_before)))
    PaymentChoice.objects.filter(person_id__in=chosen).update(charity_name="")
    donated = Claim.objects.filter(person_id__in=chosen, payout=Payout.DONATION)
    donated.exclude(status=ClaimStatus.PAID).update(charity_name="")
    return len(chosen)


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("payments")
    finance_ids = ctx.user_ids_by_role.get(Role.FINANCE_APPROVER) or ctx.user_ids_by_role[Role.ADMINISTRATOR]
    actor_id = finance_ids[0]
    rates, car_rates = _rate_card(actor_id, ctx.years)
    choices = _choices(ctx, rng, actor_id)
    limits = {code: Decimal(amount) for code, _, amount in LIMITS}
    attended = (
        Attendance.objects.filter(
            status=AttendanceStatus.PRESENT, meeting__ends_at__lt=ANCHOR, person_id__in=list(choices)
        )
        # The rate card starts two Aprils back; the board's older meetings predate the demo's ledger.
        .filter(
            meeting__starts_at__gte=datetime.datetime.combine(
                _rate_years()[0], datetime.time(), tzinfo=LONDON
            )
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )
    claims, lines = [], []
    for attendance in attended:
        claim = _claim(attendance, choices[attendance.person_id], rates, rng, ctx.pay_at)
        if claim.time_amount == 0 and rng.random() < 0.7:
            continue  # Most volunteers had no expenses to claim.
        claim_lines = _expenses(claim, car_rates, actor_id, rng)
        claim.expenses_amount = sum((line.amount for line in claim_lines), ZERO)
        if claim.total == 0:
            continue
        claims.append(claim)
        lines.extend(claim_lines)
    emailed = set(Person.objects.filter(pk__in=list(choices)).exclude(email="").values_list("pk", flat=True))
    ctx.counts["claims over a benefit limit waiting for a decision"] = _keep_within_limits(
        claims, choices, limits, emailed, rng
    )
    claims.extend(_drafts_of_people_yet_to_choose(choices, rates, ctx.pay_at))
    for claim in claims:
        if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            claim.checked_at = claim.submitted_at + datetime.timedelta(days=rng.randint(1, 5))
            claim.approved_at = claim.checked_at + datetime.timedelta(days=rng.randint(1, 6))
            claim.checked_by_id = claim.meeting.organiser_id
            claim.approved_by_id = actor_id
    batches = _batches(claims, actor_id)
    Claim.objects.bulk_create(claims, batch_size=BATCH_SIZE)
    _absent_where_withdrawn(claims)
    # A source of its own, so the rest of the payments data is what it was before these people were added.
    unpaid_rng = ctx.rng("payments-no-bank-details")
    ctx.counts["people owed money with no bank details"] = _some_owed_without_bank_details(claims, unpaid_rng)
    ctx.counts["people owed a donation with no charity named"] = _some_owed_without_a_charity(
        claims, ctx.rng("payments-no-charity")
    )
    for line in lines:
        line.claim_id = line.claim.pk
    ExpenseLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
    project_ids = {claim.meeting_id: claim.meeting.project_id for claim in claims}
    LedgerEntry.objects.bulk_create(_ledger(claims, project_ids, actor_id), batch_size=BATCH_SIZE)
    ctx.counts["corrected claims"] = _corrections(claims, lines, choices, User.objects.get(pk=actor_id), rng)
    ledger.rebuild_totals()  # the entries above were written in bulk, not posted one movement at a time
    for claim in claims:
        ctx.audit.add("payments.claim_created", claim, ["hours", "time_amount"])
    for batch in batches:
        ctx.audit.add("payments.batch_paid", batch, ["paid_on"])
    for claim in claims:
        if claim.corrections_made:
            ctx.audit.add("payments.claim_corrected", claim, ["hours", "expenses_amount", "ledger"])
    ctx.audit.flush()
    ctx.counts["claims"] = len(claims)
    ctx.counts["payment batches"] = len(batches)
