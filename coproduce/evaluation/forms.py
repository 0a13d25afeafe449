"""Forms for the evaluation pages (GOV.UK rendering comes from core/forms.py)."""

from __future__ import annotations

from django import forms

from coproduce.core.forms import DateField

from . import choices, selectors
from .models import Aim, Evidence, Indicator, Outcome


class AimForm(forms.Form):
    title = forms.CharField(max_length=200, label="The aim")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="What it means"
    )
    agreed_by = forms.CharField(
        max_length=200, label="Who agreed it", help_text="For example: the co-production board and the team"
    )
    agreed_on = DateField(label="When it was agreed", error_name="The date it was agreed")
    order = forms.IntegerField(min_value=0, max_value=999, initial=0, label="Position in the list")


class OutcomeForm(forms.Form):
    aim = forms.ModelChoiceField(queryset=Aim.objects.all(), label="Aim", empty_label=None)
    title = forms.CharField(max_length=200, label="The outcome")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    order = forms.IntegerField(min_value=0, max_value=999, initial=0, label="Position in the list")


class IndicatorForm(forms.Form):
    outcome = forms.ModelChoiceField(
        queryset=Outcome.objects.select_related("aim"), label="Outcome", empty_label=None
    )
    title = forms.CharField(max_length=200, label="The indicator")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kind = forms.ChoiceField(
        choices=choices.IndicatorKind.choices, widget=forms.RadioSelect, label="How is it measured?"
    )
    computed_code = forms.ChoiceField(
        required=False,
        label="What the platform works out",
        help_text="Only for indicators the platform works out",
    )
    unit = forms.ChoiceField(choices=choices.Unit.choices, label="Unit (for values recorded by hand)")
    baseline = forms.DecimalField(
        max_digits=14, decimal_places=2, required=False, label="Baseline (where we started)"
    )
    target = forms.DecimalField(max_digits=14, decimal_places=2, required=False)
    target_date = DateField(required=False, label="Target date", error_name="The target date")
    higher_is_better = forms.TypedChoiceField(
        choices=[("1", "Higher is better"), ("0", "Lower is better")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        label="Which way is better?",
    )
    order = forms.IntegerField(min_value=0, max_value=999, initial=0, label="Position in the list")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computed_code"].choices = [("", "Choose")] + selectors.computed_choices()

    def clean(self):
        data = super().clean()
        if data.get("kind") == choices.IndicatorKind.COMPUTED and not data.get("computed_code"):
            self.add_error("computed_code", "Choose what the platform should work out.")
        return data


class ValueForm(forms.Form):
    date = DateField(label="Date the value is for", error_name="The date")
    value = forms.DecimalField(max_digits=14, decimal_places=2, label="Value")
    note = forms.CharField(max_length=300, required=False, label="Where the figure comes from")


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        choices=choices.EvidenceKind.choices, widget=forms.RadioSelect, label="What kind of evidence is it?"
    )
    title = forms.CharField(max_length=200, label="Short title")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        label="What was said, seen or found",
        help_text="For a quote, the person's words as they said them",
    )
    attribution = forms.CharField(
        max_length=150,
        required=False,
        label="How to credit it",
        help_text="For example: a carer from Cherwell",
    )
    person_id = forms.IntegerField(
        required=False,
        min_value=1,
        label="Person's record number (optional)",
        help_text="Only when it quotes or shows a named member: their consent is checked",
    )
    file = forms.FileField(required=False, label="File (for a document or photo)")
    collected_on = DateField(label="When it was collected", error_name="The date it was collected")
    aims = forms.ModelMultipleChoiceField(
        queryset=Aim.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=Outcome.objects.select_related("aim"), required=False, widget=forms.CheckboxSelectMultiple
    )
    project_id = forms.IntegerField(required=False, min_value=1, label="Project number (optional)")
    for_report = forms.BooleanField(required=False, label="It may be chosen for the annual report")


class EvidenceLinksForm(forms.Form):
    aims = forms.ModelMultipleChoiceField(
        queryset=Aim.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    outcomes = forms.ModelMultipleChoiceField(
        queryset=Outcome.objects.select_related("aim"), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    for_report = forms.BooleanField(required=False, label="It may be chosen for the annual report")


class PeerEvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (choices.EvidenceKind.INTERVIEW, "Interview notes"),
            (choices.EvidenceKind.OBSERVATION, "Observation"),
        ],
        widget=forms.RadioSelect,
        label="What are you recording?",
    )
    title = forms.CharField(max_length=200, label="Short title")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), label="Your notes", help_text="Do not write anyone's name"
    )
    collected_on = DateField(label="When was it?", error_name="The date")
    aims = forms.ModelMultipleChoiceField(
        queryset=Aim.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which aims does it show?",
    )


class SurveyForm(forms.Form):
    title = forms.CharField(max_length=200)
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    easy_read_introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Easy read introduction"
    )
    anonymous = forms.BooleanField(
        required=False, initial=True, label="Anonymous: do not link answers to people"
    )
    project_id = forms.IntegerField(required=False, min_value=1, label="Project number (optional)")
    with_default_questions = forms.BooleanField(
        required=False, initial=True, label="Start with the five standard questions"
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=choices.QuestionKind.choices, widget=forms.RadioSelect, label="Kind of question"
    )
    text = forms.CharField(max_length=300, label="Question")
    easy_read_text = forms.CharField(max_length=300, required=False, label="Easy read wording")
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Answers to choose from (one a line)"
    )
    required = forms.BooleanField(required=False, label="People must answer it")


def answer_form(survey, *, easy_read: bool = False, data=None, officer: bool = False):
    """A form with one field per question of the survey (and, typed in by an officer, how it came in)."""
    fields = {}
    if officer:
        fields["method"] = forms.ChoiceField(
            choices=[(choices.ResponseMethod.PAPER, "On paper"), (choices.ResponseMethod.PHONE, "By phone")],
            widget=forms.RadioSelect,
            label="How did the answers come in?",
        )
    labels = choices.EASY_READ_RATING_LABELS if easy_read else choices.RATING_LABELS
    for question in survey.question_list:
        label = (question.easy_read_text or question.text) if easy_read else question.text
        name = f"q{question.id}"
        if question.kind == choices.QuestionKind.RATING:
            fields[name] = forms.TypedChoiceField(
                choices=[(n, labels[n]) for n in range(5, 0, -1)],
                coerce=int,
                widget=forms.RadioSelect,
                required=question.required,
                label=label,
            )
        elif question.kind == choices.QuestionKind.CHOICE:
            fields[name] = forms.ChoiceField(
                choices=[(o, o) for o in question.options],
                widget=forms.RadioSelect,
                required=question.required,
                label=label,
            )
        else:
            fields[name] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                required=question.required,
                label=label,
                max_length=5000,
            )
        if not question.required:
            fields[name].label = f"{label} (optional)"
    form_class = type("AnswerForm", (forms.Form,), fields)
    return form_class(data)


class RoundForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name of the round", help_text="For example: Spring 2026")
    held_on = DateField(label="When it was held", error_name="The date")


class ShiftRatingForm(forms.Form):
    rater = forms.ChoiceField(choices=choices.Rater.choices, widget=forms.RadioSelect, label="Who is rating?")
    shift = forms.ChoiceField(choices=choices.Shift.choices, label="Shift")
    score = forms.TypedChoiceField(
        choices=list(choices.SHIFT_SCORES.items()), coerce=int, widget=forms.RadioSelect, label="Score"
    )
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Evidence for the score")
    next_steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Next steps")


class ReportForm(forms.Form):
    year = forms.IntegerField(
        min_value=2000, max_value=2100, label="Year (April to March, give the first year)"
    )
    title = forms.CharField(max_length=200)
    introduction = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown is allowed")
    easy_read_summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="Easy read summary")
    board_challenges = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="What the board challenged"
    )
    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence to include",
    )

    def __init__(self, *args, evidence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.filter(pk__in=[e.pk for e in evidence_choices])
