"""Forms for equality monitoring: the member's questionnaire and consent, and the administrators' page for
the restricted permissions."""

from django import forms

from .equality import TOPICS

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
