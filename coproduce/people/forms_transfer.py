"""Forms for importing, exporting and the retention review."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from . import imports


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
