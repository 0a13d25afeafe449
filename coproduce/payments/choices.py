"""The fixed lists payments are built from. Rates and benefit limits are dated rows (models), not choices."""

from django.db import models


class Activity(models.TextChoices):
    MEETING = "meeting", "Meeting"
    HALF_DAY = "half_day", "Half day"
    FULL_DAY = "full_day", "Full day"
    PREPARATION = "preparation", "Preparation time"
    CO_CHAIRING = "co_chairing", "Co-chairing"
    TRAINING = "training", "Training delivery"
    PEER_RESEARCH = "peer_research", "Peer research"
    INTERVIEW_PANEL = "interview_panel", "Interview panel"


class RateUnit(models.TextChoices):
    HOUR = "hour", "per hour"
    SESSION = "session", "per session"


class ExpenseRateKind(models.TextChoices):
    CAR = "car", "Car mileage (per mile)"
    MOTORCYCLE = "motorcycle", "Motorcycle mileage (per mile)"
    BICYCLE = "bicycle", "Bicycle (per mile)"
    PASSENGER = "passenger", "Passenger supplement (per passenger per mile)"


VEHICLES = (ExpenseRateKind.CAR, ExpenseRateKind.MOTORCYCLE, ExpenseRateKind.BICYCLE)


class ExpenseKind(models.TextChoices):
    MILEAGE = "mileage", "Mileage"
    PUBLIC_TRANSPORT = "public_transport", "Bus, train or tram fare"
    TAXI = "taxi", "Taxi"
    CARE = "care", "Replacement care or childcare"
    MEAL = "meal", "Meal"


class PaymentMethod(models.TextChoices):
    BANK = "bank", "Be paid by bank transfer"
    VOUCHER = "voucher", "Take a voucher"
    DONATE = "donate", "Donate it to a charity"
    REDUCE = "reduce", "Be paid a smaller amount that I choose"
    DECLINE = "decline", "Decline payment for my time (volunteer)"


# Choices whose money goes by bank transfer, so bank details are kept: volunteers decline payment for their
# time, but their expenses are still paid back into their account.
BANK_DETAILS_METHODS = (PaymentMethod.BANK, PaymentMethod.REDUCE, PaymentMethod.DECLINE)


class Payout(models.TextChoices):
    """How the money of one approved claim leaves the programme."""

    BANK = "bank", "Bank transfer"
    VOUCHER = "voucher", "Voucher"
    DONATION = "donation", "Donation"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SUBMITTED = "submitted", "Waiting for the organiser"
    CHECKED = "checked", "Waiting for finance"
    QUERIED = "queried", "Queried"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Claims the person (or an officer) may still change.
EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.QUERIED)
# Claims waiting for a decision (benefits warnings are shown on these and never after approval).
PENDING_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.CHECKED, ClaimStatus.QUERIED)


class BenefitPeriod(models.TextChoices):
    WEEK = "week", "a week (Monday to Sunday)"
    MONTH = "month", "a calendar month"
    # Universal Credit: a month starting on the day of the month the person's claim started.
    ASSESSMENT = "assessment", "a monthly assessment period (Universal Credit)"


class BenefitDecision(models.TextChoices):
    """What was chosen when a claim would have taken someone over their earnings limit."""

    NONE = "", "No limit reached"
    REDUCED = "reduced", "Reduced to stay within the limit"
    DEFERRED = "deferred", "Moved to another period"
    VOUCHER = "voucher", "Taken as a voucher"
    DONATION = "donation", "Donated"
    PAY_IN_FULL = "pay_in_full", "Paid in full: the person chose this knowing the limit"


# The same choices as the member reads them on their own claim (BenefitDecision's labels are staff records).
DECISION_FOR_MEMBER = {
    BenefitDecision.REDUCED: "Reduce the payment for my time so that I stay within my limit",
    BenefitDecision.DEFERRED: "Count the payment in a later week or month",
    BenefitDecision.VOUCHER: "Take it as a voucher instead",
    BenefitDecision.DONATION: "Donate it to a charity instead",
    BenefitDecision.PAY_IN_FULL: "Pay me in full: I understand it takes me over my limit",
}
# What was done, as the member reads it on their claim and in the approval message.
DECISION_DONE_FOR_MEMBER = {
    BenefitDecision.REDUCED: "The payment for your time was reduced so that you stay within your limit",
    BenefitDecision.DEFERRED: "The payment was moved to count in a later period",
    BenefitDecision.VOUCHER: "The payment was changed to a voucher",
    BenefitDecision.DONATION: "The payment was changed to a donation",
    BenefitDecision.PAY_IN_FULL: "You chose to be paid in full, knowing it takes you over your limit",
}


class AskedHow(models.TextChoices):
    """How finance asked the person before choosing for them what happens at their benefit limit."""

    PHONE = "phone", "By phone"
    LETTER = "letter", "By letter"
    EMAIL = "email", "By email"
    TEXT = "text", "By text message"
    IN_PERSON = "in_person", "In person"


class LedgerAccount(models.TextChoices):
    TIME_COSTS = "time_costs", "Payments for time"
    EXPENSE_COSTS = "expense_costs", "Expenses"
    OWED = "owed", "Owed to people"
    PAID_BANK = "paid_bank", "Paid by bank transfer"
    PAID_VOUCHER = "paid_voucher", "Given as vouchers"
    PAID_DONATION = "paid_donation", "Donated to charities"


COST_ACCOUNTS = (LedgerAccount.TIME_COSTS, LedgerAccount.EXPENSE_COSTS)
PAID_ACCOUNT = {
    Payout.BANK: LedgerAccount.PAID_BANK,
    Payout.VOUCHER: LedgerAccount.PAID_VOUCHER,
    Payout.DONATION: LedgerAccount.PAID_DONATION,
}


class Movement(models.TextChoices):
    APPROVAL = "approval", "Claim approved"
    PAYMENT = "payment", "Payment made"
    CORRECTION = "correction", "Correction (reversal)"
    CORRECTED = "corrected", "Corrected amount approved"
    REPAID = "repaid", "Overpayment paid back"


# Movements that approve an amount for a claim (a correction reverses the latest of them).
APPROVING_MOVEMENTS = (Movement.APPROVAL, Movement.CORRECTED)
