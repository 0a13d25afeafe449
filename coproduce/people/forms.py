"""People's forms: the member's join journey and profile, the officers' directory and records, equality
monitoring, and import/export.

The member's forms: one per page of the join journey, reused to change each section of the profile.

Each step form knows three things besides its fields:
- `from_person(person)`: initial values from a saved profile (for "Change" on the member's page);
- `profile_values()`: the Person fields (and lived_experience / interests ids) its cleaned answers set;
- `summary_rows()`: (question, answer) pairs for "Check your answers"; `stored_summary(person)` the same
  pairs for the member's page, from the saved values without validating a form.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from coproduce.core.forms import checkboxes

from . import choices, imports
from .models import Interest, LivedExperienceArea, Person, is_uk_mobile, normalise_postcode
from .selectors import TOPICS, DirectoryFilters


def access_needs_field(label="Access and communication needs", help_text="") -> forms.MultipleChoiceField:
    """The access needs as checkboxes: the one vocabulary (people.choices.AccessNeed) for every form."""
    return checkboxes(label, choices.AccessNeed.choices, help_text=help_text)


NOT_GIVEN = "Not given"


YES_NO = [("yes", "Yes"), ("no", "No")]


POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def _labels(values, choice_list) -> str:
    names = dict(choice_list)
    shown = [str(names[value]) for value in values if value in names]
    return ", ".join(shown) if shown else NOT_GIVEN


def _text(value) -> str:
    return str(value) if value not in ("", None) else NOT_GIVEN


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


class ListChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of a configurable list. Anything but a plausible id is refused before it reaches the
    database (an id too large for an integer column would otherwise raise an error there)."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": "Choose from the list",
        "invalid_pk_value": "Choose from the list",
        "invalid_list": "Choose from the list",
    }

    def clean(self, value):
        if value and any(
            not (isinstance(item, str | int) and str(item).isdigit() and len(str(item)) < 10)
            for item in value
        ):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


class StepForm(forms.Form):
    """Base for the journey's pages. `title` is the page's h1 (and the check-answers section heading)."""

    title = ""
    intro = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs.setdefault("maxlength", field.max_length)

    def profile_values(self) -> dict:
        return dict(self.cleaned_data)

    @property
    def answers(self) -> dict:
        """The cleaned answers so far (fields that failed validation are missing)."""
        return getattr(self, "cleaned_data", {})

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        """(question, answer) pairs from answers shaped as the form cleans them."""
        return []

    def summary_rows(self) -> list[tuple[str, str]]:
        return self.summary(self.answers)

    @classmethod
    def stored_answers(cls, person) -> dict:
        """What the person has saved, shaped as the form's cleaned answers: the member's page summarises
        these without building and validating a form per section (saved values were cleaned when saved)."""
        return cls.from_person(person)

    @classmethod
    def stored_summary(cls, person) -> list[tuple[str, str]]:
        return cls.summary(cls.stored_answers(person))


class NameForm(StepForm):
    title = "What is your name?"
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
    )
    preferred_name = forms.CharField(
        label="What would you like us to call you? (optional)",
        max_length=80,
        required=False,
        help_text="For example, a shorter name or a nickname",
    )
    pronouns = forms.CharField(
        label="Your pronouns (optional)",
        max_length=40,
        required=False,
        help_text="For example, she/her, he/him or they/them",
    )

    def clean_full_name(self):
        value = " ".join(self.cleaned_data["full_name"].split())
        if not value:
            raise forms.ValidationError("Enter your full name")
        return value

    @classmethod
    def from_person(cls, person):
        return {
            "full_name": person.full_name,
            "preferred_name": person.preferred_name,
            "pronouns": person.pronouns,
        }

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return [
            ("Full name", data.get("full_name", "")),
            ("What we call you", _text(data.get("preferred_name", ""))),
            ("Pronouns", _text(data.get("pronouns", ""))),
        ]


class ContactForm(StepForm):
    title = "How can we contact you?"
    email = forms.EmailField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        help_text="For example, 01632 960 001 or 07700 900 982",
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}
        ),
    )
    address = forms.CharField(
        label="Postal address (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=choices.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to contact you"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not PHONE.match(value):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return value

    def clean_postcode(self):
        value = " ".join(self.cleaned_data["postcode"].upper().split())
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like AB1 2CD")
        return value

    def clean_address(self):
        return self.cleaned_data["address"].strip()

    def clean(self):
        data = super().clean()
        method = data.get("preferred_contact")
        if method == choices.ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your email address, or choose another way to be contacted")
        needs_phone = method in (choices.ContactMethod.PHONE, choices.ContactMethod.TEXT)
        if needs_phone and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter your phone number, or choose another way to be contacted")
        elif (
            method == choices.ContactMethod.TEXT
            and "phone" not in self.errors
            and not is_uk_mobile(data.get("phone", ""))
        ):
            self.add_error("phone", "Enter a mobile number for text messages, like 07700 900 982")
        if method == choices.ContactMethod.POST:
            if not data.get("address"):
                self.add_error("address", "Enter your postal address, or choose another way to be contacted")
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", "Enter your postcode, or choose another way to be contacted")
        return data

    @classmethod
    def from_person(cls, person):
        return {
            name: getattr(person, name)
            for name in ("email", "phone", "address", "postcode", "preferred_contact")
        }

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return [
            ("Email address", _text(data.get("email", ""))),
            ("Phone number", _text(data.get("phone", ""))),
            ("Postal address", _text(data.get("address", ""))),
            ("Postcode", _text(data.get("postcode", ""))),
            (
                "How to contact you",
                _labels([data.get("preferred_contact", "")], choices.ContactMethod.choices),
            ),
        ]


class FormatsForm(StepForm):
    title = "Which formats do you need?"
    intro = (
        "We will send you information in these formats. Leave them all unticked if standard print suits you."
    )
    formats = forms.MultipleChoiceField(
        label="Formats you need",
        choices=choices.Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    other_language = forms.CharField(
        label="Which language? (only if you chose another language)",
        max_length=80,
        required=False,
    )

    def clean(self):
        data = super().clean()
        wants_language = choices.Format.OTHER_LANGUAGE in (data.get("formats") or [])
        if wants_language and not (data.get("other_language") or "").strip():
            self.add_error("other_language", "Enter the language you would like us to use")
        if not wants_language:
            data["other_language"] = ""
        return data

    @classmethod
    def from_person(cls, person):
        return {"formats": person.formats, "other_language": person.other_language}

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        rows = [("Formats", _labels(data.get("formats", ""), choices.Format.choices))]
        if data.get("other_language", ""):
            rows.append(("Language", data.get("other_language", "")))
        return rows


class AccessForm(StepForm):
    title = "What do you need to take part?"
    intro = "Tell us about any access or communication needs, so we can arrange them before you arrive."
    access_needs = access_needs_field(help_text="Select all that apply")
    access_needs_detail = forms.CharField(
        label="Anything else we should know? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_access_needs_detail(self):
        return self.cleaned_data["access_needs_detail"].strip()

    @classmethod
    def from_person(cls, person):
        return {"access_needs": person.access_needs, "access_needs_detail": person.access_needs_detail}

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return [
            (
                "Access and communication needs",
                _labels(data.get("access_needs", ""), choices.AccessNeed.choices),
            ),
            ("Anything else", _text(data.get("access_needs_detail", ""))),
        ]


class SupportForm(StepForm):
    title = "Do you have a support person or carer?"
    intro = "Someone who helps you take part, for example a family member, friend or paid carer."
    has_support_person = forms.ChoiceField(
        label="Do you have a support person or carer?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes if you have a support person or carer"},
    )
    support_person_name = forms.CharField(
        label="Their name (if yes)",
        max_length=150,
        required=False,
    )
    support_person_relationship = forms.CharField(
        label="How they support you (optional)",
        max_length=80,
        required=False,
        help_text="For example, my daughter or my support worker",
    )
    support_person_contact = forms.CharField(
        label="Their phone number or email address (optional)",
        max_length=150,
        required=False,
    )
    support_person_may_be_contacted = forms.ChoiceField(
        label="May we contact them about your involvement? (if yes)",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("has_support_person") != "yes":
            for name in ("support_person_name", "support_person_relationship", "support_person_contact"):
                data[name] = ""
            data["support_person_may_be_contacted"] = "no"
            return data
        for name in ("support_person_name", "support_person_relationship", "support_person_contact"):
            data[name] = " ".join((data.get(name) or "").split())
        if not data["support_person_name"]:
            self.add_error("support_person_name", "Enter your support person's name")
        may_contact = data.get("support_person_may_be_contacted")
        if not may_contact:
            self.add_error(
                "support_person_may_be_contacted", "Choose yes if we may contact your support person"
            )
        elif may_contact == "yes" and not data["support_person_contact"]:
            self.add_error(
                "support_person_contact", "Enter their phone number or email address, so we can contact them"
            )
        return data

    def profile_values(self):
        data = self.cleaned_data
        return {
            "support_person_name": data["support_person_name"],
            "support_person_relationship": data["support_person_relationship"],
            "support_person_contact": data["support_person_contact"],
            "support_person_may_be_contacted": data["support_person_may_be_contacted"] == "yes",
        }

    @classmethod
    def from_person(cls, person):
        has = bool(person.support_person_name)
        return {
            "has_support_person": _yes_no(has),
            "support_person_name": person.support_person_name,
            "support_person_relationship": person.support_person_relationship,
            "support_person_contact": person.support_person_contact,
            "support_person_may_be_contacted": _yes_no(person.support_person_may_be_contacted) if has else "",
        }

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        if data.get("has_support_person", "") != "yes":
            return [("Support person or carer", "None")]
        return [
            ("Support person or carer", data.get("support_person_name", "")),
            ("How they support you", _text(data.get("support_person_relationship", ""))),
            ("Their contact details", _text(data.get("support_person_contact", ""))),
            (
                "We may contact them",
                "Yes" if data.get("support_person_may_be_contacted", "") == "yes" else "No",
            ),
        ]


class LookupStepForm(StepForm):
    """A step that picks any of the active rows of a lookup the programme edits. The subclass declares the
    field (named as the person's many-to-many) and `summary_label` for the check-answers page."""

    field_name = ""
    summary_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.field_name]
        field.queryset = field.queryset.model.objects.filter(active=True)

    def profile_values(self):
        return {self.field_name: [row.pk for row in self.cleaned_data[self.field_name]]}

    @classmethod
    def from_person(cls, person):
        return {cls.field_name: [row.pk for row in getattr(person, cls.field_name).all()]}

    @classmethod
    def stored_answers(cls, person) -> dict:
        # The person's active rows in the list's order, as a valid form would clean them (a retired row is
        # no longer offered, so it is not shown).
        rows = getattr(person, cls.field_name).filter(active=True).only("id", "name")
        return {cls.field_name: list(rows)}

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return cls.names_summary([row.name for row in data.get(cls.field_name, [])])

    @classmethod
    def names_summary(cls, names: list[str]) -> list[tuple[str, str]]:
        """The summary from the names of the saved rows (the member's page reads both lists at once)."""
        return [(cls.summary_label, ", ".join(names) or NOT_GIVEN)]


class ExperienceForm(LookupStepForm):
    title = "Which areas of lived experience do you bring?"
    intro = "Your own experience, or as a carer or family member. This helps us invite you to the right work."
    field_name = "lived_experience"
    summary_label = "Areas of lived experience"
    lived_experience = ListChoiceField(
        label="Areas of lived experience",
        queryset=LivedExperienceArea.objects.none(),
        required=False,
        help_text="Select all that apply",
    )


class InterestsForm(LookupStepForm):
    title = "What are you interested in?"
    field_name = "interests"
    summary_label = "Interests"
    interests = ListChoiceField(
        label="Topics you are interested in",
        queryset=Interest.objects.none(),
        required=False,
        help_text="Select all that apply",
    )


class AvailabilityForm(StepForm):
    title = "When and how can you take part?"
    WAYS = [("online", "Online"), ("in_person", "In person")]
    available_days = forms.MultipleChoiceField(
        label="Which days can you usually take part?",
        choices=choices.Day.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    available_times = forms.MultipleChoiceField(
        label="What times of day suit you?",
        choices=choices.TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    ways = forms.MultipleChoiceField(
        label="How can you take part?",
        choices=WAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose online, in person, or both"},
    )
    travel_miles = forms.IntegerField(
        label="How far can you travel, in miles? (optional)",
        required=False,
        min_value=0,
        max_value=500,
        help_text="Only if you can take part in person",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the distance as a whole number of miles, like 5",
            "min_value": "The distance must be 0 miles or more",
            "max_value": "The distance must be 500 miles or fewer",
        },
    )

    def profile_values(self):
        data = self.cleaned_data
        in_person = "in_person" in data["ways"]
        return {
            "available_days": data["available_days"],
            "available_times": data["available_times"],
            "online": "online" in data["ways"],
            "in_person": in_person,
            "travel_miles": data["travel_miles"] if in_person else None,
        }

    @classmethod
    def from_person(cls, person):
        ways = [name for name, _ in cls.WAYS if getattr(person, name)]
        return {
            "available_days": person.available_days,
            "available_times": person.available_times,
            "ways": ways,
            "travel_miles": person.travel_miles,
        }

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        ways = data.get("ways", [])
        miles = data.get("travel_miles") if "in_person" in ways else None
        return [
            ("Days", _labels(data.get("available_days", []), choices.Day.choices)),
            ("Times", _labels(data.get("available_times", []), choices.TimeOfDay.choices)),
            ("How you can take part", _labels(ways, cls.WAYS)),
            ("How far you can travel", f"{miles} miles" if miles is not None else NOT_GIVEN),
        ]


class RecognitionForm(StepForm):
    title = "How would you like to be recognised?"
    recognition = forms.ChoiceField(
        label="How would you like to be recognised for your time?",
        choices=choices.Recognition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to be recognised"},
    )
    benefits_limit = forms.ChoiceField(
        label="Do you get any welfare benefits that limit how much you can earn?",
        choices=choices.YesNoPreferNot.choices,
        widget=forms.RadioSelect,
        help_text=(
            "We only ask so that payments never put your benefits at risk. We will ask for details later, "
            "only if you choose to be paid. Free, independent benefits advice is available from Citizens "
            "Advice, and we can put you in touch."
        ),
        error_messages={"required": "Choose yes, no or prefer not to say"},
    )

    @classmethod
    def from_person(cls, person):
        return {"recognition": person.recognition, "benefits_limit": person.benefits_limit}

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return [
            ("Recognition", _labels([data.get("recognition", "")], choices.Recognition.choices)),
            (
                "Benefits that limit earnings",
                _labels([data.get("benefits_limit", "")], choices.YesNoPreferNot.choices),
            ),
        ]


class ConsentForm(StepForm):
    """A yes/no answer for every consent purpose; nothing is chosen for the member in advance."""

    title = "What do you agree to?"
    intro = (
        "You can change any of these answers at any time on your profile page. Changes take effect at once."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for purpose, label in choices.ConsentPurpose.choices:
            self.fields[purpose] = forms.ChoiceField(
                label=label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose yes or no for: {label[0].lower()}{label[1:]}"},
            )

    def consents(self) -> dict[str, bool]:
        return {purpose: self.cleaned_data[purpose] == "yes" for purpose in choices.ConsentPurpose.values}

    def profile_values(self):
        return {}

    @classmethod
    def from_current(cls, current: dict) -> dict:
        return {purpose: _yes_no(consent.given) for purpose, consent in current.items()}

    @classmethod
    def summary(cls, data: dict) -> list[tuple[str, str]]:
        return [
            (label, "Yes" if data.get(purpose) == "yes" else "No")
            for purpose, label in choices.ConsentPurpose.choices
        ]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account"},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right. Enter the password you use to sign in")
        return password


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

    def __init__(self, *args, options: tuple[list, list] | None = None, **kwargs):
        """`options`: the areas' and interests' (id, name) lists when the page shows the form
        (selectors.directory_filter_options, one query for both); without them each list is read from
        its queryset when shown. A chosen value is checked against its queryset either way."""
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = LivedExperienceArea.objects.filter(active=True)
        self.fields["interest"].queryset = Interest.objects.filter(active=True)
        if options is not None:
            for name, listed in zip(("area", "interest"), options, strict=True):
                self.fields[name].widget.choices = [("", self.fields[name].empty_label), *listed]
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
    access_needs = access_needs_field("Access needs")
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


# Extra questions other apps add to the register-on-behalf form (the champions network asks which champion
# brought the person): name -> a function making the form field. Registered from an AppConfig.ready().
_attribution_fields: dict = {}


def register_attribution_field(name: str, make_field) -> None:
    _attribution_fields[name] = make_field


def attribution_fields() -> dict:
    return {name: make() for name, make in _attribution_fields.items()}


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
        self.attribution_names = []
        for name, field in attribution_fields().items():
            self.fields[name] = field
            self.attribution_names.append(name)

    def attribution(self) -> dict:
        """The answers to questions other apps added (see register_attribution_field)."""
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


QUESTIONS = {
    "age_band": ("What is your age?", ""),
    "sex": ("What is your sex?", "This is the sex you would give on the census."),
    "gender_identity": (
        "Is the gender you identify with the same as your sex registered at birth?",
        "If not, you can say which of these describes you.",
    ),
    "ethnic_group": ("What is your ethnic group?", ""),
    "religion": ("What is your religion?", ""),
    "sexual_orientation": ("Which of these best describes your sexual orientation?", ""),
    "disability": (
        "Do you have a physical or mental health condition or illness that has lasted, or is expected to "
        "last, 12 months or more, and that reduces your ability to carry out day-to-day activities?",
        "",
    ),
    "unpaid_care": (
        "Do you look after, or give any help or support to, anyone because they have long-term physical or "
        "mental health conditions or illnesses, or problems related to old age?",
        "Do not count anything you do as part of your paid job.",
    ),
}


class EqualityAnswersForm(forms.Form):
    """Every question must have an answer, and every question offers "Prefer not to say"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for topic in TOPICS:
            label, hint = QUESTIONS[topic.field]
            self.fields[topic.field] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=topic.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"{topic.heading}: select an answer, or select “Prefer not to say”",
                    "invalid_choice": f"{topic.heading}: select one of the answers shown",
                },
            )


class EqualityConsentForm(forms.Form):
    agree = forms.BooleanField(
        label="I agree that the programme keeps my equality monitoring answers",
        error_messages={"required": "Tick the box to agree that we keep your answers, or leave this page"},
    )


class SpecialPermissionsForm(forms.Form):
    """Which of the restricted permissions one back-office account holds."""

    PERMISSIONS = [
        ("view_equality_answers", "See individuals’ equality monitoring answers"),
        ("view_safeguarding_notes", "Read and write safeguarding notes"),
    ]

    permissions = forms.MultipleChoiceField(
        label="Restricted permissions",
        help_text="Give these only to the few people whose work needs them. Every use is recorded.",
        choices=PERMISSIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the permissions shown"},
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A CSV file (UTF-8 or Windows CSV) smaller than 5 MB, column headings in the first row",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.text = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 5 MB")
        try:
            self.text = imports.decode(upload.read())
            imports.read_table(self.text)
        except imports.ImportFileError as error:
            raise ValidationError(str(error)) from None
        return upload


class IdListField(forms.Field):
    """Ticked people: a list of record ids (anything else is refused)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError("Select people from the list") from None


class RetentionSelectionForm(forms.Form):
    person = IdListField(required=True, error_messages={"required": "Select at least one person"})
    action = forms.ChoiceField(
        choices=[("delete", "Confirm deletion"), ("keep", "Keep")], widget=forms.HiddenInput
    )

    def clean(self):
        # The action comes from the button pressed: say so in the summary instead of on a hidden field.
        if self.errors.pop("action", None):
            self.add_error(None, "Press “Keep selected” or “Confirm deletion of selected”")
        return super().clean()


class RetentionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen to this record?",
        widget=forms.RadioSelect,
        choices=[
            ("keep", "Keep it: they are still in touch"),
            ("delete", "Delete it: erase their personal details at the next daily run"),
        ],
        error_messages={"required": "Select whether to keep or delete this record"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, how you know they are still in touch. It is added to their record's notes.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
