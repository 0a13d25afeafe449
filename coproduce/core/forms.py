"""GOV.UK Frontend markup for every Django form, through one form renderer.

`{{ form }}` renders each field as a GOV.UK form group (label, hint, error message, input with the right
classes and aria-describedby). Templates show the error summary with `{% error_summary form %}`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


class DateInputWidget(forms.MultiWidget):
    """GOV.UK's date input: three labelled boxes (day, month, year) instead of a browser date picker, which
    shows dates in the browser's locale and is hard to use with a screen reader."""

    template_name = "govuk/forms/date_input.html"
    parts = ("Day", "Month", "Year")

    def __init__(self, attrs=None):
        boxes = {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for label, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = label
        return context


class DateField(forms.MultiValueField):
    """A date typed into GOV.UK's three boxes, with the Design System's error messages."""

    widget = DateInputWidget

    def __init__(self, *, error_name: str = "", **kwargs):
        # Messages start with what the date is ("The closing date must include a year"): a label that is a
        # question or says "(optional)" would read oddly there, so such fields name the date themselves.
        self.error_name = error_name
        parts = (forms.CharField(required=False),) * 3
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, values):
        day, month, year = (values or ["", "", ""])[:3]
        if not (day or month or year):
            return None
        label = self.error_name or self.label or "The date"
        parts = {"day": day, "month": month, "year": year}
        missing = [name for name, part in parts.items() if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}", code="incomplete")
        digits = day.isdigit() and month.isdigit() and year.isdigit()
        if not digits or len(day) > 2 or len(month) > 2 or len(year) != 4:
            raise ValidationError(f"{label} must be a real date, like 27 3 2026", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date, like 27 3 2026", code="invalid") from None


def widget_kind(widget) -> str:
    if isinstance(widget, DateInputWidget):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be recognised first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
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
    "date": "govuk-input govuk-date-input__input",
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
        if self.govuk_kind == "date":
            return f"{self.auto_id}_day"
        return self.id_for_label or self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = widget_kind(widget)
        css = WIDGET_CLASSES.get(kind)
        # Keep classes the form set on the widget (e.g. a GOV.UK width class) beside the component's own.
        classes = [css or "", widget.attrs.get("class", ""), attrs.get("class", "")]
        if self.errors and kind in {"input", "select", "textarea", "file", "date"}:
            classes.append(f"{css.split()[0]}--error")
        attrs["class"] = " ".join(c for c in classes if c).strip()
        return attrs


def _attrs_html(attrs: dict) -> str:
    """Django's widgets/attrs.html, in Python."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {conditional_escape(name)}")
        if value is not True:
            html.append(f'="{conditional_escape(value)}"')
    return "".join(html)


def _input_html(widget: dict) -> str:
    """Django's widgets/input.html (and every template that only includes it), in Python."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs_html(widget['attrs'])}>"
    )


def _input_option_html(widget: dict) -> str:
    """Django's widgets/input_option.html (a radio or checkbox of a group), in Python."""
    if not widget.get("wrap_label"):
        return _input_html(widget)
    target = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(target)}"' if target else ""
    # Django's input.html ends with a line break, which its include keeps inside the label.
    return f"<label{label_for}>{_input_html(widget)}\n {conditional_escape(widget['label'])}</label>"


SELECT_OPTION = "django/forms/widgets/select_option.html"


def _select_html(widget: dict) -> str | None:
    """Django's widgets/select.html with its options, in Python (None: an option has its own template)."""
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            html.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # the included template's last line break
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _error_message_html(field) -> str:
    """govuk/forms/error_message.html, in Python (its file's last line break included)."""
    if not field.errors:
        return "\n"
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    messages = "<br>".join(f"{hidden} {conditional_escape(error)}" for error in field.errors)
    return f'<p id="{conditional_escape(field.error_id)}" class="govuk-error-message">{messages}</p>\n'


FIELD_TEMPLATE = "govuk/forms/field.html"
# The kinds field.html writes with a fieldset or inside a checkbox item: those still go through the template.
_FIELDSET_KINDS = {"date", "radios", "checkboxes", "checkbox"}


def _field_group_html(field) -> str | None:
    """govuk/forms/field.html for a field with a label above its widget (inputs, selects, text areas), in
    Python: ten of them made a filter form cost a couple of milliseconds through the template."""
    if field.govuk_kind in _FIELDSET_KINDS:
        return None
    error_class = " govuk-form-group--error" if field.errors else ""
    hint = (
        f'<div id="{conditional_escape(field.auto_id)}_helptext" class="govuk-hint">'
        f"{conditional_escape(field.help_text)}</div>"
        if field.help_text
        else ""
    )
    # Without the template's outer line breaks: Django's renderer strips what a template gives.
    return (
        f'<div class="govuk-form-group{error_class}">\n'
        f'  <label class="govuk-label govuk-label--s" for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(field.label)}</label>\n"
        f"  {hint}\n"
        f"  {_error_message_html(field)}\n"
        f"  {conditional_escape(field)}\n"
        "</div>"
    )


_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "checkbox", "color", "date", "datetime", "email", "hidden", "number", "password")
    + ("search", "tel", "text", "time", "url")
}
_PYTHON_WIDGETS = {
    **dict.fromkeys(_INPUT_TEMPLATES, _input_html),
    "django/forms/widgets/radio_option.html": _input_option_html,
    "django/forms/widgets/checkbox_option.html": _input_option_html,
    "django/forms/widgets/input_option.html": _input_option_html,
    "django/forms/widgets/select.html": _select_html,
}


class GovukFormRenderer(DjangoTemplates):
    """GOV.UK markup for forms. The commonest widgets (inputs, options, select boxes) are written out in
    Python with the same markup as Django's own widget templates: a select box rendered through templates
    includes one template per option, which made filter forms the slowest part of lists (decision 0011)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField

    def render(self, template_name, context, request=None):
        if template_name == FIELD_TEMPLATE and isinstance(context.get("field"), GovukBoundField):
            html = _field_group_html(context["field"])
            if html is not None:
                return mark_safe(html)  # noqa: S308 (every part above is escaped or already safe)
        write = _PYTHON_WIDGETS.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


def posted(request):
    """The submitted data on a POST, else None: `Form(posted(request))`. Unlike `request.POST or None`,
    a POST with no fields at all still binds the form, so it is checked and explained, not shown blank."""
    return request.POST if request.method == "POST" else None


def uploaded(request):
    """The uploaded files on a POST, else None (see `posted`)."""
    return request.FILES if request.method == "POST" else None


def refuse_non_ascii_numbers() -> None:
    """Numbers are typed with the digits 0 to 9, in every form and API field of the site.

    Python reads other scripts' digits as numbers too ("５" is 5, "٣" is 3), so without this an amount typed
    with a full-width keyboard would be saved as a different-looking figure from the one finance sees. The
    number fields of Django and DRF read text through these four methods, so one rule covers every form and
    serializer, including those of apps written later.
    """
    from rest_framework import fields as api_fields

    def refusing(original, invalid):
        def to_number(self, value):
            if isinstance(value, str) and not value.isascii():
                invalid(self)
            return original(self, value)

        to_number.__wrapped__ = original
        return to_number

    def form_invalid(field):
        raise ValidationError(field.error_messages["invalid"], code="invalid")

    def api_invalid(field):
        field.fail("invalid")

    for field_class in (forms.IntegerField, forms.DecimalField):
        if not hasattr(field_class.to_python, "__wrapped__"):
            field_class.to_python = refusing(field_class.to_python, form_invalid)
    for field_class in (api_fields.IntegerField, api_fields.DecimalField):
        if not hasattr(field_class.to_internal_value, "__wrapped__"):
            field_class.to_internal_value = refusing(field_class.to_internal_value, api_invalid)


def refuse_line_breaks_in_single_line_fields() -> None:
    """A one-line box (a title, a name, a postcode) never takes a line break.

    A browser cannot type one into a one-line box, but a crafted post can; a meeting title saved with one
    once broke every email about that meeting. Every form's CharField drawn as a one-line input refuses it.
    """
    original = forms.CharField.to_python
    if hasattr(original, "__wrapped__"):
        return

    def to_python(self, value):
        value = original(self, value)
        if (
            isinstance(value, str)
            and isinstance(self.widget, forms.TextInput)
            and ("\n" in value or "\r" in value)
        ):
            label = str(self.label or "This answer").split(" (")[0]
            raise ValidationError(f"{label} must be on one line", code="line_break")
        return value

    to_python.__wrapped__ = original
    forms.CharField.to_python = to_python


def checkboxes(label, options, *, help_text="", required=False, **kwargs) -> forms.MultipleChoiceField:
    """GOV.UK checkboxes: `checkboxes("Topics", Topic.choices)` (none ticked is allowed unless `required`)."""
    return forms.MultipleChoiceField(
        label=label,
        choices=options,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        **kwargs,
    )
