"""Forms for meetings. Choices of related rows are plain lists built from querysets (never a database
look-up of whatever id was posted), so a hand-edited value is a clear message, not an error."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from coproduce.core.forms import DateField
from coproduce.people import choices as people_choices
from coproduce.people.forms import access_needs_field
from coproduce.projects.models import Project

from . import choices, selectors, services, uploads
from .models import Body, Meeting, Venue
from .services import REPLY_FIELDS

CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[:.]?([0-5]\d)\s*$")


class ClockTimeField(forms.CharField):
    """A 24-hour clock time typed as 14:30, 14.30 or 1430."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", "24-hour clock, for example 14:30")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "numeric", "autocomplete": "off"}
        )

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = CLOCK.match(value)
        if not match:
            raise ValidationError(
                f"{self.label} must be a time on the 24-hour clock, like 14:30", code="invalid"
            )
        return datetime.time(int(match[1]), int(match[2]))

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, datetime.time) else value

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


def _id_choices(queryset, label=str) -> list[tuple[str, str]]:
    return [(str(obj.pk), label(obj)) for obj in queryset]


class MeetingForm(forms.Form):
    scope = forms.ChoiceField(
        label="Project or group",
        help_text="Who the meeting belongs to",
        error_messages={"required": "Choose the project or group the meeting belongs to"},
    )
    title = forms.CharField(max_length=150, error_messages={"required": "Enter a title for the meeting"})
    purpose = forms.CharField(
        label="What the meeting is for",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the meeting is for"},
    )
    date = DateField(
        error_name="The date of the meeting",
        label="Date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the meeting"},
    )
    start_time = ClockTimeField(label="Start time", error_messages={"required": "Enter the start time"})
    end_time = ClockTimeField(label="End time", error_messages={"required": "Enter the end time"})
    mode = forms.ChoiceField(
        label="How people take part",
        choices=choices.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person, online or hybrid"},
    )
    venue = forms.ChoiceField(
        label="Venue", required=False, help_text="Needed for in-person and hybrid meetings"
    )
    room = forms.CharField(label="Room, or where to go on arrival", max_length=150, required=False)
    online_link = forms.URLField(
        label="Online meeting link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Only people who have registered see it",
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=10000,
        help_text="Leave empty for no limit",
        error_messages={
            "invalid": "Places must be a whole number, like 12",
            "min_value": "Places must be 1 or more, or leave it empty for no limit",
            "max_value": "Places must be 10,000 or fewer",
        },
    )
    is_public = forms.BooleanField(
        label="This is a public event: list it on the public events page, where anyone may book a place",
        required=False,
    )
    organiser = forms.ChoiceField(
        label="Organiser",
        required=False,  # left out: the current organiser, or whoever creates the meeting
        error_messages={
            "invalid_choice": "Choose someone who may organise meetings of this project or group"
        },
        help_text="Who runs the meeting: they see the support people need and confirm payment claims",
    )
    confirm_clash = forms.BooleanField(label="Book this venue anyway", required=False)

    def __init__(self, *args, scopes, creator, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.scopes = scopes  # {"project:1": project, "body:2": body}
        self.fields["scope"].choices = [("", "Choose")] + [(key, str(obj)) for key, obj in scopes.items()]
        self._set_organiser_choices(creator)
        venues = Venue.objects.filter(active=True)
        if meeting is not None and meeting.venue_id:
            venues = Venue.objects.filter(active=True) | Venue.objects.filter(pk=meeting.venue_id)
        self.fields["venue"].choices = [("", "No venue")] + _id_choices(venues)
        self.clashes = []
        if meeting is not None:  # also when bound: changed_data compares with it, for the audit
            self.initial.update(self.initial_from(meeting))

    def _set_organiser_choices(self, creator):
        owners = self.scopes.values()
        candidates = selectors.organiser_candidates(
            projects=[obj for obj in owners if isinstance(obj, Project)],
            bodies=[obj for obj in owners if isinstance(obj, Body)],
        )
        people = {user.pk: user for user in candidates}
        current = self.meeting.organiser if self.meeting is not None else creator
        people.setdefault(current.pk, current)
        ordered = sorted(people.values(), key=lambda user: (user.full_name.lower(), user.pk))
        self.fields["organiser"].choices = _id_choices(ordered, lambda u: f"{u.full_name} ({u.email})")
        self.initial.setdefault("organiser", str(current.pk))
        self.default_organiser = current

    def clean_organiser(self):
        chosen = self.cleaned_data["organiser"]
        return int(chosen) if chosen else self.default_organiser.pk

    def _check_organiser(self, data):
        """The organiser must be allowed to organise the chosen project or group; someone already organising
        this meeting may stay when the project or group is unchanged."""
        chosen, scope = data.get("organiser"), data.get("scope")
        if chosen is None or scope not in self.scopes:
            return
        unchanged = self.meeting is not None and "scope" not in self.changed_data
        if unchanged and chosen == self.meeting.organiser_id:
            return
        owner = self.scopes[scope]
        kind = {"projects": [owner]} if isinstance(owner, Project) else {"bodies": [owner]}
        if not selectors.organiser_candidates(**kind).filter(pk=chosen).exists():
            self.add_error("organiser", f"Choose someone who may organise meetings of {owner}")

    @staticmethod
    def initial_from(meeting: Meeting) -> dict:
        start = meeting.starts_at.astimezone(selectors.LONDON)
        return {
            "scope": f"project:{meeting.project_id}" if meeting.project_id else f"body:{meeting.body_id}",
            "title": meeting.title,
            "purpose": meeting.purpose,
            "date": start.date(),
            # Forms take whole minutes.
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": meeting.ends_at.astimezone(selectors.LONDON).time().replace(second=0, microsecond=0),
            "mode": meeting.mode,
            "venue": str(meeting.venue_id or ""),
            "room": meeting.room,
            "online_link": meeting.online_link,
            "capacity": meeting.capacity,
            "is_public": meeting.is_public,
            "organiser": str(meeting.organiser_id),
        }

    def _moment(self, name, day, clock):
        try:
            return selectors.london_datetime(day, clock)
        except selectors.NonexistentLocalTime as error:
            self.add_error(name, str(error))
            return None

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "End time must be after the start time")
            else:
                data["starts_at"] = self._moment("start_time", day, start)
                data["ends_at"] = self._moment("end_time", day, end)
        mode = data.get("mode")
        in_person = mode in (choices.Mode.IN_PERSON, choices.Mode.HYBRID)
        if in_person and not data.get("venue"):
            self.add_error("venue", "Choose the venue for an in-person or hybrid meeting")
        if mode in (choices.Mode.ONLINE, choices.Mode.HYBRID) and not data.get("online_link"):
            self.add_error("online_link", "Enter the link people use to join online")
        self._check_organiser(data)
        if not self.errors:
            self._check_clashes(data)
        return data

    def _check_clashes(self, data):
        probe = self.apply(self.meeting or Meeting())
        self.clashes = list(selectors.venue_clashes(probe)[:5])
        if self.clashes and not data.get("confirm_clash"):
            names = "; ".join(f"{m.title} ({services._when(m)})" for m in self.clashes)
            self.add_error(
                "confirm_clash",
                f"The venue is already booked at an overlapping time: {names}. "
                "Check the booking, or tick the box to book it anyway",
            )

    def apply(self, meeting: Meeting) -> Meeting:
        """Copy the cleaned answers onto `meeting` (unsaved)."""
        data = self.cleaned_data
        owner = self.scopes[data["scope"]]
        kind = data["scope"].split(":")[0]
        meeting.project = owner if kind == "project" else None
        meeting.body = owner if kind == "body" else None
        for name in ("title", "purpose", "mode", "room", "online_link", "capacity", "starts_at", "ends_at"):
            setattr(meeting, name, data.get(name))
        meeting.room = data.get("room") or ""
        meeting.online_link = data.get("online_link") or ""
        meeting.venue_id = int(data["venue"]) if data.get("venue") else None
        meeting.organiser_id = data["organiser"]
        meeting.is_public = bool(data.get("is_public"))
        if meeting.mode == choices.Mode.ONLINE:
            meeting.venue_id, meeting.room = None, ""
        return meeting

    def changed_meeting_fields(self) -> list[str]:
        fields = {"date": ["starts_at", "ends_at"], "start_time": ["starts_at"], "end_time": ["ends_at"]}
        changed = []
        for name in self.changed_data:
            if name == "confirm_clash":
                continue
            changed.extend(fields.get(name, ["project" if name == "scope" else name]))
        return sorted(set(changed))


class ReplyForm(forms.Form):
    attending = forms.ChoiceField(
        label="Can you come?",
        choices=[("yes", "Yes, I will come"), ("no", "No, I cannot come")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes if you can come, or no if you cannot"},
    )
    access_needs = access_needs_field(
        "Support you need at this meeting",
        help_text="We have filled this in from your profile. Change it for this meeting if you need to.",
    )
    formats = forms.MultipleChoiceField(
        label="Formats you need the papers in",
        choices=people_choices.Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_language = forms.CharField(label="Language, if not English", max_length=80, required=False)
    adjustments_detail = forms.CharField(
        label="Anything else we should know or arrange",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    companion_name = forms.CharField(
        label="Name of the person coming with you, if anyone", max_length=150, required=False
    )
    dietary_needs = forms.CharField(label="Food and drink needs", max_length=200, required=False)

    ADJUSTMENTS = REPLY_FIELDS

    def clean(self):
        data = super().clean()
        if "other_language" in data.get("formats", []) and not data.get("other_language"):
            self.add_error("other_language", "Tell us which language you need")
        return data

    def adjustments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ADJUSTMENTS}

    @classmethod
    def initial_for(cls, registration, person) -> dict:
        """A standing reply as it was given; otherwise the support the person's profile asks for."""
        answered = registration is not None and registration.status in (
            choices.RegistrationStatus.REGISTERED,
            choices.RegistrationStatus.WAITING,
        )
        if answered:
            return {"attending": "yes", **{name: getattr(registration, name) for name in cls.ADJUSTMENTS}}
        return selectors.adjustments_from_profile(person)


class OnBehalfReplyForm(ReplyForm):
    """An officer types in the reply of someone who phoned, wrote or told them in person."""

    LABELS = {
        "attending": "Can they come?",
        "access_needs": "Support they need at this meeting",
        "formats": "Formats they need the papers in",
        "adjustments_detail": "Anything else to know or arrange",
        "companion_name": "Name of the person coming with them, if anyone",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attending"].choices = [("yes", "Yes, they will come"), ("no", "No, they cannot come")]
        for name, label in self.LABELS.items():
            self.fields[name].label = label
        self.fields[
            "access_needs"
        ].help_text = (
            "Filled in from their profile. Change it for this meeting if they asked for something different."
        )


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the agenda item"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)
    led_by = forms.CharField(label="Led by", max_length=150, required=False)
    minutes_allowed = forms.IntegerField(
        label="Minutes allowed",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": "Minutes allowed must be a whole number, like 20",
            "min_value": "Minutes allowed must be 1 or more, or leave it empty",
            "max_value": "Minutes allowed must be 600 or fewer",
        },
    )


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the paper"})
    format = forms.ChoiceField(
        choices=choices.PaperFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the paper's format"},
    )
    alternative_of = forms.ChoiceField(
        label="Alternative format of",
        required=False,
        help_text="For an easy read, large print or audio version",
    )
    agenda_item = forms.ChoiceField(label="Agenda item", required=False)
    description = forms.CharField(
        label="Description (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="What the paper is about, or what to read first",
    )
    file = forms.FileField(
        help_text=f"{uploads.ALLOWED_NAMES}. Smaller than the size limit.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        limit = uploads.max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = f"{uploads.ALLOWED_NAMES}. Smaller than {limit} MB."
        originals = meeting.papers.filter(alternative_of__isnull=True)
        self.fields["alternative_of"].choices = [("", "None: this is an original paper")] + _id_choices(
            originals
        )
        self.fields["agenda_item"].choices = [("", "None")] + _id_choices(meeting.agenda_items.all())

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.content_type = uploads.check_paper(uploaded) if uploaded else ""
        return uploaded

    def clean(self):
        data = super().clean()
        standard = data.get("format") == choices.PaperFormat.STANDARD
        if data.get("alternative_of") and standard:
            self.add_error("format", "Choose easy read, large print or audio for an alternative format")
        if not data.get("alternative_of") and data.get("format") and not standard:
            self.add_error("alternative_of", "Choose the paper this is an alternative format of")
        return data

    def paper_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "format": data["format"],
            "alternative_of_id": int(data["alternative_of"]) if data.get("alternative_of") else None,
            "agenda_item_id": int(data["agenda_item"]) if data.get("agenda_item") else None,
        }


class PaperEditForm(forms.Form):
    """Change a paper's words and, optionally, replace its file (checked like a new upload)."""

    title = PaperForm.base_fields["title"]
    description = PaperForm.base_fields["description"]
    agenda_item = forms.ChoiceField(label="Agenda item", required=False)
    file = forms.FileField(label="Replace the file (optional)", required=False)
    clean_file = PaperForm.clean_file

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = ""
        limit = uploads.max_bytes() // (1024 * 1024)
        self.fields[
            "file"
        ].help_text = (
            f"Leave empty to keep {paper.original_name}. {uploads.ALLOWED_NAMES}. Smaller than {limit} MB."
        )
        if paper.alternative_of_id:
            del self.fields["agenda_item"]  # an alternative format sits with its original
        else:
            items = paper.meeting.agenda_items.all()
            self.fields["agenda_item"].choices = [("", "None")] + _id_choices(items)
        if not self.is_bound:
            self.initial.update(
                title=paper.title, description=paper.description, agenda_item=str(paper.agenda_item_id or "")
            )

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {"title": data["title"], "description": data["description"]}
        if "agenda_item" in self.fields:
            changes["agenda_item_id"] = int(data["agenda_item"]) if data.get("agenda_item") else None
        return changes


class AttendanceForm(forms.Form):
    """One status and hours pair per person; a person left blank is not recorded."""

    def __init__(self, *args, meeting: Meeting, people, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.people = list(people)
        default = meeting.duration_hours
        for person in self.people:
            row = existing.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=choices.AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.status if row else None,
            )
            self.fields[f"hours_{person.pk}"] = forms.CharField(
                label=f"Hours {person.full_name} took part",
                required=False,
                max_length=6,
                initial=row.hours if row else default,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
                help_text=f"The meeting lasted {default} hours",
            )

    def clean(self):
        data = super().clean()
        for person in self.people:
            status, raw = data.get(f"status_{person.pk}"), (data.get(f"hours_{person.pk}") or "").strip()
            data[f"hours_{person.pk}"] = self._hours(person, status, raw)
        return data

    def _hours(self, person, status, raw):
        if status != choices.AttendanceStatus.PRESENT:
            return Decimal("0.00") if status else None
        if not raw:
            return self.meeting.duration_hours
        try:
            hours = Decimal(raw)
        except InvalidOperation:
            hours = None
        if hours is None or not hours.is_finite() or hours < 0 or hours > 24 or hours != round(hours, 2):
            self.add_error(
                f"hours_{person.pk}", f"Hours for {person.full_name} must be a number from 0 to 24, like 2.5"
            )
            return None
        return hours.quantize(Decimal("0.01"))

    def rows(self):
        """(person, status field, hours field) for the template."""
        return [(p, self[f"status_{p.pk}"], self[f"hours_{p.pk}"]) for p in self.people]

    def marked(self):
        """(person, status, hours) for each person given a status."""
        data = self.cleaned_data
        return [
            (p, data[f"status_{p.pk}"], data[f"hours_{p.pk}"])
            for p in self.people
            if data.get(f"status_{p.pk}")
        ]


class MinutesForm(forms.Form):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=100_000)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Write what was decided"},
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What needs doing",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Write what needs doing"},
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose someone from the meeting's team or group",
        },
    )
    due_date = DateField(
        error_name="The due date", label="Due by", required=False, help_text="For example, 27 3 2026"
    )
    decision = forms.ChoiceField(label="Linked decision", required=False)

    def __init__(self, *args, meeting: Meeting, owners, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        owners = list(owners)
        if action is not None and action.owner not in owners:
            owners.append(action.owner)  # someone who has since left the team keeps their action
        self.fields["owner"].choices = [("", "Choose")] + _id_choices(owners, lambda p: p.full_name)
        self.fields["decision"].choices = [("", "None")] + _id_choices(
            meeting.decisions.all(), lambda d: d.reference
        )
        if action is not None and not self.is_bound:
            self.initial.update(
                description=action.description,
                owner=str(action.owner_id),
                due_date=action.due_date,
                decision=str(action.decision_id or ""),
            )

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "owner_id": int(data["owner"]),
            "due_date": data.get("due_date"),
            "decision_id": int(data["decision"]) if data.get("decision") else None,
        }


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        choices=choices.ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text="What has happened so far",
    )


class TrackerFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        choices=[("open", "Open"), ("overdue", "Overdue"), ("done", "Done"), ("all", "All")],
        required=False,
    )
    owner = forms.ChoiceField(label="Owner", required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone")] + _id_choices(owners, lambda p: p.full_name)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "show": data.get("show") or "open",
            "owner": int(data["owner"]) if data.get("owner") else None,
        }


class DecisionSearchForm(forms.Form):
    q = forms.CharField(
        label="Search decisions", required=False, max_length=100, help_text="Words or a reference"
    )


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "postcode",
            *Venue.ACCESS_FEATURES,
            "access_notes",
            "active",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "access_notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter the venue's name"},
            "address": {"required": "Enter the venue's address"},
        }


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Find someone to add", required=False, max_length=100, help_text="Start of their name"
    )


class BodyMemberForm(forms.Form):
    person = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=choices.BodyRole.choices)
