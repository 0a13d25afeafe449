"""GOV.UK Frontend markup for every Django form, through one form renderer.

`{{ form }}` renders each field as a GOV.UK form group (label, hint, error message, input with the right
classes and aria-describedby). Templates show the error summary with `{% error_summary form %}`.
"""

from django import forms
from django.forms.renderers import DjangoTemplates


def widget_kind(widget) -> str:
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


WIDGET_CLASSES = {
    "radios": "govuk-radios__input",
    "checkboxes": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


class GovukBoundField(forms.BoundField):
    @property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def error_id(self) -> str:
        # Django 5.2 already points aria-describedby at "<id>_error" for fields with errors.
        return f"{self.auto_id}_error"

    @property
    def summary_anchor(self) -> str:
        """Where the error summary link should take focus: the first option of a group."""
        if self.govuk_kind in {"radios", "checkboxes"}:
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = widget_kind(widget)
        css = WIDGET_CLASSES.get(kind)
        classes = [attrs.get("class", ""), css or ""]
        if self.errors and kind in {"input", "select", "textarea", "file"}:
            classes.append(f"{css}--error")
        attrs["class"] = " ".join(c for c in classes if c).strip()
        return attrs


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField
