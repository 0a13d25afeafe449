"""Forms for the handbook pages (GOV.UK rendering comes from core.forms)."""

from __future__ import annotations

from django import forms

from coproduce.core.errors import ServiceError
from coproduce.core.uploads import PDF, FileKind, check_upload

from .choices import Generated, ResourceFormat, Step, Visibility
from .models import Section

ZIP = b"PK\x03\x04"
RESOURCE_KINDS = {
    ".pdf": PDF,
    ".docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".odt": FileKind("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".txt": FileKind("text/plain; charset=utf-8", (b"",)),
    ".mp3": FileKind("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".brf": FileKind("text/plain; charset=utf-8", (b"",)),
}
RESOURCE_NAMES = "PDF, Word (.docx), OpenDocument text (.odt), plain text (.txt), braille (.brf) or MP3"
RESOURCE_MAX_MB = 20


def show_refusal(form: forms.Form, error: ServiceError) -> None:
    """Put a service's refusal next to its field, or in the error summary when it names none."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def submitted(request, form: forms.Form, save, *, done: str, then):
    """On a POST whose form is valid, call `save(cleaned_data)`: then say `done` and redirect to `then`
    (an address, or a function of what `save` returned). A refusal goes next to its field and None is
    returned, so the view shows the form again with what was typed."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ServiceError as refusal:
        show_refusal(form, refusal)
        return None
    messages.success(request, done)
    return redirect(then(result) if callable(then) else then)


class SectionForm(forms.Form):
    title = forms.CharField(max_length=120, error_messages={"required": "Enter the section's title"})
    summary = forms.CharField(label="Summary (optional)", max_length=300, required=False)
    order = forms.IntegerField(
        label="Position", min_value=0, max_value=999, initial=0, help_text="Sections are listed lowest first"
    )


class SectionDeleteForm(forms.Form):
    move_to = forms.ModelChoiceField(
        label="Move its pages to",
        queryset=Section.objects.none(),
        required=False,
        empty_label="Choose a section",
    )

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move_to"].queryset = Section.objects.exclude(pk=section.pk)


class PageForm(forms.Form):
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(), empty_label=None, error_messages={"required": "Choose a section"}
    )
    title = forms.CharField(max_length=150, error_messages={"required": "Enter the page's title"})
    summary = forms.CharField(
        max_length=300,
        help_text="One sentence: shown in lists and search results",
        error_messages={"required": "Enter a one-sentence summary"},
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=100_000,
        help_text="Markdown: ## for a heading, - for a list, [words](https://...) for a link",
        error_messages={"required": "Enter the text of the page"},
    )
    easy_read = forms.CharField(
        label="Easy read version (optional)",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
        required=False,
        help_text="Short sentences and everyday words; shown beside the page",
    )
    visibility = forms.ChoiceField(
        label="Who can read it",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can read the page"},
    )
    order = forms.IntegerField(label="Position in its section", min_value=0, max_value=999, initial=0)
    note = forms.CharField(
        label="What did you change? (optional)",
        max_length=300,
        required=False,
        help_text="Kept in the page's history, for example 'New benefit limits from April'",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def page_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("section", "title", "summary", "body", "easy_read", "visibility", "order")
        }


class CoAuthorForm(forms.Form):
    name = forms.CharField(
        label="Name to credit",
        max_length=150,
        required=False,
        help_text="Leave blank to use the name on their network profile",
    )
    description = forms.CharField(
        label="How they are described (optional)",
        max_length=150,
        required=False,
        help_text="For example: expert by experience, carer, peer researcher",
    )
    email = forms.EmailField(
        label="Email address on their network profile (optional)",
        required=False,
        help_text="Links the credit to their profile, so it is in their data and removed if they leave",
    )
    consents = forms.BooleanField(label="They have agreed to be named on this page", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("email"):
            self.add_error("name", "Enter the name to credit, or the email address on their profile")
        return data


class ConsentForm(forms.Form):
    consents = forms.BooleanField(label="They agree to be named on this page", required=False)


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label="Was this page useful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this page was useful"},
    )
    comment = forms.CharField(
        label="Tell us more (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Only the handbook's editors read this. Do not include personal details.",
    )


class HelpLinksForm(forms.Form):
    """One choice of page per workflow step."""

    def __init__(self, *args, pages: list[tuple[int, str]], current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", "No help link"), *((str(pk), label) for pk, label in pages)]
        for step, label in Step.choices:
            self.fields[step] = forms.ChoiceField(
                label=label,
                choices=options,
                required=False,
                initial=str(current.get(step, "")),
                error_messages={"invalid_choice": "Choose a page from the list"},
            )

    def chosen(self) -> dict[str, int | None]:
        return {step: int(value) if value else None for step, value in self.cleaned_data.items()}


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=150, error_messages={"required": "Enter the resource's title"})
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Say what the resource is for"},
    )
    visibility = forms.ChoiceField(
        label="Who can download it",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can download it"},
    )
    generated = forms.ChoiceField(
        label="Written from the programme's settings (optional)",
        choices=[("", "No: files are uploaded"), *Generated.choices],
        required=False,
        help_text="Generated documents use the programme's name, contacts, rates and limits in force today",
    )
    order = forms.IntegerField(label="Position", min_value=0, max_value=999, initial=0)


class ResourceFileForm(forms.Form):
    format = forms.ChoiceField(
        choices=ResourceFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the file's format"},
    )
    file = forms.FileField(
        help_text=f"{RESOURCE_NAMES}. Smaller than {RESOURCE_MAX_MB} MB.",
        error_messages={"required": "Choose a file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_upload(
            upload, kinds=RESOURCE_KINDS, max_mb=RESOURCE_MAX_MB, allowed_names=RESOURCE_NAMES
        )
        return upload


class TermForm(forms.Form):
    term = forms.CharField(
        label="Word or abbreviation",
        max_length=80,
        error_messages={"required": "Enter the word or abbreviation"},
    )
    meaning = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what it means"},
    )
