from django import forms

from .services import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS


class CreateTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="So you can tell your tokens apart, for example ‘Monthly report spreadsheet’.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 80 characters or fewer",
        },
    )
    expiry_days = forms.IntegerField(
        label="Expires after this many days (optional)",
        required=False,
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        help_text=f"Leave empty for {DEFAULT_EXPIRY_DAYS} days. Every token expires: make a new one then.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Number of days must be a whole number, like 90",
            "min_value": "Number of days must be 1 or more",
            "max_value": f"Number of days must be {MAX_EXPIRY_DAYS} or fewer",
        },
    )
