"""Payments' part of a person's data: their payment choice, bank details (masked), claims, expenses and
corrections of their claims (registered from PaymentsConfig.ready()).

Erasure deletes bank details but keeps claims, expense lines, corrections and the ledger: financial records
must be kept (see FINANCIAL_RECORDS_KEPT_YEARS).
"""

from coproduce.people import personal_data

from . import selectors
from .models import BankDetails, Claim, Correction, ExpenseLine, PaymentChoice

# HMRC guidance: keep records of payments for 6 years after the end of the tax year they belong to (the
# current tax year plus 6). Documented in docs/configuration.md and shown on the "Delete your account" page.
FINANCIAL_RECORDS_KEPT_YEARS = 6

BANK_DETAILS_NOTE = (
    "Only the last 4 digits of your account number are shown, and no sort code, so that this file is of no "
    "use to anyone who gets hold of it. You can see and change your bank details on your payments page."
)

KEPT_ON_ERASURE = (
    "your claims, expenses and payment records: HMRC guidance says we must keep them for "
    f"{FINANCIAL_RECORDS_KEPT_YEARS} years after the end of the tax year they were paid in (we delete your "
    "bank details straight away)"
)


def _iso(value):
    return value.isoformat() if value else None


def _money(value):
    return str(value) if value is not None else None


def _choice_rows(person) -> list[dict]:
    choice = PaymentChoice.objects.filter(person=person).first()
    if choice is None:
        return []
    return [
        {
            "method": choice.get_method_display(),
            "charity_name": choice.charity_name,
            "most_for_one_claim": _money(choice.reduce_to),
            "benefit_limit": choice.benefit_limit_code,
            "assessment_period_starts_on_day": choice.assessment_day,
            "updated_at": _iso(choice.updated_at),
        }
    ]


def _bank_rows(person) -> list[dict]:
    details = BankDetails.objects.filter(person=person).first()
    if details is None:
        return []
    return [
        {
            # Their own name on the account, decrypted for them; the number stays masked.
            "account_name": details.reveal().account_name,
            "account_number": details.masked_account,
            "updated_at": _iso(details.updated_at),
            "note": BANK_DETAILS_NOTE,
        }
    ]


def _claim_rows(claims) -> list[dict]:
    return [
        {
            "claim": claim.reference,
            "meeting": claim.meeting.title,
            "status": claim.get_status_display(),
            "hours": str(claim.hours),
            "time_amount": _money(claim.time_amount),
            "expenses_amount": _money(claim.expenses_amount),
            "total": _money(claim.total),
            "paid_as": claim.get_payout_display(),
            "earnings_date": _iso(claim.earnings_date),
            "submitted_at": _iso(claim.submitted_at),
            "approved_at": _iso(claim.approved_at),
            "paid_on": _iso(claim.paid_on),
            "started_on_your_behalf": claim.started_on_behalf_by_id is not None,
        }
        for claim in claims
    ]


def _correction_rows(person) -> list[dict]:
    corrections = Correction.objects.filter(claim__person=person).select_related("claim")
    return [
        {
            "claim": correction.claim.reference,
            "reason": correction.reason,
            "hours_before": str(correction.hours_before),
            "hours_after": str(correction.hours_after),
            "total_before": _money(correction.total_before),
            "total_after": _money(correction.total_after),
            "paid_as_before": correction.get_payout_before_display(),
            "paid_as_after": correction.get_payout_after_display(),
            "owed_after": _money(correction.balance_after),
            "corrected_at": _iso(correction.created_at),
        }
        for correction in corrections
    ]


def _expense_rows(person) -> list[dict]:
    lines = (
        ExpenseLine.objects.filter(claim__person=person).select_related("claim").order_by("added_at", "id")
    )
    return [
        {
            "claim": line.claim.reference,
            "kind": line.get_kind_display(),
            "description": line.description,
            "from": line.from_place,
            "to": line.to_place,
            "miles": _money(line.miles),
            "amount": _money(line.amount),
            "added_at": _iso(line.added_at),
        }
        for line in lines
    ]


def download(person) -> dict[str, list[dict]]:
    claims = Claim.objects.filter(person=person).select_related("meeting").order_by("created_at", "id")
    parts = {
        "payment_choice": _choice_rows(person),
        "bank_details": _bank_rows(person),
        "claims": _claim_rows(claims),
        "expense_lines": _expense_rows(person),
        "claim_corrections": _correction_rows(person),
    }
    return {name: rows for name, rows in parts.items() if rows}


def erase(person) -> list[str]:
    BankDetails.objects.filter(person=person).delete()
    return ["bank_details"]


def involvement(person):
    paid = selectors.paid_this_tax_year(person, none_if_nothing=True)
    # Money paid this tax year means a claim; only someone paid nothing yet is asked whether they claimed.
    if paid is None and not Claim.objects.filter(person=person).exists():
        return None
    context = {"paid_this_tax_year": paid if paid is not None else selectors.ZERO}
    return personal_data.Involvement("payments/member/_involvement.html", context)


def register():
    personal_data.register(
        "payments", download=download, erase=erase, involvement=involvement, kept=KEPT_ON_ERASURE
    )
