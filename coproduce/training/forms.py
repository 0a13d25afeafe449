"""Forms for training. Choices of related rows are plain lists built from querysets, so a hand-edited value
is a clear message next to the field, never an error page."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from coproduce.meetings.choices import PaperFormat
from coproduce.meetings.forms import MeetingForm, ReplyForm
from coproduce.people.models import Person
from coproduce.projects.models import Organisation

from . import choices, selectors, services
from .models import Course

TRAINER_ROWS = 4


def _id_choices(rows, label=str) -> list[tuple[str, str]]:
    return [(str(row.pk), label(row)) for row in rows]


class CourseForm(forms.Form):
    title = forms.CharField(max_length=150, error_messages={"required": "Enter the course title"})
    summary = forms.CharField(
        label="What the course is about",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the course is about"},
    )
    audiences = forms.MultipleChoiceField(
        label="Who it is for",
        choices=choices.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who the course is for"},
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes",
        help_text="One a line: what people will know or be able to do afterwards",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one learning outcome"},
    )
    duration_hours = forms.DecimalField(
        label="Length in hours",
        min_value=Decimal("0.5"),
        max_value=Decimal("40"),
        decimal_places=1,
        error_messages={
            "required": "Enter how long the course is, in hours",
            "invalid": "Length must be a number of hours, like 2.5",
            "min_value": "Length must be at least half an hour",
            "max_value": "Length must be 40 hours or fewer",
            "max_decimal_places": "Length can have one decimal place, like 2.5",
        },
    )
    format = forms.ChoiceField(
        choices=choices.CourseFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person, online or e-learning"},
    )
    elearning_link = forms.URLField(
        label="E-learning link", max_length=500, required=False, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if data.get("format") == choices.CourseFormat.ELEARNING and not data.get("elearning_link"):
            self.add_error("elearning_link", "Enter the e-learning link for an e-learning course")
        return data

    @staticmethod
    def initial_from(course: Course) -> dict:
        return {name: getattr(course, name) for name in services.COURSE_FIELDS}


class CoDesignerForm(forms.Form):
    person = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    contribution = forms.CharField(
        label="What they did", max_length=200, required=False, help_text="For example, wrote the case studies"
    )
    consents_to_credit = forms.BooleanField(
        label="They agreed to be named on the course page", required=False
    )

    def clean_person(self):
        person = Person.objects.current().filter(pk=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError("Choose someone from the search results")
        return person


class MaterialForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the material"})
    format = forms.ChoiceField(
        choices=PaperFormat.choices, initial=PaperFormat.STANDARD, widget=forms.RadioSelect
    )
    alternative_of = forms.ChoiceField(
        label="A version of", required=False, help_text="For easy read, large print or audio: the original"
    )
    file = forms.FileField(error_messages={"required": "Choose a file to upload"})

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.originals = {str(m.pk): m for m in course.materials.filter(alternative_of__isnull=True)}
        self.fields["alternative_of"].choices = [("", "None: this is an original")] + [
            (key, m.title) for key, m in self.originals.items()
        ]

    def clean_file(self):
        from coproduce.meetings import uploads

        uploaded = self.cleaned_data["file"]
        self.content_type = uploads.check_paper(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        if data.get("format") and data["format"] != PaperFormat.STANDARD and not data.get("alternative_of"):
            self.add_error("alternative_of", "Choose the material this is a version of")
        data["alternative_of"] = self.originals.get(data.get("alternative_of") or "")
        return data


class SessionForm(MeetingForm):
    """The meeting's date, times, venue or link, places and organiser (the meetings form, checks and all),
    with the session's trainers: a session with no trainer is refused."""

    notes_for_trainers = forms.CharField(
        label="Notes for the trainers", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, data=None, *, creator, session=None, **kwargs):
        body = selectors.training_body()
        self.scope_key = f"body:{body.pk}"
        if data is not None:
            data = data.copy()
            data["scope"] = self.scope_key
        super().__init__(
            data,
            scopes={self.scope_key: body},
            creator=creator,
            meeting=session.meeting if session else None,
            **kwargs,
        )
        self.session = session
        del self.fields["title"], self.fields["purpose"]
        self.fields["scope"].widget = forms.HiddenInput()
        self.initial["scope"] = self.scope_key
        self.fields["capacity"].required = True
        self.fields["capacity"].help_text = "How many learners can book"
        self.fields["capacity"].error_messages["required"] = "Enter how many places there are"
        trainers = selectors.trainer_pool()
        if session is not None:
            self.initial["notes_for_trainers"] = session.notes_for_trainers
            current = list(session.co_trainers.select_related("person"))
            known = {p.pk for p in trainers}
            trainers += [row.person for row in current if row.person_id not in known]
            for n, row in enumerate(current[:TRAINER_ROWS], 1):
                self.initial.update(
                    {
                        f"trainer_{n}": str(row.person_id),
                        f"trainer_{n}_role": row.role,
                        f"trainer_{n}_kind": row.kind,
                    }
                )
        self.trainer_people = {str(p.pk): p for p in trainers}
        people = [("", "Nobody")] + [(key, p.full_name) for key, p in self.trainer_people.items()]
        for n in range(1, TRAINER_ROWS + 1):
            self.fields[f"trainer_{n}"] = forms.ChoiceField(
                label=f"Trainer {n}", choices=people, required=False
            )
            self.fields[f"trainer_{n}_role"] = forms.ChoiceField(
                label=f"Trainer {n}: role", choices=choices.TrainerRole.choices, required=False
            )
            self.fields[f"trainer_{n}_kind"] = forms.ChoiceField(
                label=f"Trainer {n}: who they are", choices=choices.TrainerKind.choices, required=False
            )
        self.fields["trainer_1"].help_text = "Co-trainers come from the training programme's members"

    def trainer_rows(self):
        return [
            (self[f"trainer_{n}"], self[f"trainer_{n}_role"], self[f"trainer_{n}_kind"])
            for n in range(1, TRAINER_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        trainers, seen = [], set()
        for n in range(1, TRAINER_ROWS + 1):
            key = data.get(f"trainer_{n}")
            if not key:
                continue
            if key in seen:
                self.add_error(f"trainer_{n}", "Each trainer can be added once")
                continue
            seen.add(key)
            role = data.get(f"trainer_{n}_role") or choices.TrainerRole.CO_TRAINER
            kind = data.get(f"trainer_{n}_kind") or choices.TrainerKind.LIVED_EXPERIENCE
            trainers.append((self.trainer_people[key], role, kind))
        if not trainers and not self.errors.get("trainer_1"):
            self.add_error("trainer_1", "Add at least one trainer: a session cannot run without one")
        data["trainers"] = trainers
        return data

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "mode": data["mode"],
            "venue_id": int(data["venue"]) if data.get("venue") else None,
            "room": data.get("room") or "",
            "online_link": data.get("online_link") or "",
            "capacity": data["capacity"],
            "organiser_id": data["organiser"],
        }
        if fields["mode"] == "online":
            fields["venue_id"], fields["room"] = None, ""
        return fields


class BookingForm(ReplyForm):
    """A booking: the learner's role (and, for staff, where they work) with the support they need."""

    role = forms.ChoiceField(
        label="Who is the learner?",
        choices=choices.LearnerRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the learner is"},
    )
    department = forms.CharField(
        label="Department",
        max_length=150,
        required=False,
        help_text="Staff and partners: the team or department they work in",
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)
    waiting_list = forms.BooleanField(
        label="If the session is full, put them on the waiting list", required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["attending"]
        self.organisations = {str(o.pk): o for o in Organisation.objects.order_by("name")}
        self.fields["organisation"].choices = [("", "Choose")] + [
            (k, o.name) for k, o in self.organisations.items()
        ]

    def clean(self):
        data = super().clean()
        data["organisation"] = self.organisations.get(data.get("organisation") or "")
        if data.get("role") in choices.WORKPLACE_ROLES:
            if not (data.get("department") or "").strip():
                self.add_error("department", "Enter the department they work in")
            if data["organisation"] is None:
                self.add_error("organisation", "Choose the organisation they work for")
        return data


class AttendanceForm(forms.Form):
    """One radio group per person: present, apologies or absent."""

    def __init__(self, *args, people, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        from coproduce.meetings.choices import AttendanceStatus

        self.people = people
        for person in people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.get(person.pk),
            )

    def marks(self) -> dict:
        return {
            person: self.cleaned_data[f"person_{person.pk}"]
            for person in self.people
            if self.cleaned_data.get(f"person_{person.pk}")
        }


class PreparationForm(forms.Form):
    from coproduce.core.forms import DateField as _DateField

    day = _DateField(
        label="When was the preparation done?",
        error_name="The preparation date",
        help_text="The day it counts in for pay and benefits, for example 27 3 2026",
        error_messages={"required": "Enter the date of the preparation"},
    )

    def __init__(self, *args, trainers, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainers = trainers
        for row in trainers:
            self.fields[f"hours_{row.person_id}"] = forms.DecimalField(
                label=f"{row.person.full_name}: preparation hours",
                min_value=Decimal("0"),
                max_value=Decimal("24"),
                decimal_places=2,
                required=False,
                initial=current.get(row.person_id, row.preparation_hours or None),
                error_messages={
                    "invalid": "Hours must be a number, like 1.5",
                    "min_value": "Hours cannot be negative",
                    "max_value": "Hours must be 24 or fewer",
                    "max_decimal_places": "Hours can have two decimal places at most",
                },
            )

    def hours(self) -> dict:
        return {
            row.person_id: self.cleaned_data[f"hours_{row.person_id}"]
            for row in self.trainers
            if self.cleaned_data.get(f"hours_{row.person_id}") is not None
        }


RATING_ERROR = "Choose an answer for this question"


def _rating(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_ERROR},
    )


class FeedbackForm(forms.Form):
    overall = _rating("Overall, how good was the session?")
    learned = _rating("How much did you learn?")
    accessible = _rating("How well did the session meet your access needs?")
    went_well = forms.CharField(
        label="What went well?", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    could_be_better = forms.CharField(
        label="What could be better?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class EasyReadFeedbackForm(FeedbackForm):
    """The same questions in easy read: short words, one idea a question."""

    EASY = {
        "overall": "Was the training good?",
        "learned": "Did you learn new things?",
        "accessible": "Did you get the help you needed to take part?",
        "went_well": "What did you like?",
        "could_be_better": "What should we change?",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.EASY.items():
            self.fields[name].label = label
            if name in ("overall", "learned", "accessible"):
                self.fields[name].choices = choices.EasyRating.choices


class PaperFeedbackForm(FeedbackForm):
    booking = forms.ChoiceField(
        label="Whose form is it?", error_messages={"required": "Choose whose form this is"}
    )
    easy_read = forms.BooleanField(label="They filled in the easy read form", required=False)

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = {str(b.pk): b for b in bookings}
        self.fields["booking"].choices = [("", "Choose")] + [
            (k, b.person.full_name) for k, b in self.bookings.items()
        ]
        self.order_fields(["booking", "easy_read"])

    def clean_booking(self):
        return self.bookings[self.cleaned_data["booking"]]
