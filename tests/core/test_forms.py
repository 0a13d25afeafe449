import pytest
from django import forms
from django.template import Context, Template

from coproduce.core import navigation
from coproduce.core.access import PUBLIC, SIGNED_IN
from coproduce.core.forms import DateField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As you would like it on letters")
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    formats = forms.MultipleChoiceField(
        label="Formats",
        choices=[("easy", "Easy read"), ("large", "Large print")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I agree")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)


def render(template, **context):
    return Template(template).render(Context(context))


def test_it_renders_govuk_form_groups_with_labels_and_hints():
    html = str(ExampleForm())
    assert 'class="govuk-form-group"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_name">Full name</label>' in html
    assert 'class="govuk-input"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'govuk-fieldset__legend--s">How should we contact you?</legend>' in html
    assert 'class="govuk-radios__input"' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert 'class="govuk-textarea"' in html


def test_a_multiple_choice_renders_as_govuk_checkboxes_not_radios():
    html = str(ExampleForm()["formats"].as_field_group())
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
    assert (
        '<input type="checkbox" name="formats" value="easy" id="id_formats_0" class="govuk-checkboxes__input"'
        in html
    )
    assert "govuk-radios" not in html


def test_it_shows_inline_errors_linked_to_the_field_and_keeps_what_was_typed():
    form = ExampleForm(data={"name": "", "notes": "Please phone after 2pm", "contact": "pigeon"})
    assert not form.is_valid()
    html = str(form)
    assert "govuk-form-group--error" in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert "govuk-input--error" in html
    assert "Please phone after 2pm" in html


def test_the_error_summary_links_each_error_to_its_field():
    form = ExampleForm(data={"name": "", "contact": "pigeon"})
    form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_contact_0"' in html  # a radio group's link goes to its first option
    assert 'href="#id_agree"' in html


def test_the_error_summary_is_absent_without_errors():
    assert render("{% error_summary form %}", form=ExampleForm()).strip() == ""


def test_navigation_shows_only_entries_whose_policy_allows_the_user(rf, member):
    request = rf.get("/")
    request.user = member
    labels = [item["label"] for item in navigation.items_for(request)]
    expected = [item.label for item in navigation._registry if item.policy.allows(member)]
    assert labels == expected
    assert "Manage" not in labels


def test_navigation_marks_the_longest_matching_entry_as_current(rf, member, monkeypatch):
    monkeypatch.setattr(
        navigation,
        "_registry",
        [
            navigation.NavItem("Home", "core:home", PUBLIC, order=0),
            navigation.NavItem("Account", "accounts:account", SIGNED_IN, order=1),
        ],
    )
    request = rf.get("/account/")
    request.user = member
    items = navigation.items_for(request)
    assert [item.get("current", False) for item in items] == [False, True]


def test_an_error_about_the_whole_form_links_to_its_first_field():
    class SignIn(forms.Form):
        email = forms.EmailField(label="Email address")

        def clean(self):
            raise forms.ValidationError("Enter a correct email address and password")

    form = SignIn(data={"email": "someone@example.test"})
    form.is_valid()
    html = render("{% error_summary form %}", form=form)
    assert '<a href="#id_email">Enter a correct email address and password</a>' in html


class PeriodForm(forms.Form):
    start = DateField(label="Start date", required=False, help_text="For example, 27 3 2026")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Start date must be a real date"),
        ("", "3", "2026", "Start date must include a day"),
        ("27", "", "", "Start date must include a month and year"),
        ("x", "3", "2026", "Start date must be a real date"),
        ("27", "3", "26", "Start date must be a real date"),
    ],
)
def test_the_date_input_explains_what_is_wrong_and_keeps_the_boxes(day, month, year, message):
    form = PeriodForm(data={"start_day": day, "start_month": month, "start_year": year})
    assert not form.is_valid()
    assert form.errors["start"][0].startswith(message)
    html = str(form)
    assert 'role="group"' in html
    assert 'id="id_start_error"' in html
    if year:
        assert f'name="start_year" type="text" inputmode="numeric" spellcheck="false" value="{year}"' in html
    assert "govuk-input--error" in html
    summary = render("{% error_summary form %}", form=form)
    assert 'href="#id_start_day"' in summary


def test_the_date_input_reads_a_real_date_and_allows_none_when_optional():
    form = PeriodForm(data={"start_day": "27", "start_month": "3", "start_year": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["start"].isoformat() == "2026-03-27"
    empty = PeriodForm(data={})
    assert empty.is_valid() and empty.cleaned_data["start"] is None
    html = str(PeriodForm(initial={"start": form.cleaned_data["start"]}))
    for label in ("Day", "Month", "Year"):
        assert f">{label}</label>" in html


def test_a_width_class_set_by_the_form_is_kept_beside_the_components_class():
    class CodeForm(forms.Form):
        code = forms.CharField(label="Code", widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    html = str(CodeForm(data={}))
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in html


class DeadlineForm(forms.Form):
    deadline = DateField(label="When must the decision be made?", error_name="The decision deadline")


def test_a_date_asked_as_a_question_names_itself_in_its_messages():
    form = DeadlineForm(data={"deadline_day": "31", "deadline_month": "2", "deadline_year": "2027"})
    assert not form.is_valid()
    assert form.errors["deadline"][0].startswith("The decision deadline must be a real date")


def test_numbers_typed_in_other_scripts_digits_are_refused_by_forms_and_the_api():
    from decimal import Decimal

    from django import forms as django_forms
    from rest_framework import serializers

    amount = django_forms.DecimalField(max_digits=7, decimal_places=2)
    count = django_forms.IntegerField()
    assert amount.clean("12.50") == Decimal("12.50") and count.clean("3") == 3
    for field, typed in ((amount, "５"), (amount, "1２.50"), (count, "٣")):
        with pytest.raises(django_forms.ValidationError):
            field.clean(typed)

    class Claim(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=7, decimal_places=2)
        hours = serializers.IntegerField()

    assert Claim(data={"amount": "4.60", "hours": "2"}).is_valid()
    claim = Claim(data={"amount": "４.60", "hours": "２"})
    assert not claim.is_valid()
    assert set(claim.errors) == {"amount", "hours"}


def test_a_one_line_box_refuses_a_line_break_but_a_text_area_keeps_it():
    class MeetingForm(forms.Form):
        title = forms.CharField(label="Title (what people will see)")
        notes = forms.CharField(widget=forms.Textarea)

    form = MeetingForm(data={"title": "Carers'\r\nforum", "notes": "First line\r\nSecond line"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Title must be on one line"]
    assert "notes" not in form.errors
    assert MeetingForm(data={"title": " Carers' forum\n", "notes": "x"}).is_valid()  # edges are trimmed
