from django import forms
from django.template import Context, Template

from coproduce.core import navigation
from coproduce.core.access import PUBLIC, SIGNED_IN


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As you would like it on letters")
    contact = forms.ChoiceField(label="How should we contact you?", choices=[("email", "Email"), ("post", "Post")],
                                widget=forms.RadioSelect)
    formats = forms.MultipleChoiceField(label="Formats", choices=[("easy", "Easy read"), ("large", "Large print")],
                                        widget=forms.CheckboxSelectMultiple, required=False)
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
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How should we contact you?</legend>' in html
    assert 'class="govuk-radios__input"' in html
    assert 'class="govuk-checkboxes__input"' in html
    assert 'class="govuk-textarea"' in html


def test_it_shows_inline_errors_linked_to_the_field_and_keeps_what_was_typed():
    form = ExampleForm(data={"name": "", "notes": "Please phone after 2pm", "contact": "pigeon"})
    assert not form.is_valid()
    html = str(form)
    assert 'govuk-form-group--error' in html
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
    monkeypatch.setattr(navigation, "_registry", [
        navigation.NavItem("Home", "core:home", PUBLIC, order=0),
        navigation.NavItem("Account", "accounts:account", SIGNED_IN, order=1),
    ])
    request = rf.get("/account/")
    request.user = member
    items = navigation.items_for(request)
    assert [item.get("current", False) for item in items] == [False, True]
