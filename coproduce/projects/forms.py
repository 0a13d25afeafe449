"""Forms for requesting support, triage, stages, the team, ratings, publishing and the team's own pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from coproduce.core.forms import DateField

from .choices import CO_PRODUCTION_THRESHOLD, PRINCIPLES, PublicSection, RatingMoment, Rung, Stage, TeamRole
from .models import REQUEST_FIELDS, Organisation, Output, Project, ServiceArea, Update

RUNG_HINT = (
    "Coercion and educating are “doing to”; informing, consulting and engaging are “doing for”; "
    "co-designing and co-producing are “doing with”."
)


class RequestForm(forms.ModelForm):
    """Asking the co-production team for support (also used to change a request when asked for more)."""

    decision_deadline = DateField(
        error_name="The decision deadline",
        label="When must the decision be made?",
        required=False,
        help_text="For example, 27 3 2027",
    )
    involvement_budget = forms.DecimalField(
        label="Budget for involvement, in pounds (optional)",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        # A text box, not type=number: browsers round, scroll and reject typed values without saying why.
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        help_text="Money set aside to pay people for their time and expenses, for example 1500.00",
        error_messages={
            "invalid": "Enter the budget as an amount of money, like 1500 or 1500.50",
            "min_value": "The budget cannot be less than £0",
            "max_digits": "The budget must be less than £100,000,000",
            "max_decimal_places": "The budget can only have pence after the point, like 1500.50",
        },
    )
    hoped_rung = forms.TypedChoiceField(
        label="What level of involvement do you hope for?",
        choices=Rung.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=RUNG_HINT,
        error_messages={
            "required": "Choose the level of involvement you hope for",
            "invalid_choice": "Choose the level of involvement you hope for",
        },
    )

    class Meta:
        model = Project
        fields = REQUEST_FIELDS
        labels = {
            "title": "Project name",
            "summary": "What service or decision is it about?",
            "affects": "Who does it affect?",
            "can_change": "What can change because of what people say?",
            "cannot_change": "What cannot change? (optional)",
            "service_area": "Service area",
            "organisation": "Your organisation or department",
        }
        help_texts = {"title": "A short name people will recognise, for example “Carers’ breaks review”"}
        error_messages = {
            "title": {"required": "Enter a name for the project"},
            "summary": {"required": "Say what service or decision it is about"},
            "affects": {"required": "Say who it affects"},
            "can_change": {"required": "Say what can change"},
            "service_area": {
                "required": "Choose a service area",
                "invalid_choice": "Choose a service area from the list",
            },
            "organisation": {
                "required": "Choose your organisation or department",
                "invalid_choice": "Choose your organisation or department from the list",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.filter(active=True)
        self.fields["organisation"].queryset = Organisation.objects.all()
        for name in ("summary", "affects", "can_change", "cannot_change"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 4})

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_decision_deadline(self):
        """A deadline already past cannot be planned for; one kept unchanged on a resubmitted request may
        have passed while the team waited, and stays."""
        deadline = self.cleaned_data["decision_deadline"]
        unchanged = self.instance.pk is not None and self.instance.decision_deadline == deadline
        if deadline and not unchanged and deadline < timezone.localdate():
            raise forms.ValidationError("The decision deadline must be today or in the future")
        return deadline


class TriageForm(forms.Form):
    DECISIONS = [
        ("accept", "Accept it"),
        ("more_information", "Ask for more information"),
        ("decline", "Decline it"),
    ]
    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, ask for more information or decline"},
    )
    message = forms.CharField(
        label="Reason for declining, or what more you need to know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The requester sees this. Leave it empty when you accept.",
    )
    target_rung = forms.TypedChoiceField(
        label="Target rung on the ladder of participation",
        choices=[("", "Choose a rung")] + Rung.choices,
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Only when you accept",
    )
    justification = forms.CharField(
        label="Why is this the right target?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    below_co_production_reason = forms.CharField(
        label="Why take it on although the target is below co-designing?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the target is below co-designing: that is consultation, not co-production.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_rung"].choices = [("", "Choose a rung")] + [
            (
                value,
                f"{label} (consultation, not co-production)" if value < CO_PRODUCTION_THRESHOLD else label,
            )
            for value, label in Rung.choices
        ]
        for key, label, question in PRINCIPLES:
            self.fields[f"principle_{key}"] = forms.CharField(
                label=label, required=False, help_text=question, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in ("decline", "more_information") and not (data.get("message") or "").strip():
            self.add_error(
                "message",
                "Give the reason for declining"
                if decision == "decline"
                else "Write what more you need to know",
            )
        if decision == "accept":
            self._check_acceptance(data)
        return data

    def _check_acceptance(self, data):
        rung = data.get("target_rung")
        if rung is None:
            self.add_error("target_rung", "Choose the target rung")
        if not (data.get("justification") or "").strip():
            self.add_error("justification", "Say why this is the right target")
        for key, label, _ in PRINCIPLES:
            if not (data.get(f"principle_{key}") or "").strip():
                self.add_error(f"principle_{key}", f"Write a note on {label.lower()}")
        if (
            rung is not None
            and rung < CO_PRODUCTION_THRESHOLD
            and not (data.get("below_co_production_reason") or "").strip()
        ):
            self.add_error(
                "below_co_production_reason",
                "This target is consultation, not co-production: say why it is still taken on",
            )

    def principles(self) -> dict:
        return {key: self.cleaned_data.get(f"principle_{key}", "") for key, _, _ in PRINCIPLES}

    def principle_fields(self):
        return [self[f"principle_{key}"] for key, _, _ in PRINCIPLES]


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move the project to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a stage", "invalid_choice": "Choose one of the moves listed"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to stop the project or move it back a step",
    )
    # The stage the officer saw, so a move made meanwhile by someone else is not silently overtaken.
    expected = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)

    def __init__(self, *args, moves: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"forward": "Move on to {}", "back": "Move back to {}", "stop": "Stop the project"}
        self.moves = moves
        self.fields["to_stage"].choices = [
            (stage, labels[kind].format(Stage(stage).label.lower())) for stage, kind in moves.items()
        ]

    def clean(self):
        data = super().clean()
        kind = self.moves.get(data.get("to_stage"))
        if kind in ("back", "stop") and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                "Give the reason for stopping" if kind == "stop" else "Give the reason for moving back",
            )
        return data

    def move(self) -> dict:
        """The stage move the officer asked for, as services.move_stage takes it."""
        data = self.cleaned_data
        return {"to_stage": data["to_stage"], "expected": data["expected"], "reason": data["reason"]}


class RatingForm(forms.Form):
    moment = forms.ChoiceField(
        label="When is this rating?",
        choices=[(RatingMoment.REVIEW, "At review"), (RatingMoment.CLOSE, "At close")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose review or close"},
    )
    rung = forms.TypedChoiceField(
        label="Rung reached",
        choices=Rung.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=RUNG_HINT,
        error_messages={"required": "Choose the rung reached"},
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows the project worked at this rung: who decided what, and how",
        error_messages={"required": "Give the evidence for this rung"},
    )


class TeamSearchForm(forms.Form):
    q = forms.CharField(label="Find a person by name", max_length=100, required=False)


class TeamRoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=TeamRole.choices, error_messages={"required": "Choose a role"}
    )


class PublishingForm(forms.Form):
    is_published = forms.TypedChoiceField(
        label="Show this project on the public project pages?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )
    sections = forms.MultipleChoiceField(
        label="Which parts may the public see?",
        choices=PublicSection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The name and stage always show on a published project. Names of team members show only "
        "for people who have agreed to be quoted.",
    )


class OutputForm(forms.ModelForm):
    date = DateField(error_name="The date", label="Date", help_text="For example, 27 3 2026")
    link = forms.URLField(
        label="Link (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.org/report"},
    )

    class Meta:
        model = Output
        fields = ["kind", "title", "description", "date", "link"]
        labels = {"kind": "What kind of output is it?"}
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "kind": {"required": "Choose the kind of output"},
            "title": {"required": "Enter a title"},
            "description": {"required": "Describe the output"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date"


class UpdateForm(forms.ModelForm):
    date = DateField(error_name="The date", label="Date", help_text="For example, 27 3 2026")

    class Meta:
        model = Update
        fields = ["you_said", "we_did", "date"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "you_said": {"required": "Write what people said"},
            "we_did": {"required": "Write what was done about it"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date"


class AgreementForm(forms.Form):
    statements = forms.CharField(
        label="Group agreement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One short statement on each line, for example “We listen without interrupting”",
    )

    def clean_statements(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["statements"].splitlines()]
        lines = [line for line in lines if line]
        too_long = [n for n, line in enumerate(lines, 1) if len(line) > 200]
        if too_long:
            raise forms.ValidationError(
                f"Keep each statement under 200 characters (line {too_long[0]} is longer)"
            )
        return lines


class JargonForm(forms.Form):
    term = forms.CharField(
        label="Word or abbreviation", max_length=80, error_messages={"required": "Enter the word"}
    )
    meaning = forms.CharField(
        label="What it means, in plain English",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what it means"},
    )

    def clean_term(self):
        return " ".join(self.cleaned_data["term"].split())


class PublicFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Service area", queryset=ServiceArea.objects.none(), required=False, empty_label="All"
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "All")]
        + [
            (s.value, s.label)
            for s in (
                Stage.SCOPING,
                Stage.DESIGNING,
                Stage.DELIVERING,
                Stage.REVIEWING,
                Stage.CLOSED,
                Stage.STOPPED,
            )
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ServiceArea.objects.filter(active=True)

    def values(self) -> tuple[int | None, str]:
        """The valid filters; a hand-edited value that does not validate is ignored."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        area = data.get("area")
        return (area.pk if area else None), data.get("stage", "")
