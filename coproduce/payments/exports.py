"""The files a payment batch is exported as for the finance system (the column layout is documented in
docs/configuration.md under "Payment batch files"): bank transfers, vouchers and donations separately."""

from __future__ import annotations

from .choices import Payout

BANK_COLUMNS = ["Payee reference", "Sort code", "Account number", "Amount", "Reference", "Cost centre"]
VOUCHER_COLUMNS = ["Payee reference", "Name", "Email", "Amount", "Reference", "Cost centre"]
DONATION_COLUMNS = ["Payee reference", "Charity", "Amount", "Reference", "Cost centre"]

FILES = {
    "bank": ("Bank transfers", Payout.BANK),
    "vouchers": ("Vouchers", Payout.VOUCHER),
    "donations": ("Donations", Payout.DONATION),
}


def payee_reference(person) -> str:
    return f"CP{person.pk:07d}"


def _bank_row(claim) -> list:
    # The finance system needs the full numbers: one of the few places that decrypts them.
    clear = claim.person.bank_details.reveal()
    return [
        payee_reference(claim.person),
        clear.sort_code,
        clear.account_number,
        claim.batch_amount,
        claim.reference,
        claim.cost_centre,
    ]


def _voucher_row(claim) -> list:
    person = claim.person
    return [
        payee_reference(person),
        person.full_name,
        person.email,
        claim.batch_amount,
        claim.reference,
        claim.cost_centre,
    ]


def _donation_row(claim) -> list:
    return [
        payee_reference(claim.person),
        claim.charity_name,
        claim.batch_amount,
        claim.reference,
        claim.cost_centre,
    ]


LAYOUT = {
    "bank": (BANK_COLUMNS, _bank_row),
    "vouchers": (VOUCHER_COLUMNS, _voucher_row),
    "donations": (DONATION_COLUMNS, _donation_row),
}


def rows(file_kind: str, claims):
    """The header, then one row per claim of the batch paid this way, for the amount paid (or to pay) in this
    batch: after a correction that can differ from the claim's total. A claim that cannot be paid (no bank
    details, no email for a voucher, no charity) is never a line: the batch page flags it and the batch
    cannot be marked paid until it is taken out or the details are added."""
    columns, row = LAYOUT[file_kind]
    payout = FILES[file_kind][1]
    yield columns
    for claim in claims:
        if claim.batch_payout == payout and _payable(file_kind, claim):
            yield row(claim)


def _payable(file_kind: str, claim) -> bool:
    if file_kind == "bank":
        return getattr(claim.person, "bank_details", None) is not None
    if file_kind == "vouchers":
        return bool(claim.person.email)
    if file_kind == "donations":
        return bool(claim.charity_name.strip())
    return True


# The whole ledger for the finance system or an auditor: one row per entry, oldest first.
LEDGER_COLUMNS = [
    "Entry",
    "Movement id",
    "Posted on",
    "Movement",
    "Account",
    "Debit",
    "Credit",
    "Claim",
    "Person",
    "Project",
    "Cost centre",
    "Batch",
    "Reason",
]
LEDGER_FIELDS = (
    "id",
    "transaction",
    "posted_on",
    "movement",
    "account",
    "debit",
    "credit",
    "claim_id",
    "person_id",
    "project_id",
    "cost_centre",
    "batch_id",
    "reason",
)
CHUNK_SIZE = 2000


def ledger_rows(entries):
    """The header, then each entry of `entries` (a queryset) as a row, read `CHUNK_SIZE` at a time with
    .iterator(), so a ledger of any length streams in constant memory (bench/exports.py measures it)."""
    yield LEDGER_COLUMNS
    for values in entries.values_list(*LEDGER_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield [("" if value is None else value) for value in values]
