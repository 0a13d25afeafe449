"""Forms for payments. Every message says what to do; amounts are Decimal to the penny."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coproduce.core.forms import DateField
from coproduce.core.uploads import IMAGES_AND_PDF, check_upload

from . import choices, selectors
from .models import (
    ACCOUNT_NUMBER_MESSAGE,
    SORT_CODE_MESSAGE,
    BenefitLimit,
    ExpenseLine,
    normal_account_number,
    normal_sort_code,
)

PENNY = Decimal("0.01")


def money(label: str, *, required=True, help_text="", max_value=Decimal("99999.99")) -> forms.DecimalField:
    # Messages name the field without the label's hints in brackets, so they read well aloud.
    name = re.sub(r"\s*\([^)]*\)", "", label)
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=10,
        decimal_places=2,
        min_value=PENNY,
        max_value=max_value,
        error_messages={
            "required": f"Enter the {name.lower()}",
            "invalid": f"{name} must be an amount of money, like 12.50",
            "min_value": f"{name} must be more than £0",
            "max_value": f"{name} must be £{max_value} or less",
            "max_decimal_places": f"{name} must be in pounds and pence, like 12.50",
            "max_digits": f"{name} must be £{max_value} or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )


def benefit_limit_choices():
    names = dict(BenefitLimit.objects.order_by("code", "-effective_from").values_list("code", "name"))
    return [("", "No limit applies to me, or I prefer not to say")] + sorted(
        names.items(), key=lambda item: item[1]
    )


class PaymentChoiceForm(forms.Form):
    method = forms.ChoiceField(
        label="How would you like to be recognised for your time?",
        choices=choices.PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like to be recognised for your time"},
    )
    charity_name = forms.CharField(label="Which charity? (if you donate it)", required=False, max_length=150)
    reduce_to = money("Most you want to be paid for one claim (if you reduce it)", required=False)
    benefit_limit_code = forms.ChoiceField(
        label="Do you get a benefit that limits what you can earn?",
        required=False,
        widget=forms.RadioSelect,
        help_text="We use this to warn you before a payment would take you over the limit.",
    )
    assessment_day = forms.IntegerField(
        label="If your limit is over an assessment period: the day of the month it starts",
        help_text="For example, 17 if your Universal Credit assessment periods run from the 17th. "
        "It is on your Universal Credit statement.",
        required=False,
        min_value=1,
        max_value=31,
        error_messages={
            "invalid": "Enter the day as a number from 1 to 31, like 17",
            "min_value": "Enter a day from 1 to 31",
            "max_value": "Enter a day from 1 to 31",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit_limit_code"].choices = benefit_limit_choices()

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == choices.PaymentMethod.DONATE and not data.get("charity_name", "").strip():
            self.add_error("charity_name", "Enter the name of the charity you want to donate to")
        reduce_missing = data.get("reduce_to") is None and "reduce_to" not in self.errors
        if method == choices.PaymentMethod.REDUCE and reduce_missing:
            self.add_error("reduce_to", "Enter the most you want to be paid for one claim")
        if method != choices.PaymentMethod.DONATE:
            data["charity_name"] = ""
        if method != choices.PaymentMethod.REDUCE:
            data["reduce_to"] = None
        self._clean_assessment_day(data)
        return data

    def _clean_assessment_day(self, data):
        by_assessment = BenefitLimit.objects.filter(
            code=data.get("benefit_limit_code") or None, period=choices.BenefitPeriod.ASSESSMENT
        ).exists()
        if not by_assessment:
            data["assessment_day"] = None
        elif data.get("assessment_day") is None and "assessment_day" not in self.errors:
            self.add_error("assessment_day", "Enter the day of the month your assessment period starts")


class BankDetailsForm(forms.Form):
    account_name = forms.CharField(
        label="Name on the account",
        max_length=100,
        error_messages={"required": "Enter the name on the account"},
    )
    sort_code = forms.CharField(
        label="Sort code",
        max_length=20,
        help_text="Must be 6 digits long",
        error_messages={"required": "Enter a sort code"},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-5", "autocomplete": "off"}
        ),
    )
    account_number = forms.CharField(
        label="Account number",
        max_length=20,
        help_text="Must be between 6 and 8 digits long",
        error_messages={"required": "Enter an account number"},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-10", "autocomplete": "off"}
        ),
    )

    def clean_account_name(self):
        return " ".join(self.cleaned_data["account_name"].split())

    def clean_sort_code(self):
        value = normal_sort_code(self.cleaned_data["sort_code"])
        if value is None:
            raise ValidationError(SORT_CODE_MESSAGE)
        return value

    def clean_account_number(self):
        value = normal_account_number(self.cleaned_data["account_number"])
        if value is None:
            raise ValidationError(ACCOUNT_NUMBER_MESSAGE)
        return value


class VoucherEmailForm(forms.Form):
    """Where vouchers are sent: the voucher file gives the finance system an email address (e-vouchers), so
    this is the email address on the person's profile."""

    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address to send your vouchers to",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class CharityForm(forms.Form):
    charity_name = forms.CharField(
        label="Which charity should we give it to?",
        max_length=150,
        help_text="The name of a registered charity, for example a local food bank or hospice.",
        error_messages={"required": "Enter the name of the charity you want to donate to"},
    )


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the expense?",
        choices=choices.ExpenseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the expense is"},
    )
    vehicle = forms.ChoiceField(
        label="Vehicle (for mileage)",
        required=False,
        choices=[("", "Choose a vehicle")] + [(v.value, v.label) for v in choices.VEHICLES],
    )
    from_place = forms.CharField(label="From (for mileage)", required=False, max_length=150)
    to_place = forms.CharField(label="To (for mileage)", required=False, max_length=150)
    miles = forms.DecimalField(
        label="Miles (for mileage)",
        required=False,
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        error_messages={
            "invalid": "Miles must be a number, like 12.5",
            "min_value": "Miles must be more than 0",
            "max_decimal_places": "Miles must have at most one decimal place, like 12.5",
            "max_digits": "Miles must be a smaller number",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    passengers = forms.IntegerField(
        label="Passengers you gave a lift to (for mileage)",
        required=False,
        min_value=0,
        max_value=8,
        error_messages={
            "invalid": "Passengers must be a whole number",
            "min_value": "Passengers must be 0 or more",
            "max_value": "Passengers must be 8 or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
    amount = money("Amount (£) (not needed for mileage)", required=False)
    description = forms.CharField(label="Details (optional)", required=False, max_length=200)
    reason = forms.CharField(label="Why a taxi was needed (for a taxi)", required=False, max_length=300)
    receipt = forms.FileField(
        label="Receipt (optional for mileage)",
        required=False,
        help_text="A photo (JPEG, PNG or GIF) or a PDF",
    )

    def clean_miles(self):
        miles = self.cleaned_data.get("miles")
        limit = settings.COPRODUCE["PAYMENTS_MAX_MILES"]
        if miles is not None and miles > limit:
            raise ValidationError(f"Miles must be {limit} or fewer. Contact the team about a longer journey")
        return miles

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            self.receipt_content_type = check_upload(
                receipt,
                kinds=IMAGES_AND_PDF,
                max_mb=settings.COPRODUCE["PAYMENTS_RECEIPT_MAX_MB"],
                allowed_names="photo (JPEG, PNG or GIF) or a PDF",
            )
        return receipt

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == choices.ExpenseKind.MILEAGE:
            self._clean_mileage(data)
        elif kind:
            self._clean_amount(kind, data)
        return data

    def _clean_mileage(self, data):
        for name, message in (
            ("vehicle", "Select the vehicle"),
            ("from_place", "Enter where the journey started"),
            ("to_place", "Enter where the journey ended"),
            ("miles", "Enter the miles travelled"),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        data["amount"] = None

    def _clean_amount(self, kind, data):
        amount = data.get("amount")
        if amount is None:
            if "amount" not in self.errors:
                self.add_error("amount", "Enter the amount")
            return
        largest = settings.COPRODUCE["PAYMENTS_MAX_EXPENSE"]
        if kind == choices.ExpenseKind.MEAL:
            largest = settings.COPRODUCE["PAYMENTS_MEAL_LIMIT"]
        if amount > largest:
            self.add_error("amount", f"Amount must be £{largest} or less for this kind of expense")
        if kind == choices.ExpenseKind.TAXI and not data.get("reason", "").strip():
            self.add_error("reason", "Enter why a taxi was needed")
        if not data.get("receipt") and "receipt" not in self.errors:
            self.add_error("receipt", "Upload a photo or PDF of the receipt")

    def line_for(self, claim) -> ExpenseLine:
        """The expense line this valid form describes (mileage worked out at the rate on the meeting's date),
        not yet saved: services.add_expense saves it."""
        data = self.cleaned_data
        line = ExpenseLine(
            kind=data["kind"],
            description=data.get("description", ""),
            reason=data.get("reason", "") if data["kind"] == choices.ExpenseKind.TAXI else "",
        )
        if data["kind"] == choices.ExpenseKind.MILEAGE:
            line.vehicle, line.miles = data["vehicle"], data["miles"]
            line.from_place, line.to_place = data["from_place"], data["to_place"]
            line.passengers = data.get("passengers") or 0
            line.amount = selectors.mileage_amount(
                line.vehicle, line.miles, line.passengers, selectors.meeting_date(claim.meeting)
            )
        else:
            line.amount = data["amount"]
        receipt = data.get("receipt")
        if receipt:
            line.receipt = receipt
            line.receipt_name = receipt.name[:255]
            line.receipt_content_type = self.receipt_content_type
        return line


class StartClaimForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label="Which meeting is the claim for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the meeting",
            "invalid_choice": "Select one of the meetings listed",
        },
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (meeting.pk, f"{meeting.title}, {meeting.starts_at:%-d %B %Y}") for meeting in meetings
        ]


class QueryForm(forms.Form):
    message = forms.CharField(
        label="What needs to change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what needs to change"},
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        error_messages={"required": "Enter the reason for the correction"},
    )


class ClaimCorrectionForm(forms.Form):
    """Correct an approved or paid claim: the right figures, and why. `seen` is how many corrections the
    approver's page showed, so a correction made meanwhile by someone else is not overwritten."""

    reason = forms.CharField(
        label="Reason for the correction",
        help_text="The person sees this on their claim and statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        error_messages={
            "required": "Enter the reason for the correction",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
    hours = forms.DecimalField(
        label="Correct hours",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=24,
        error_messages={
            "required": "Enter the correct hours",
            "invalid": "Hours must be a number, like 2.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
            "max_decimal_places": "Hours must have at most two decimal places",
            "max_digits": "Hours must be 24 or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    expenses_amount = forms.DecimalField(
        label="Correct expenses in all (£)",
        help_text="For example, the mileage worked out again. Enter 0 if no expenses are due",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        max_value=Decimal("5000.00"),
        error_messages={
            "required": "Enter the correct expenses, or 0",
            "invalid": "Expenses must be an amount of money, like 12.50",
            "min_value": "Expenses cannot be less than £0",
            "max_value": "Expenses must be £5000.00 or less",
            "max_digits": "Expenses must be £5000.00 or less",
            "max_decimal_places": "Expenses must be in pounds and pence, like 12.50",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    payout = forms.ChoiceField(
        label="Paid as",
        choices=choices.Payout.choices,
        widget=forms.RadioSelect,
        help_text="If a paid claim went the wrong way, change this only once the money has been recovered",
        error_messages={"required": "Select how the claim is paid"},
    )
    charity_name = forms.CharField(label="Charity (if donated)", required=False, max_length=150)
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("payout") == choices.Payout.DONATION and not data.get("charity_name", "").strip():
            self.add_error("charity_name", "Enter the name of the charity")
        return data


class StartClaimForOfficerForm(StartClaimForm):
    expenses_only = forms.BooleanField(
        label="Expenses only: no payment for time",
        required=False,
        help_text="For example, they volunteer their time, or their attendance gave no time to claim",
    )


class BenefitDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What would you like to do?",
        choices=[(c.value, c.label) for c in choices.BenefitDecision if c.value],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to do about the limit"},
    )
    defer_to = DateField(
        error_name="The later date",
        label="Date in the later week or month the payment should count in",
        required=False,
    )
    charity = forms.CharField(label="Charity (if donating)", required=False, max_length=150)
    asked_how = forms.ChoiceField(
        label="How did you ask the person?",
        help_text="The person decides. Record how you asked them and what they told you.",
        choices=choices.AskedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you asked the person"},
    )
    answer = forms.CharField(
        label="What did they tell you they want?",
        max_length=300,
        error_messages={"required": "Enter what the person told you they want"},
    )

    def __init__(self, *args, for_member=False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_member:
            # The member decides on their own claim: nobody asked them, and the choices speak to them.
            del self.fields["asked_how"], self.fields["answer"]
            self.fields["decision"].choices = list(choices.DECISION_FOR_MEMBER.items())
            self.fields["decision"].label = "What would you like us to do?"

    def clean(self):
        data = super().clean()
        date_missing = not data.get("defer_to") and "defer_to" not in self.errors
        if data.get("decision") == choices.BenefitDecision.DEFERRED and date_missing:
            self.add_error("defer_to", "Enter the date the payment should count in")
        if data.get("decision") == choices.BenefitDecision.DONATION and not data.get("charity", "").strip():
            self.add_error("charity", "Enter the name of the charity")
        return data


class ChangeTimeForm(forms.Form):
    activity = forms.ChoiceField(label="Activity", choices=choices.Activity.choices)
    hours = forms.DecimalField(
        label="Hours",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=24,
        error_messages={
            "required": "Enter the hours",
            "invalid": "Hours must be a number, like 2.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
            "max_decimal_places": "Hours must have at most two decimal places",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )


class ActivityRateForm(forms.Form):
    activity = forms.ChoiceField(label="Activity", choices=choices.Activity.choices)
    unit = forms.ChoiceField(label="Paid", choices=choices.RateUnit.choices, widget=forms.RadioSelect)
    amount = money("Amount (£)", max_value=Decimal("1000.00"))
    effective_from = DateField(
        error_name="The start date",
        label="Starts on",
        error_messages={"required": "Enter the date it starts on"},
    )


class ExpenseRateForm(forms.Form):
    kind = forms.ChoiceField(label="Rate", choices=choices.ExpenseRateKind.choices)
    amount = money("Amount per mile (£)", max_value=Decimal("5.00"))
    effective_from = DateField(
        error_name="The start date",
        label="Starts on",
        error_messages={"required": "Enter the date it starts on"},
    )


class BenefitLimitForm(forms.Form):
    code = forms.SlugField(
        label="Short code",
        max_length=40,
        help_text="Use the same code as an existing limit to give it a new figure from a date",
        error_messages={"required": "Enter a short code", "invalid": "Use only letters, numbers and hyphens"},
    )
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the name"})
    period = forms.ChoiceField(label="Over", choices=choices.BenefitPeriod.choices, widget=forms.RadioSelect)
    amount = money("Limit (£)", max_value=Decimal("10000.00"))
    effective_from = DateField(
        error_name="The start date",
        label="Starts on",
        error_messages={"required": "Enter the date it starts on"},
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)


class MarkPaidForm(forms.Form):
    paid_on = DateField(
        error_name="The date paid",
        label="Date paid",
        error_messages={"required": "Enter the date the batch was paid"},
    )


class StatementForm(forms.Form):
    starts = DateField(
        error_name="The first date", label="From", error_messages={"required": "Enter the first date"}
    )
    ends = DateField(
        error_name="The last date", label="To", error_messages={"required": "Enter the last date"}
    )

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["starts"] > data["ends"]:
            self.add_error("ends", "The last date must be the same as or after the first date")
        return data
