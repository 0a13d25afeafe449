"""Forms for advertising an opportunity, browsing them, expressing interest, inviting and selecting."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from coproduce.core.forms import DateField, checkboxes
from coproduce.payments.choices import Activity
from coproduce.people.choices import ContactMethod, Day, TimeOfDay
from coproduce.people.forms import access_needs_field
from coproduce.people.models import Interest, LivedExperienceArea, Person

from . import reward
from .choices import CameIn, InvitationMethod, Mode, OtherWay
from .models import Opportunity

ANY = [("", "Any")]
TEXT_LIMIT = 5000


def _text(label, *, required=True, help_text="", rows=4, missing=""):
    """A long answer; `missing` is the message when a required one is left empty."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": missing,
            "max_length": f"Keep this to {TEXT_LIMIT:,} characters or fewer",
        },
    )


def _choice_messages(missing: str) -> dict:
    """A choice left empty or sent with a value that is not one of the options gets the same clear message."""
    return {"required": missing, "invalid_choice": missing}


class OpportunityForm(forms.Form):
    """Advertise or change an opportunity. `projects` is what this user may advertise for; officers may also
    leave the project empty for a programme-wide opportunity."""

    project = forms.ModelChoiceField(label="Project", queryset=None, required=False, empty_label="None")
    title = forms.CharField(
        label="Role title",
        max_length=150,
        help_text="For example, “Member of the design group”",
        error_messages={
            "required": "Enter the role title",
            "max_length": "Keep the role title to 150 characters or fewer",
        },
    )
    description = _text("What you would do", rows=6, missing="Say what people would do")
    time_commitment = forms.CharField(
        label="Time commitment",
        max_length=200,
        help_text="For example, “2 hours a month for 6 months”",
        error_messages={
            "required": "Say how much time it takes",
            "max_length": "Keep the time commitment to 200 characters or fewer",
        },
    )
    starts_on = DateField(error_name="The start date", label="Start date (optional)", required=False)
    ends_on = DateField(error_name="The end date", label="End date (optional)", required=False)
    ongoing = forms.BooleanField(label="Ongoing (no end date)", required=False)
    days = checkboxes(
        "Days it runs (optional)",
        Day.choices,
        help_text="Leave all unticked if the days are flexible or to be agreed with the group",
    )
    times_of_day = checkboxes(
        "Times of day (optional)",
        TimeOfDay.choices,
        help_text="Leave all unticked if the times are flexible or to be agreed with the group",
    )
    mode = forms.ChoiceField(
        label="How people take part",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Choose how people take part"),
    )
    location = forms.CharField(
        label="Where",
        max_length=200,
        required=False,
        help_text="The venue and town. Leave empty if it is only online.",
        error_messages={"max_length": "Keep the place to 200 characters or fewer"},
    )
    access_support = access_needs_field("Access support we offer (optional)")
    access_support_detail = _text("Other access support (optional)", required=False, rows=3)
    reward_unit = forms.ChoiceField(
        label="Payment or recognition",
        choices=reward.RewardUnit.choices,
        widget=forms.RadioSelect,
        help_text="Use the programme's rate card. State an amount only when no rate-card activity fits.",
        error_messages=_choice_messages("Choose the payment or recognition offered"),
    )
    reward_activity = forms.ChoiceField(
        label="Rate-card activity (if the payment is from the rate card)",
        choices=[("", "None")] + list(Activity.choices),
        required=False,
        help_text="People are paid the activity's rate in force on the start date (or today, without one)",
    )
    reward_amount = forms.DecimalField(
        label="Amount in pounds (only if you state an amount)",
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text="Leave empty for the rate card or a voluntary role. For example, 25.00",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the amount in pounds, like 25 or 25.50",
            "max_digits": "The amount must be less than £100,000,000",
            "max_decimal_places": "The amount can only have pence after the point, like 25.50",
        },
    )
    places = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 6",
            "min_value": "There must be at least 1 place",
            "max_value": "There can be at most 999 places",
        },
    )
    closes_on = DateField(
        error_name="The closing date",
        label="Closing date",
        error_messages={"required": "Enter the closing date"},
    )
    other_ways = checkboxes(
        "Other ways to say you are interested (optional)",
        OtherWay.choices,
        help_text="As well as this website",
    )
    other_ways_detail = _text(
        "How to use those other ways (optional)",
        required=False,
        rows=3,
        help_text="The phone number, postal address, place and times, or partner organisation",
    )
    lived_experience = forms.ModelMultipleChoiceField(
        label="Lived experience that would help (optional)",
        queryset=LivedExperienceArea.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.ModelMultipleChoiceField(
        label="Topics it is about (optional)",
        queryset=Interest.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, projects, programme_wide_allowed: bool, instance: Opportunity | None = None, **kw
    ):
        if instance is not None:
            kw.setdefault("initial", initial_from(instance))
        super().__init__(*args, **kw)
        self.instance = instance
        self.programme_wide_allowed = programme_wide_allowed
        self.fields["project"].queryset = projects
        self.fields["project"].required = not programme_wide_allowed
        if programme_wide_allowed:
            self.fields["project"].label = "Project (optional)"
            self.fields["project"].empty_label = "None: a programme-wide opportunity"
            self.fields["project"].help_text = "Leave as none for the board, a reading panel and the like"
        else:
            self.fields["project"].empty_label = None
        self.fields["project"].error_messages.update(
            {"required": "Choose the project", "invalid_choice": "Choose one of the projects in the list"}
        )

    def clean_closes_on(self):
        closes_on = self.cleaned_data.get("closes_on")
        unchanged = self.instance is not None and self.instance.closes_on == closes_on
        if closes_on and not unchanged and closes_on < timezone.localdate():
            raise forms.ValidationError("The closing date must be today or in the future")
        return closes_on

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if data.get("ongoing") and ends_on:
            self.add_error("ends_on", "Leave the end date empty for an ongoing opportunity")
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date")
        if "reward_unit" in data:
            amount = data.get("reward_amount")
            problem = reward.problem(amount, data["reward_unit"])
            if problem and "reward_amount" not in self.errors:
                self.add_error("reward_amount", problem)
            problem = reward.activity_problem(
                data.get("reward_activity", ""), data["reward_unit"], data.get("starts_on")
            )
            if problem:
                self.add_error("reward_activity", problem)
        if data.get("mode") in (Mode.IN_PERSON, Mode.HYBRID) and not data.get("location", "").strip():
            self.add_error("location", "Say where it takes place")
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if data["reward_unit"] in (reward.RewardUnit.VOLUNTARY, reward.RewardUnit.RATE_CARD):
            data["reward_amount"] = None
        for name in ("access_support", "other_ways"):
            data[name] = list(dict.fromkeys(data[name]))
        data["days"] = in_choice_order(data["days"], Day.values)
        data["times_of_day"] = in_choice_order(data["times_of_day"], TimeOfDay.values)
        data["lived_experience"] = list(data["lived_experience"])
        data["interests"] = list(data["interests"])
        return data


def in_choice_order(values, order: list[str]) -> list[str]:
    """Each value once, Monday before Tuesday and mornings before evenings, however they were sent."""
    return [value for value in order if value in set(values)]


def initial_from(opportunity: Opportunity) -> dict:
    names = [name for name in OpportunityForm.base_fields if name not in ("lived_experience", "interests")]
    initial = {name: getattr(opportunity, name) for name in names}
    initial["project"] = opportunity.project_id
    initial["lived_experience"] = list(opportunity.lived_experience.values_list("pk", flat=True))
    initial["interests"] = list(opportunity.interests.values_list("pk", flat=True))
    return initial


class PublicFilterForm(forms.Form):
    interest = forms.ModelChoiceField(
        label="Topic", queryset=Interest.objects.filter(active=True), required=False, empty_label="Any"
    )
    area = forms.ModelChoiceField(
        label="Lived experience",
        queryset=LivedExperienceArea.objects.filter(active=True),
        required=False,
        empty_label="Any",
    )
    mode = forms.ChoiceField(
        label="Taking part",
        choices=ANY + [("online", "Online"), ("in_person", "In person")],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class InterestForm(forms.Form):
    why = _text("Why are you interested?", missing="Say why you are interested")
    brings = _text(
        "What would you bring?",
        help_text="Your experience, skills or ideas. A few sentences is plenty.",
        missing="Say what you would bring",
    )
    access_needs = access_needs_field(
        "Support you need to take part",
        help_text="We have filled this in from your profile. Change it for this opportunity if you need to.",
    )
    access_needs_detail = _text("Anything else about the support you need (optional)", required=False, rows=3)
    contact_method = forms.ChoiceField(
        label="How would you like us to get back to you?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Choose how you would like us to get back to you"),
    )

    @staticmethod
    def initial_for(person: Person) -> dict:
        return {
            "access_needs": person.access_needs,
            "access_needs_detail": person.access_needs_detail,
            "contact_method": person.preferred_contact,
        }

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["access_needs"] = list(dict.fromkeys(data["access_needs"]))
        return {
            name: data[name]
            for name in ("why", "brings", "access_needs", "access_needs_detail", "contact_method")
        }


class OnBehalfForm(InterestForm):
    """An officer types in what someone said by phone, by post or in person."""

    came_in = forms.ChoiceField(
        label="How it came in",
        choices=[choice for choice in CameIn.choices if choice[0] != CameIn.ONLINE],
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Choose how it came in"),
    )
    came_in_note = _text(
        "Note about how it came in (optional)",
        required=False,
        rows=2,
        help_text="For example, “Phoned on Tuesday, spoke to Sam”",
    )

    field_order = [
        "came_in",
        "came_in_note",
        "why",
        "brings",
        "access_needs",
        "access_needs_detail",
        "contact_method",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, missing in (
            ("why", "Say why they are interested"),
            ("brings", "Say what they would bring"),
            ("contact_method", "Choose how they would like us to get back to them"),
        ):
            self.fields[name].error_messages.update({"required": missing, "invalid_choice": missing})


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Find the person",
        max_length=100,
        help_text="Start of their name, their email, phone or postcode",
        error_messages={
            "required": "Enter the start of their name, their email, phone or postcode",
            "max_length": "Keep the search to 100 characters or fewer",
        },
    )


class InviteForm(forms.Form):
    method = forms.ChoiceField(
        label="How do you want to invite them?",
        choices=InvitationMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Choose an email or a printed letter"),
    )


class SelectionForm(forms.Form):
    """The ticked applicants (expression-of-interest ids) and an optional note added to everyone's message."""

    chosen = forms.TypedMultipleChoiceField(
        label="Choose people",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose only from the people who are interested",
            "invalid_list": "Choose only from the people who are interested",
        },
    )
    # Confirming with nobody ticked tells every applicant they were not chosen, so it must be meant.
    choose_nobody = forms.BooleanField(
        label="I am choosing nobody: tell everyone waiting that they have not been selected this time",
        required=False,
    )
    note = _text(
        "A note to add to everyone’s message (optional)",
        required=False,
        rows=3,
        help_text="For example, the date of the first meeting",
    )

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(interest.pk, interest.person.full_name) for interest in applicants]
