"""Forms for the programme, the board and the concordat. Choices of related rows are plain lists built from
selectors, so a hand-edited value is a clear message by the field, not an error page."""

from __future__ import annotations

from django import forms

from coproduce.core.forms import DateField
from coproduce.people import selectors as people_selectors

from . import choices, selectors


def _decision_label(decision) -> str:
    return f"{decision.reference} ({decision.meeting.starts_at:%-d %b %Y}): {decision.text[:70]}"


def _meeting_label(meeting) -> str:
    return f"{meeting.starts_at:%-d %B %Y}: {meeting.title}"


def _offer_board_decisions(field) -> None:
    field.offer(selectors.board_decisions(), _decision_label, "Choose a decision")


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


class ChoiceOf(forms.ChoiceField):
    """A choice of rows a selector lists, offered when the form is made (`offer`), so the page and the check
    agree; it cleans to the row. A value not on the list is a message by the field, not an error page."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows = {}

    def offer(self, rows, label_of, empty: str) -> None:
        self.rows = {str(row.pk): row for row in rows}
        self.choices = [("", empty)] + [(pk, label_of(row)) for pk, row in self.rows.items()]

    def clean(self, value):
        value = super().clean(value)
        return self.rows.get(value) if value else None


def their_email() -> PersonByEmailField:
    return PersonByEmailField(
        label="Their email address", error_messages={"required": "Enter their email address"}
    )


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


class EndSponsorForm(forms.Form):
    until = DateField(
        label="Last day as sponsor",
        error_name="The end of the sponsorship",
        error_messages={"required": "Enter the last day they were sponsor"},
    )


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
    person = their_email()
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
    decision = ChoiceOf(
        label="Approved by the board's decision",
        error_messages={"required": "Choose the decision that approved it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_board_decisions(self.fields["decision"])


class TermForm(forms.Form):
    person = their_email()
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
    person = their_email()
    interest_on = DateField(
        label="Date they expressed interest",
        error_name="The date of interest",
        error_messages={"required": "Enter the date"},
    )
    opportunity = ChoiceOf(
        label="The opportunity they answered (optional)",
        required=False,
        help_text="Leave empty if they asked another way, for example at a network event",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].offer(
            selectors.board_opportunities(),
            lambda o: f"{o.title} (closes {o.closes_on:%-d %B %Y})",
            "Not from an opportunity",
        )


class StepForm(forms.Form):
    on = DateField(
        label="Date", error_name="The date of the step", error_messages={"required": "Enter the date"}
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ObservedStepForm(StepForm):
    """Observing a meeting names the board meeting they came to, when it is on record."""

    meeting = ChoiceOf(label="The board meeting they observed (optional)", required=False)
    field_order = ["meeting", "on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].offer(selectors.past_board_meetings(), _meeting_label, "Not on record")


class PlanItemForm(forms.Form):
    meeting = ChoiceOf(label="Board meeting", error_messages={"required": "Choose the meeting"})
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the item's title"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    led_by = forms.CharField(max_length=150, required=False, label="Led by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].offer(selectors.coming_board_meetings(), _meeting_label, "Choose a meeting")


class MovePlanItemForm(PlanItemForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "led_by"):
            del self.fields[name]


class ChallengeForm(forms.Form):
    project = ChoiceOf(error_messages={"required": "Choose the project"})
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
        self.fields["project"].offer(
            selectors.projects_to_challenge().only("id", "title"), lambda p: p.title, "Choose a project"
        )


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
    decision = ChoiceOf(label="Board decision (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_board_decisions(self.fields["decision"])


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
