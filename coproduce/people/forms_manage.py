"""Forms for the officers' people pages: directory filters, registering on someone's behalf, editing a
section of a profile, notes and consent decisions."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from . import choices
from .models import Interest, LivedExperienceArea, Person, normalise_postcode
from .selectors import DirectoryFilters

ANY = [("", "Any")]
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Start of a name or surname, an email address, a phone number or a postcode",
    )
    area = forms.ModelChoiceField(
        label="Lived experience",
        queryset=LivedExperienceArea.objects.none(),
        required=False,
        empty_label="Any",
    )
    interest = forms.ModelChoiceField(
        label="Interest", queryset=Interest.objects.none(), required=False, empty_label="Any"
    )
    format = forms.ChoiceField(label="Format they need", choices=ANY + choices.Format.choices, required=False)
    access_need = forms.ChoiceField(
        label="Access need", choices=ANY + choices.AccessNeed.choices, required=False
    )
    day = forms.ChoiceField(label="Available on", choices=ANY + choices.Day.choices, required=False)
    mode = forms.ChoiceField(
        label="Takes part",
        choices=ANY + [("online", "Online"), ("in_person", "In person")],
        required=False,
    )
    contact = forms.ChoiceField(
        label="Agreed to be contacted",
        choices=ANY + [("yes", "Yes"), ("no", "No")],
        required=False,
    )
    involved = forms.ChoiceField(
        label="Last involved",
        choices=ANY
        + [
            ("3", "In the last 3 months"),
            ("6", "In the last 6 months"),
            ("12", "In the last 12 months"),
            ("over12", "More than 12 months ago"),
            ("never", "Never"),
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        choices=[(s, s) for s in ("name", "last_involved", "registered")], required=False
    )
    dir = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = LivedExperienceArea.objects.filter(active=True)
        self.fields["interest"].queryset = Interest.objects.filter(active=True)
        self.fields["sort"].widget = forms.HiddenInput()
        self.fields["dir"].widget = forms.HiddenInput()

    def filters(self) -> DirectoryFilters:
        """The valid filters; a value that does not validate (a hand-edited URL) is ignored."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        area = data.get("area")
        interest = data.get("interest")
        return DirectoryFilters(
            q=data.get("q", ""),
            area=area.pk if area else None,
            interest=interest.pk if interest else None,
            format=data.get("format", ""),
            access_need=data.get("access_need", ""),
            day=data.get("day", ""),
            mode=data.get("mode", ""),
            contact=data.get("contact", ""),
            involved=data.get("involved", ""),
            sort=data.get("sort") or "name",
            direction=data.get("dir") or "asc",
        )


def checkboxes(label, options, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=options, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


# Sections of a profile, in the order the record page and the register form show them.
SECTIONS = {
    "name": ("Name", ["full_name", "preferred_name", "pronouns"]),
    "contact": ("Contact details", ["email", "phone", "address", "postcode", "preferred_contact"]),
    "needs": (
        "Formats and access needs",
        ["formats", "other_language", "access_needs", "access_needs_detail"],
    ),
    "support": (
        "Support person or carer",
        [
            "support_person_name",
            "support_person_relationship",
            "support_person_contact",
            "support_person_may_be_contacted",
        ],
    ),
    "experience": ("Lived experience and interests", ["lived_experience", "interests"]),
    "availability": (
        "Availability",
        ["available_days", "available_times", "online", "in_person", "travel_miles"],
    ),
    "recognition": ("Recognition and benefits", ["recognition", "benefits_limit"]),
}
PROFILE_FIELDS = [name for _, fields in SECTIONS.values() for name in fields]


class ProfileForm(forms.ModelForm):
    """A person's profile as an officer takes it down. Pass `fields` to edit one section."""

    formats = checkboxes("Formats they need", choices.Format.choices)
    access_needs = checkboxes("Access needs", choices.AccessNeed.choices)
    available_days = checkboxes("Days they can take part", choices.Day.choices)
    available_times = checkboxes("Times of day", choices.TimeOfDay.choices)
    lived_experience = forms.ModelMultipleChoiceField(
        label="Areas of lived experience",
        queryset=LivedExperienceArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.ModelMultipleChoiceField(
        label="Interests",
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_contact = forms.ChoiceField(
        label="How they prefer to be contacted",
        choices=choices.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they prefer to be contacted"},
    )
    recognition = forms.ChoiceField(
        label="How they want to be recognised",
        choices=choices.Recognition.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    benefits_limit = forms.ChoiceField(
        label="Do they receive welfare benefits that limit what they can earn?",
        choices=choices.YesNoPreferNot.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=40)
    travel_miles = forms.IntegerField(
        label="How far they can travel, in miles", required=False, min_value=0, max_value=500
    )

    class Meta:
        model = Person
        fields = PROFILE_FIELDS
        labels = {
            "full_name": "Full name",
            "preferred_name": "How they like to be addressed (optional)",
            "pronouns": "Pronouns (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "address": "Postal address (optional)",
            "other_language": "Which other language (if they need one)",
            "access_needs_detail": "Anything else about their access or communication needs (optional)",
            "support_person_name": "Support person's name (optional)",
            "support_person_relationship": "Their relationship (optional)",
            "support_person_contact": "Support person's phone or email (optional)",
            "support_person_may_be_contacted": "The support person may be contacted on their behalf",
            "online": "They can take part online",
            "in_person": "They can take part in person",
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "full_name": {"required": "Enter their full name"},
            "email": {"invalid": "Enter an email address in the right format, like name@example.com"},
        }

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lived_experience"].queryset = LivedExperienceArea.objects.filter(active=True)
        self.fields["interests"].queryset = Interest.objects.filter(active=True)
        self.fields["postcode"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["travel_miles"].widget.attrs["class"] = "govuk-input--width-4"
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter their full name")
        return name

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode and not UK_POSTCODE.match(postcode):
            raise ValidationError("Enter a real postcode, like OX1 1AA")
        return f"{postcode[:-3]} {postcode[-3:]}" if postcode else ""

    def clean(self):
        data = super().clean()
        method = data.get("preferred_contact")
        needs = {
            choices.ContactMethod.EMAIL: (
                "email",
                "Enter their email address, or choose another way to contact them",
            ),
            choices.ContactMethod.PHONE: (
                "phone",
                "Enter their phone number, or choose another way to contact them",
            ),
            choices.ContactMethod.TEXT: (
                "phone",
                "Enter a mobile number for text messages, or choose another way",
            ),
            choices.ContactMethod.POST: (
                "address",
                "Enter their postal address, or choose another way to contact them",
            ),
        }
        if method in needs and method in self.fields:
            field, message = needs[method]
            if field in self.fields and not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        if (
            "other_language" in self.fields
            and choices.Format.OTHER_LANGUAGE in data.get("formats", [])
            and not data.get("other_language")
        ):
            self.add_error("other_language", "Enter the language they need")
        return data

    def profile(self) -> dict:
        """The cleaned values of this form's fields, ready for the registration services."""
        return {name: self.cleaned_data[name] for name in self.fields}


class ConsentsForm(forms.Form):
    """Each purpose's decision, and how it was taken (the officer recording it is who took it)."""

    method = forms.ChoiceField(
        label="How did they give their answers?",
        choices=[c for c in choices.ConsentMethod.choices if c[0] != choices.ConsentMethod.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they gave their answers"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for purpose, label in choices.ConsentPurpose.choices:
            self.fields[f"consent_{purpose}"] = forms.ChoiceField(
                label=f"{label}: do they agree?",
                choices=[("yes", "Yes, they agree"), ("no", "No")],
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether they agree: {label.lower()}"},
            )
        from .registration import attribution_fields

        self.attribution_names = []
        for name, field in attribution_fields().items():
            self.fields[name] = field
            self.attribution_names.append(name)

    def attribution(self) -> dict:
        """The answers to questions other apps added (see registration.register_attribution_field)."""
        return {name: self.cleaned_data.get(name) for name in self.attribution_names}

    def decisions(self) -> dict[str, bool]:
        return {
            purpose: self.cleaned_data[f"consent_{purpose}"] == "yes"
            for purpose in choices.ConsentPurpose.values
        }


class ConsentChangeForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the decision about?", choices=choices.ConsentPurpose.choices, widget=forms.RadioSelect
    )
    given = forms.ChoiceField(
        label="Their decision",
        choices=[("yes", "They agree"), ("no", "They do not agree (or withdraw their agreement)")],
        widget=forms.RadioSelect,
    )
    method = ConsentsForm.base_fields["method"]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of note", choices=choices.NoteKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, may_write_safeguarding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_write_safeguarding:
            self.fields["kind"] = forms.ChoiceField(
                choices=[(choices.NoteKind.GENERAL, choices.NoteKind.GENERAL.label)],
                initial=choices.NoteKind.GENERAL,
                widget=forms.HiddenInput,
            )
        else:
            self.fields["kind"].help_text = "Safeguarding notes are only seen by people with that permission"

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Enter the note")
        return text
