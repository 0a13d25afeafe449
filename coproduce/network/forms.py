"""Forms of the champions network (GOV.UK rendering comes from core.forms)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from coproduce.core.forms import DateField
from coproduce.people.choices import AccessNeed
from coproduce.people.models import Interest
from coproduce.training.models import Session

from . import choices
from .models import Area, Community, Organisation, OutreachPartner


def _checkboxes(label, queryset, help_text=""):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _past_date(label: str, what: str):
    return DateField(
        label=label,
        error_name=what,
        help_text="For example, 27 3 2026",
        error_messages={"required": f"Enter {what.lower()}"},
    )


def _refuse_future(value, what: str):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


def _reach_field(required=True):
    return forms.IntegerField(
        label="How many people did it reach?",
        help_text="Your best estimate; 0 if you do not know",
        min_value=0,
        max_value=1_000_000,
        required=required,
        error_messages={
            "required": "Enter how many people it reached (0 if you do not know)",
            "invalid": "The number of people reached must be a whole number, like 25",
            "min_value": "The number of people reached must be 0 or more",
            "max_value": "The number of people reached must be 1,000,000 or fewer",
        },
    )


class ChampionDetailsForm(forms.Form):
    """Where a champion works and whom they reach: the register's columns."""

    kind = forms.ChoiceField(
        label="Which best describes them?",
        choices=choices.ChampionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which best describes them"},
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.filter(active=True),
        empty_label="Choose an area",
        error_messages={"required": "Choose the area they are champion for"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (if any)",
        queryset=Organisation.objects.filter(active=True),
        required=False,
        empty_label="None (a resident or carer)",
    )
    team = forms.CharField(label="Team or group (if any)", max_length=150, required=False)
    communities = _checkboxes("Communities they reach", Community.objects.all())
    topics = _checkboxes("Topics they care about", Interest.objects.filter(active=True))
    why = forms.CharField(
        label="Why be a champion?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "area": data["area"],
            "organisation": data.get("organisation"),
            "team": data.get("team", ""),
            "why": data.get("why", ""),
            "communities": list(data.get("communities") or []),
            "topics": list(data.get("topics") or []),
        }


class ApplyForm(ChampionDetailsForm):
    agree_pledge = forms.BooleanField(
        label="I agree the champion pledge above",
        required=True,
        error_messages={"required": "Tick to agree the champion pledge"},
    )


class MemberNominationForm(ChampionDetailsForm):
    """A member nominating someone they know: found by the email address they joined the network with."""

    email = forms.EmailField(
        label="Their email address",
        help_text="The one they joined the network with",
        error_messages={
            "required": "Enter the email address of the person you are nominating",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    field_order = ["email"]

    def details(self) -> dict:
        return {**super().details(), "email": self.cleaned_data["email"]}


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note (said to the person when not taken forward)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class InductionForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Training session (if it was one)",
        queryset=Session.objects.none(),
        required=False,
        empty_label="Not a training session",
    )
    held_on = _past_date("Date of the induction", "The date of the induction")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sessions of the last two years that have happened (a bounded list, newest first).
        since = timezone.now() - datetime.timedelta(days=730)
        self.fields["session"].queryset = (
            Session.objects.filter(starts_at__lte=timezone.now(), starts_at__gte=since)
            .select_related("course")
            .order_by("-starts_at", "-id")
        )

    led_by = forms.CharField(label="Led by", max_length=150, required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_held_on(self):
        return _refuse_future(self.cleaned_data.get("held_on"), "The date of the induction")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="What did you do?",
        choices=choices.ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you did"},
    )
    happened_on = _past_date("When was it?", "The date it happened")
    where = forms.CharField(label="Where", max_length=150, required=False, help_text="A place, or online")
    with_whom = forms.CharField(
        label="With whom",
        max_length=200,
        required=False,
        help_text="For example, a team, a group or a service",
    )
    reached = _reach_field()
    description = forms.CharField(
        label="What happened (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def clean_happened_on(self):
        return _refuse_future(self.cleaned_data.get("happened_on"), "The date it happened")


class RecommendationForm(forms.Form):
    title = forms.CharField(
        label="In a few words", max_length=150, error_messages={"required": "Enter a short title"}
    )
    text = forms.CharField(
        label="Your recommendation",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Enter the recommendation"},
    )


class AnswerForm(forms.Form):
    response = forms.CharField(
        label="The team's response",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter the team's response"},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=choices.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    note = forms.CharField(
        label="What happened as a result",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == choices.Outcome.NOT_TAKEN_FORWARD and not data.get("note"):
            self.add_error("note", "Say why it was not taken forward")
        return data


class NamedForm(forms.Form):
    named = forms.ChoiceField(
        label="May the champion who invited you see your name?",
        choices=[("yes", "Yes, they may see my name"), ("no", "No, only count me")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the champion may see your name"},
    )


class PartnerForm(forms.ModelForm):
    communities = _checkboxes("Communities they reach", Community.objects.all())

    class Meta:
        model = OutreachPartner
        fields = OutreachPartner.EDITABLE_FIELDS
        labels = {
            "name": "Name of the organisation",
            "kind": "What kind of organisation",
            "area": "Area (if local)",
        }
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": "Enter the name of the organisation",
                "unique": "There is already a partner with this name",
            },
            "kind": {"required": "Choose what kind of organisation it is"},
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }


class OutreachForm(forms.Form):
    happened_on = _past_date("When was it?", "The date of the outreach")
    what = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Say what was done"},
    )
    reached = _reach_field()
    follow_up = forms.CharField(label="Follow-up (if any)", max_length=200, required=False)

    def clean_happened_on(self):
        return _refuse_future(self.cleaned_data.get("happened_on"), "The date of the outreach")


class BookingForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, error_messages={"required": "Enter your name"})
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    access_needs = forms.MultipleChoiceField(
        label="Do you need any of these to take part?",
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_detail = forms.CharField(
        label="Anything else we should know or arrange (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    wants_to_join = forms.BooleanField(
        label="I would like to join the co-production network (we will get in touch)", required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", "Enter an email address or a phone number so we can reach you")
        return data


class NewsletterForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=150, error_messages={"required": "Enter a subject"})
    body = forms.CharField(
        label="The newsletter",
        help_text="Markdown: ## for a heading, * for a list, [words](https://…) for a link",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=50_000,
        strip=True,
        error_messages={"required": "Write the newsletter: its body cannot be empty"},
    )
    audience = forms.ChoiceField(
        label="Who gets it",
        choices=choices.Audience.choices,
        widget=forms.RadioSelect,
        initial=choices.Audience.CHAMPIONS,
        error_messages={"required": "Choose who gets it"},
    )


class PledgeForm(forms.Form):
    text = forms.CharField(
        label="The pledge",
        help_text="Markdown. Publishing makes a new version; champions agree it from their page",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the text of the pledge"},
    )


class FilterForm(forms.Form):
    area = forms.ModelChoiceField(queryset=Area.objects.all(), required=False, empty_label="All areas")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="All organisations"
    )
    status = forms.ChoiceField(
        choices=[("active", "Current champions"), ("pending", "Waiting for a decision"), ("all", "Everyone")],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from .selectors import register_filter_choices

        super().__init__(*args, **kwargs)
        # The option lists read once here (shared with the register's figures), not by the select widgets
        # while the page renders; a chosen option is still checked against the table.
        options = register_filter_choices()
        self.fields["area"].choices = [("", "All areas"), *options["area"]]
        self.fields["organisation"].choices = [("", "All organisations"), *options["organisation"]]


def recruited_by_field():
    """The question the register-on-behalf form asks (people.forms.register_attribution_field)."""
    from .selectors import active_champion_choices

    return forms.ChoiceField(
        label="Did a champion bring them to the network?",
        help_text="They will count as that champion's recruit; the champion sees a number, not a name",
        choices=lambda: [("", "No, or not known"), *active_champion_choices()],
        required=False,
    )
