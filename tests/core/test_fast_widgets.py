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
