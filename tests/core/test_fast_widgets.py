"""The form renderer writes the commonest widgets in Python: the markup must be Django's own to the letter."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.core.forms import GovukFormRenderer

TEMPLATES = DjangoTemplates()
FAST = GovukFormRenderer()

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_value = st.one_of(st.booleans(), text, st.integers(), text.map(mark_safe))
attrs = st.dictionaries(
    st.sampled_from(["id", "class", "placeholder", "aria-describedby", "required"]), attr_value
)
value = st.one_of(st.none(), text, st.integers(), text.map(mark_safe))


def both(template_name, widget):
    context = {"widget": widget}
    return FAST.render(template_name, context), TEMPLATES.render(template_name, context)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    kind=st.sampled_from(["text", "email", "number", "hidden", "checkbox", "input"]),
    name=text,
    value=value,
    attrs=attrs,
)
def test_inputs_match_djangos_templates(kind, name, value, attrs):
    widget = {"type": kind, "name": name, "value": value, "attrs": attrs}
    fast, slow = both(f"django/forms/widgets/{kind}.html", widget)
    assert fast == slow


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    name=text,
    value=text,
    label=text,
    attrs=attrs,
    wrap=st.booleans(),
    kind=st.sampled_from(["radio_option", "checkbox_option"]),
)
def test_options_of_a_group_match(name, value, label, attrs, wrap, kind):
    widget = {
        "type": "radio",
        "name": name,
        "value": value,
        "label": label,
        "attrs": attrs,
        "wrap_label": wrap,
    }
    fast, slow = both(f"django/forms/widgets/{kind}.html", widget)
    assert fast == slow


@settings(max_examples=40, deadline=None, derandomize=True)
@given(choices=st.lists(st.tuples(text, text), max_size=5), grouped=st.booleans(), chosen=text)
def test_select_boxes_match(choices, grouped, chosen):
    if grouped:
        choices = [("A group", choices), *choices]
    select = forms.Select(choices=choices, attrs={"class": "govuk-select"})
    context = select.get_context("area", chosen, {"id": "id_area"})
    fast, slow = both("django/forms/widgets/select.html", context["widget"])
    assert fast == slow


def test_a_select_whose_options_have_their_own_template_goes_through_templates():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    context = Special(choices=[("a", "A")]).get_context("x", "a", {})
    assert FAST.render("django/forms/widgets/select.html", context) == TEMPLATES.render(
        "django/forms/widgets/select.html", context
    )


def test_a_whole_form_renders_the_same_both_ways():
    class Everything(forms.Form):
        name = forms.CharField(help_text="Your <b>full</b> name")
        email = forms.EmailField(required=False)
        count = forms.IntegerField()
        agree = forms.BooleanField()
        colour = forms.ChoiceField(choices=[("r", "Red & rose"), ("g", "Green")])
        kinds = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        one = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
        notes = forms.CharField(widget=forms.Textarea)

    data = {"name": 'O"Neil <x>', "count": "z", "colour": "g", "kinds": ["b"], "one": "y"}
    fast = Everything(data, renderer=FAST).as_div()

    class Slow(GovukFormRenderer):
        def render(self, template_name, context, request=None):
            return DjangoTemplates.render(self, template_name, context, request=request)

    slow = Everything(data, renderer=Slow()).as_div()
    assert 'value="O&quot;Neil &lt;x&gt;"' in fast
    assert fast == slow


class _Slow(GovukFormRenderer):
    def render(self, template_name, context, request=None):
        return DjangoTemplates.render(self, template_name, context, request=request)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    label=st.one_of(text, text.map(mark_safe)),
    help_text=st.one_of(st.just(""), text, text.map(mark_safe)),
    value=text,
    widget=st.sampled_from(["text", "select", "textarea", "email"]),
    required=st.booleans(),
)
def test_a_labelled_field_group_matches_the_template(label, help_text, value, widget, required):
    """govuk/forms/field.html's label-above-widget branch, written in Python, with or without a hint and
    errors, whatever the label and hint hold."""
    fields = {
        "text": forms.CharField(max_length=3),
        "select": forms.ChoiceField(choices=[("a", "A & a"), ("b", "B")]),
        "textarea": forms.CharField(widget=forms.Textarea, max_length=3),
        "email": forms.EmailField(),
    }
    field = fields[widget]
    field.label, field.help_text, field.required = label or "Label", help_text, required

    def group(renderer):
        form = forms.Form({"thing": value}, renderer=renderer)
        form.fields["thing"] = field
        return form["thing"].as_field_group()

    assert group(FAST) == group(_Slow())


def test_a_field_group_with_a_fieldset_still_goes_through_the_template():
    class Choice(forms.Form):
        one = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)

    html = Choice(renderer=FAST)["one"].as_field_group()
    assert html == Choice(renderer=_Slow())["one"].as_field_group()
    assert "<fieldset" in html
