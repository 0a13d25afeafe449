"""Paying people for their time and expenses: the dated rate card and benefit limits, each person's payment
choice and bank details, claims with expense lines, payment batches, and the append-only ledger that every
movement of money is written to."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduce.core import crypto
from coproduce.core.crypto import EncryptedField
from coproduce.core.models import DatedRate
from coproduce.core.money import format_money

from . import choices

PENNY = Decimal("0.01")


def money_field(verbose_name=None, **kwargs):
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, **kwargs)


class ActivityRate(DatedRate):
    """What an hour or a session of an activity is paid from a date. A new rate is a new row: claims keep
    the row (and the amount) they were made with."""

    activity = models.CharField(max_length=20, choices=choices.Activity.choices)
    unit = models.CharField(max_length=10, choices=choices.RateUnit.choices, default=choices.RateUnit.HOUR)
    amount = money_field("Amount (£)")

    class Meta:
        ordering = ["activity", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "effective_from"], name="one_activity_rate_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="activity_rate_positive"),
        ]

    def __str__(self):
        return f"{self.get_activity_display()} {format_money(self.amount)} {self.get_unit_display()}"


class ExpenseRate(DatedRate):
    """A dated rate per mile (by vehicle) or the passenger supplement."""

    kind = models.CharField(max_length=12, choices=choices.ExpenseRateKind.choices)
    amount = money_field("Amount per mile (£)")

    class Meta:
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="one_expense_rate_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_rate_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount)}"


class BenefitLimit(DatedRate):
    """An earnings limit of a benefit, from a date (the programme adds new figures each April). Rows with
    the same code are versions of one limit."""

    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=150)
    period = models.CharField(
        max_length=10, choices=choices.BenefitPeriod.choices, default=choices.BenefitPeriod.WEEK
    )
    amount = money_field("Limit (£)")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_benefit_limit_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="benefit_limit_positive"),
        ]

    def __str__(self):
        return f"{self.name}: {format_money(self.amount)} {self.get_period_display()}"


class CostCentre(models.Model):
    """The finance system's cost centre for a project's or body's claims (others use the default from
    settings COPRODUCE["PAYMENTS_DEFAULT_COST_CENTRE"])."""

    code = models.CharField(max_length=20)
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="cost_centre"
    )
    body = models.OneToOneField(
        "meetings.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="cost_centre"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(project__isnull=False, body__isnull=True) | Q(project__isnull=True, body__isnull=False)
                ),
                name="cost_centre_has_one_owner",
            )
        ]

    def __str__(self):
        return self.code


class PaymentChoice(models.Model):
    """How a person wants to be recognised, recorded before they take part and changeable at any time, and
    which benefit earnings limit (if any) they told us applies to them."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="payment_choice")
    method = models.CharField(max_length=10, choices=choices.PaymentMethod.choices)
    charity_name = models.CharField("Charity", max_length=150, blank=True)
    reduce_to = money_field("Most you want for one claim (£)", null=True, blank=True)
    benefit_limit_code = models.SlugField(max_length=40, blank=True)
    # For a limit over an assessment period: the day of the month the person's periods start (1 if unknown).
    assessment_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"{self.person}: {self.get_method_display()}"

    @property
    def keeps_bank_details(self) -> bool:
        return self.method in choices.BANK_DETAILS_METHODS

    @property
    def payout(self) -> str:
        if self.method == choices.PaymentMethod.VOUCHER:
            return choices.Payout.VOUCHER
        if self.method == choices.PaymentMethod.DONATE:
            return choices.Payout.DONATION
        return choices.Payout.BANK


SORT_CODE_MESSAGE = "Enter a sort code of 6 digits, like 30-94-30"
ACCOUNT_NUMBER_MESSAGE = "Enter an account number of 8 digits, like 00733445"
ACCOUNT_NAME_MESSAGE = "Enter the name on the account"


def normal_sort_code(typed: str) -> str | None:
    """Six digits from a sort code as people type it ("12-34-56", "12 34 56", "123456"); None if it is not
    one."""
    digits = re.sub(r"[\s\-–.]", "", typed or "")
    return digits if re.fullmatch(r"\d{6}", digits) else None


def normal_account_number(typed: str) -> str | None:
    """Eight digits from an account number as typed (spaces allowed); the few six- and seven-digit
    accounts are written with leading zeros, as banks do. None if it is not one."""
    digits = re.sub(r"[\s\-]", "", typed or "")
    return digits.zfill(8) if re.fullmatch(r"\d{6,8}", digits) else None


def mask(digits: str) -> str:
    return f"••••{digits[-4:]}" if digits else ""


@dataclass(frozen=True)
class ClearBankDetails:
    """Decrypted bank details: built only for the audited finance view, the finance export and the person's
    own data download."""

    account_name: str
    sort_code: str
    account_number: str

    @property
    def formatted_sort_code(self) -> str:
        return "-".join(self.sort_code[i : i + 2] for i in (0, 2, 4))


class BankDetails(models.Model):
    """Kept apart from the profile and encrypted at rest: only finance approvers see the full details, and
    every such view is audited (payments.bank_details_viewed). Lists and masked displays read only
    account_number_ending, so they never decrypt."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="bank_details")
    account_name_encrypted = EncryptedField()
    sort_code_encrypted = EncryptedField()
    account_number_encrypted = EncryptedField()
    account_number_ending = models.CharField(max_length=4)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "bank details"

    def __str__(self):
        return f"bank details of person {self.person_id}"

    def set_clear(self, *, account_name: str, sort_code: str, account_number: str) -> None:
        self.account_name_encrypted = crypto.encrypt(account_name)
        self.sort_code_encrypted = crypto.encrypt(sort_code)
        self.account_number_encrypted = crypto.encrypt(account_number)
        self.account_number_ending = account_number[-4:]

    def reveal(self) -> ClearBankDetails:
        return ClearBankDetails(
            account_name=crypto.decrypt(self.account_name_encrypted),
            sort_code=crypto.decrypt(self.sort_code_encrypted),
            account_number=crypto.decrypt(self.account_number_encrypted),
        )

    @property
    def masked_account(self) -> str:
        return mask(self.account_number_ending)


class PaymentBatch(models.Model):
    """Approved claims gathered for one run of the finance system."""

    reference = models.CharField(max_length=30, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "payment batches"

    def __str__(self):
        return self.reference

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class ClaimQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("person", "meeting", "meeting__project", "meeting__body")

    def counting_towards_limit(self):
        """Claims whose time payment counts as earnings: approved or waiting, paid by bank transfer."""
        return self.filter(payout=choices.Payout.BANK).exclude(
            status__in=[choices.ClaimStatus.WITHDRAWN, choices.ClaimStatus.DRAFT]
        )

    def with_money(self):
        """Annotate each claim, from its ledger entries alone, with what the programme still owes the person
        (`amount_due`; negative when they were overpaid and owe it back) and what went out to them, less
        anything paid back (`amount_paid`)."""
        return self.annotate(
            ledger_due=_claim_net(choices.LedgerAccount.OWED, "credit", "debit"),
            ledger_paid=_claim_net(list(choices.PAID_ACCOUNT.values()), "credit", "debit"),
        )


def _claim_net(accounts, plus: str, minus: str):
    accounts = [accounts] if isinstance(accounts, str) else accounts
    net = (
        LedgerEntry.objects.filter(claim=OuterRef("pk"), account__in=accounts)
        .order_by()
        .values("claim")
        .annotate(net=Sum(plus) - Sum(minus))
        .values("net")
    )
    return Coalesce(
        Subquery(net),
        Value(Decimal("0.00")),
        output_field=models.DecimalField(max_digits=10, decimal_places=2),
    )


class Claim(models.Model):
    """One person's claim for one meeting: the time payment at the rate in force on the meeting's date and
    any expenses. Money amounts are stored to the penny; the ledger (not these fields) is the record of
    what was approved and paid."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="claims")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(
        max_length=10, choices=choices.ClaimStatus.choices, default=choices.ClaimStatus.DRAFT, db_index=True
    )
    # Time: none for people who volunteer their time (they may still claim expenses).
    activity = models.CharField(max_length=20, choices=choices.Activity.choices, blank=True)
    rate = models.ForeignKey(ActivityRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    time_amount = money_field(default=Decimal("0.00"))
    expenses_amount = money_field(default=Decimal("0.00"))
    payout = models.CharField(max_length=10, choices=choices.Payout.choices, default=choices.Payout.BANK)
    charity_name = models.CharField(max_length=150, blank=True)
    # The day whose week (or month) the time payment counts in for benefit limits: the meeting's date
    # unless it was moved to another period.
    earnings_date = models.DateField()
    benefit_decision = models.CharField(
        max_length=12, choices=choices.BenefitDecision.choices, blank=True, default=""
    )
    # When staff made the benefit-limit choice for the person: how they asked them and what the person said.
    benefit_asked_how = models.CharField(max_length=10, choices=choices.AskedHow.choices, blank=True)
    benefit_answer = models.CharField(max_length=300, blank=True)
    # What a reduction for the limit took off the payment for time (hours × rate).
    benefit_reduced_by = money_field(default=Decimal("0.00"))
    cost_centre = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    query_message = models.TextField(blank=True)
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    paid_on = models.DateField(null=True, blank=True)
    # Whole days from submission to payment, stored when paid so the dashboard never recomputes them.
    days_to_payment = models.PositiveIntegerField(null=True, blank=True)
    # Attendance changed after approval: finance must correct through the ledger.
    attendance_changed_at = models.DateTimeField(null=True, blank=True)
    # An officer started the claim for the person (they may not use the website).
    started_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # How many corrections were made: a correction is a conditional UPDATE on this count, so two finance
    # approvers correcting from the same figures at the same moment cannot both succeed.
    corrections_made = models.PositiveIntegerField(default=0)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "meeting"], name="one_claim_per_person_per_meeting"),
            models.CheckConstraint(
                condition=Q(time_amount__gte=0) & Q(expenses_amount__gte=0), name="claim_amounts_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "earnings_date"]),
            models.Index(fields=["status", "approved_at"]),
            models.Index(fields=["paid_on"]),
            # The claims lists show the newest first, a page at a time.
            models.Index(fields=["-created_at", "-id"], name="claim_newest_first"),
            # The dashboard's "attendance changed after the claim": the few such claims, newest first.
            models.Index(
                fields=["-attendance_changed_at"],
                condition=Q(attendance_changed_at__isnull=False),
                name="claim_attendance_changed",
            ),
        ]

    def __str__(self):
        return f"Claim {self.pk}"

    @property
    def reference(self) -> str:
        return f"CL-{self.pk:06d}"

    @property
    def total(self) -> Decimal:
        return self.time_amount + self.expenses_amount

    # SQLite returns sums over expressions unscaled (40 for 40.00): the pages show pounds and pence.
    @property
    def amount_due(self) -> Decimal:
        return Decimal(self.ledger_due).quantize(PENNY)

    @property
    def amount_paid(self) -> Decimal:
        return Decimal(self.ledger_paid).quantize(PENNY)

    @property
    def batch_amount(self) -> Decimal:
        """What this claim is paid in the batch it was listed for (needs selectors.batch_claims)."""
        return Decimal(self.ledger_batch_amount).quantize(PENNY)

    @property
    def batch_payout(self) -> str:
        """How this claim was paid in the batch it was listed for (needs selectors.batch_claims)."""
        paid_by = {account: payout for payout, account in choices.PAID_ACCOUNT.items()}
        return paid_by.get(self.ledger_batch_account, self.payout)

    @property
    def owed_back(self) -> Decimal:
        """What the person was overpaid and owes back, after a correction (needs with_money())."""
        return max(Decimal("0.00"), -self.amount_due)

    @property
    def benefit_decision_for_member(self) -> str:
        return choices.DECISION_DONE_FOR_MEMBER.get(self.benefit_decision, "")

    @property
    def time_before_reduction(self) -> Decimal:
        return self.time_amount + self.benefit_reduced_by

    @property
    def is_editable(self) -> bool:
        return self.status in choices.EDITABLE_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.status in choices.PENDING_STATUSES


def receipt_upload_to(line, filename):
    # The uploaded name is never trusted: a random name under the claim, keeping the checked extension.
    return f"payments/receipts/{line.claim_id}/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class ExpenseLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=choices.ExpenseKind.choices)
    description = models.CharField(max_length=200, blank=True)
    from_place = models.CharField("From", max_length=150, blank=True)
    to_place = models.CharField("To", max_length=150, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    vehicle = models.CharField(max_length=12, choices=choices.ExpenseRateKind.choices, blank=True)
    passengers = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField("Why a taxi was needed", max_length=300, blank=True)
    amount = money_field()
    receipt = models.FileField(upload_to=receipt_upload_to, max_length=300, blank=True)
    receipt_name = models.CharField(max_length=255, blank=True)
    receipt_content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount)}"


class Correction(models.Model):
    """A finance approver put right an approved or paid claim: the figures before and after, and why. The
    money is in the ledger (entries reversing what was posted and, where an amount is due, the corrected
    amount); this row records what changed, so pages and statements can say so. Never edited."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="corrections")
    reason = models.CharField(max_length=300)
    hours_before = models.DecimalField(max_digits=5, decimal_places=2)
    hours_after = models.DecimalField(max_digits=5, decimal_places=2)
    time_before = money_field()
    time_after = money_field()
    expenses_before = money_field()
    expenses_after = money_field()
    payout_before = models.CharField(max_length=10, choices=choices.Payout.choices)
    payout_after = models.CharField(max_length=10, choices=choices.Payout.choices)
    # What the programme owed the person on this claim just after the correction (negative: to pay back).
    balance_after = money_field()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_after__gte=0) & Q(expenses_after__gte=0), name="correction_not_negative"
            ),
        ]

    def __str__(self):
        return f"Correction of claim {self.claim_id}"

    @property
    def total_before(self) -> Decimal:
        return self.time_before + self.expenses_before

    @property
    def total_after(self) -> Decimal:
        return self.time_after + self.expenses_after


class LedgerEntry(models.Model):
    """One side of one movement of money. A movement (`transaction`) is a balanced set of entries: its
    debits equal its credits. The database refuses UPDATE and DELETE on this table; a mistake is put right
    by a correction that reverses entries, with a reason."""

    transaction = models.UUIDField(db_index=True)
    movement = models.CharField(max_length=12, choices=choices.Movement.choices)
    account = models.CharField(max_length=16, choices=choices.LedgerAccount.choices)
    debit = money_field(default=Decimal("0.00"))
    credit = money_field(default=Decimal("0.00"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="ledger_entries")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="ledger_entries")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cost_centre = models.CharField(max_length=20)
    posted_on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    reverses = models.UUIDField(null=True, blank=True)
    # The batch a payment was made in (payment entries only): what each batch paid, from the entries alone.
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                name="ledger_entry_one_side",
            )
        ]
        indexes = [
            models.Index(fields=["person", "posted_on"]),
            models.Index(fields=["claim", "movement"]),
            models.Index(fields=["account", "posted_on"]),
        ]

    def __str__(self):
        side = f"Dr {self.debit}" if self.debit else f"Cr {self.credit}"
        return f"{self.get_account_display()} {side}"


class LedgerTotal(models.Model):
    """The ledger's debits and credits summed per account, cost centre and year, in whole pence, so that the
    dashboards read a few dozen rows instead of summing every entry of every year (decision 0011). Each
    posting adds to these rows in its own transaction (`ledger.post`); `ledger.rebuild_totals` makes them
    again from the entries. Pence are integers, so running sums stay exact on SQLite too."""

    account = models.CharField(max_length=16, choices=choices.LedgerAccount.choices)
    cost_centre = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    debit_pence = models.BigIntegerField(default=0)
    credit_pence = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "cost_centre", "year"], name="ledger_total_one_row")
        ]

    def __str__(self):
        return f"{self.get_account_display()} {self.cost_centre} {self.year}"
