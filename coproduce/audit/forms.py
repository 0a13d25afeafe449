from django import forms

from coproduce.accounts.models import normalise_email
from coproduce.core.forms import DateField

from .models import describe_object_type, describe_verb
from .selectors import AuditFilters

ANY = [("", "Any")]


class AuditFilterForm(forms.Form):
    """The filters above the audit log. Submitted with GET, so a filtered view can be bookmarked or shared."""

    verb = forms.ChoiceField(label="What happened", required=False)
    actor = forms.CharField(
        label="Who (email address)",
        required=False,
        max_length=254,
        help_text="All or part of the email address of the person who did it.",
    )
    object_type = forms.ChoiceField(label="Type of record", required=False)
    object_id = forms.CharField(
        label="Record ID",
        required=False,
        max_length=64,
        help_text="Only together with a type of record.",
    )
    date_from = DateField(
        error_name="The first day",
        label="From",
        required=False,
        help_text="For example, 27 3 2026. Days are UK days.",
    )
    date_to = DateField(
        error_name="The last day", label="To", required=False, help_text="Events on this day are included."
    )

    def __init__(self, data=None, *, verbs: list[str], object_types: list[str]):
        super().__init__(data)
        self.fields["verb"].choices = ANY + [(verb, describe_verb(verb)) for verb in verbs]
        self.fields["object_type"].choices = ANY + [
            (value, describe_object_type(value).capitalize()) for value in object_types
        ]
        self.fields["verb"].error_messages["invalid_choice"] = "Select what happened from the list"
        self.fields["object_type"].error_messages["invalid_choice"] = "Select a type of record from the list"

    def clean_actor(self):
        return normalise_email(self.cleaned_data["actor"])

    def clean_object_id(self):
        return self.cleaned_data["object_id"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("object_id") and not cleaned.get("object_type"):
            self.add_error("object_type", "Select a type of record to search by record ID")
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "To must be the same as or after From")
        return cleaned

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            verb=data["verb"],
            actor=data["actor"],
            object_type=data["object_type"],
            object_id=data["object_id"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def parse_cursor(value: str | None) -> int | None:
    """A page cursor from the query string; anything that is not a plausible event id is ignored."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)
