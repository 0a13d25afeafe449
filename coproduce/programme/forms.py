"""Forms for the programme, the board and the concordat. Choices of related rows are plain lists built from
selectors, so a hand-edited value is a clear message by the field, not an error page."""

from __future__ import annotations

from django import forms

from coproduce.core.forms import DateField
from coproduce.people import selectors as people_selectors

from . import choices, selectors


def _decision_choices() -> list[tuple[str, str]]:
    return [("", "Choose a decision")] + [
        (str(d.pk), f"{d.reference} ({d.meeting.starts_at:%-d %b %Y}): {d.text[:70]}")
        for d in selectors.board_decisions()
    ]


def _meeting_choices() -> list[tuple[str, str]]:
    return [("", "Choose a meeting")] + [
        (str(m.pk), f"{m.starts_at:%-d %B %Y}: {m.title}") for m in selectors.coming_board_meetings()
    ]


class PersonByEmailField(forms.EmailField):
    """Someone in the network, found by the email address on their record."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        person = people_selectors.person_by_email(email)
        if person is None:
            raise forms.ValidationError(
                "Nobody in the network has that email address: check it, or add them first"
            )
        return person


class ProgrammeForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the programme's name"})
    started_on = DateField(
        label="When it started",
        error_name="The start date",
        error_messages={"required": "Enter when the programme started"},
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    budget = forms.DecimalField(
        label="Budget (£)",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages={"invalid": "The budget must be an amount, like 125000.00"},
    )
    cost_centres = forms.CharField(
        max_length=300, required=False, help_text="Comma separated, for example COP01, COP02"
    )


class ShiftForm(forms.Form):
    owner = PersonByEmailField(
        label="Owner's email address",
        required=False,
        help_text="Someone in the network; leave empty for nobody yet",
    )
    status = forms.ChoiceField(choices=choices.ShiftStatus.choices)


class ShiftNoteForm(forms.Form):
    noted_on = DateField(
        label="Date", error_name="The date of the note", error_messages={"required": "Enter the date"}
    )
    text = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Write the note"}
    )


class SponsorForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the sponsor's name"})
    job_title = forms.CharField(max_length=150, error_messages={"required": "Enter their job title"})
    organisation = forms.CharField(max_length=150, error_messages={"required": "Enter their organisation"})
    since = DateField(
        label="Sponsor since", error_name="The start date", error_messages={"required": "Enter since when"}
    )
    until = DateField(label="Until (optional)", error_name="The end date", required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label="What was committed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was committed"},
    )
    source = forms.CharField(
        max_length=200,
        help_text="For example, Corporate plan 2025 to 2029, priority 3",
        error_messages={"required": "Enter where it is written down"},
    )
    made_on = DateField(
        label="Date made",
        error_name="The date it was made",
        error_messages={"required": "Enter when it was made"},
    )
    made_by = forms.CharField(
        max_length=150, label="Who made it", error_messages={"required": "Enter who made it"}
    )
    review_on = DateField(
        label="Review date",
        error_name="The review date",
        error_messages={"required": "Enter when it will be reviewed"},
    )


class TeamMemberForm(forms.Form):
    person = PersonByEmailField(
        label="Their email address", error_messages={"required": "Enter their email address"}
    )
    role = forms.CharField(max_length=120, error_messages={"required": "Enter their role on the team"})


class TermsOfReferenceForm(forms.Form):
    text = forms.CharField(
        label="Terms of reference",
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": "Enter the terms of reference"},
    )
    what_changed = forms.CharField(
        label="What changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed for every version after the first",
    )
    decision = forms.ChoiceField(
        label="Approved by the board's decision",
        error_messages={"required": "Choose the decision that approved it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = _decision_choices()
        self._decisions = {str(d.pk): d for d in selectors.board_decisions()}

    def clean_decision(self):
        return self._decisions.get(self.cleaned_data["decision"])


class TermForm(forms.Form):
    person = PersonByEmailField(
        label="Their email address", error_messages={"required": "Enter their email address"}
    )
    role = forms.ChoiceField(
        choices=choices.BoardRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role on the board"},
    )
    organisation = forms.CharField(max_length=150, required=False, help_text="For staff and partner members")
    starts_on = DateField(
        label="Term starts",
        error_name="The start of the term",
        error_messages={"required": "Enter when the term starts"},
    )
    ends_on = DateField(
        label="Term ends",
        error_name="The end of the term",
        error_messages={"required": "Enter when the term ends"},
    )


class RenewForm(forms.Form):
    ends_on = DateField(
        label="The new term ends",
        error_name="The end of the new term",
        error_messages={"required": "Enter when the new term ends"},
    )


class EndTermForm(forms.Form):
    left_on = DateField(
        label="Date they left",
        error_name="The date they left",
        error_messages={"required": "Enter the date they left"},
    )


class RecruitmentForm(forms.Form):
    person = PersonByEmailField(
        label="Their email address", error_messages={"required": "Enter their email address"}
    )
    interest_on = DateField(
        label="Date they expressed interest",
        error_name="The date of interest",
        error_messages={"required": "Enter the date"},
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StepForm(forms.Form):
    on = DateField(
        label="Date", error_name="The date of the step", error_messages={"required": "Enter the date"}
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlanItemForm(forms.Form):
    meeting = forms.ChoiceField(label="Board meeting", error_messages={"required": "Choose the meeting"})
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the item's title"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    led_by = forms.CharField(max_length=150, required=False, label="Led by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._meetings = {str(m.pk): m for m in selectors.coming_board_meetings()}
        self.fields["meeting"].choices = _meeting_choices()

    def clean_meeting(self):
        return self._meetings.get(self.cleaned_data["meeting"])


class MovePlanItemForm(PlanItemForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "led_by"):
            del self.fields[name]


class ChallengeForm(forms.Form):
    project = forms.ChoiceField(error_messages={"required": "Choose the project"})
    kind = forms.ChoiceField(
        label="What it is",
        choices=choices.ChallengeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a question, a concern or a recommendation"},
    )
    text = forms.CharField(
        label="Your question, concern or recommendation",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the question, concern or recommendation"},
    )
    respond_by = DateField(
        label="Respond by",
        error_name="The date for a response",
        error_messages={"required": "Enter the date the project must respond by"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        projects = list(selectors.projects_to_challenge().only("id", "title"))
        self._projects = {str(p.pk): p for p in projects}
        self.fields["project"].choices = [("", "Choose a project")] + [(str(p.pk), p.title) for p in projects]

    def clean_project(self):
        return self._projects.get(self.cleaned_data["project"])


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="The project's response",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write the project's response"},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=choices.ChallengeOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decision = forms.ChoiceField(label="Board decision (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = _decision_choices()
        self._decisions = {str(d.pk): d for d in selectors.board_decisions()}

    def clean_decision(self):
        return self._decisions.get(self.cleaned_data["decision"])


class ConcordatVersionForm(TermsOfReferenceForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the concordat's title"})
    field_order = ["title", "text", "what_changed", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = "The concordat's text"
        self.fields["text"].help_text = "Markdown: # for headings, - for lists"
        self.fields["text"].error_messages["required"] = "Enter the concordat's text"


class SignatureForm(forms.Form):
    """An officer records a signature (a person, a team or an organisation) on the current version."""

    kind = forms.ChoiceField(
        label="Who is signing",
        choices=choices.SignatoryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is signing"},
    )
    name = forms.CharField(
        max_length=150,
        help_text="The person's, team's or organisation's name",
        error_messages={"required": "Enter the name of who is signing"},
    )
    role = forms.CharField(
        max_length=150, required=False, help_text="For example, Director of Adult Services"
    )
    organisation = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(
        required=False, help_text="To ask them to sign again when a new version is approved"
    )
    signed_on = DateField(
        label="Date signed",
        error_name="The date of signing",
        error_messages={"required": "Enter the date it was signed"},
    )
    listed = forms.BooleanField(label="They agree to be listed on the public concordat page", required=False)


class SignForm(forms.Form):
    """A signed-in person signs for themselves."""

    role = forms.CharField(
        max_length=150,
        required=False,
        label="Your role (optional)",
        help_text="For example, carer, or Team manager",
    )
    organisation = forms.CharField(max_length=150, required=False, label="Your organisation (optional)")
    listed = forms.BooleanField(label="List my name on the public concordat page", required=False)
    agree = forms.BooleanField(
        label="I have read the concordat and agree to work by it",
        error_messages={"required": "Confirm you have read the concordat and agree to it"},
    )
