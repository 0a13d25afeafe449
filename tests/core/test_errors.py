"""Refusals are mapped once: `core.errors.refusal` for pages, `api_exception_handler` for the API."""

import pytest
from django import forms
from django.contrib.messages import INFO, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from coproduce.core.errors import ConflictError, ServiceError, api_exception_handler, refusal


class PaidForm(forms.Form):
    paid_on = forms.CharField()
    note = forms.CharField(required=False)


def bound_form():
    form = PaidForm({"paid_on": "today"})
    assert form.is_valid()
    return form


def test_a_refusal_naming_a_field_of_the_form_goes_next_to_it():
    form = bound_form()
    with refusal(form, field="paid_on") as refused:
        raise ServiceError("Write a note.", field="note")
    assert refused and form.errors == {"note": ["Write a note."]}


def test_a_refusal_naming_no_field_goes_next_to_the_views_field_or_to_the_summary():
    form = bound_form()
    with refusal(form, field="paid_on"):
        raise ServiceError("Not on a Sunday.")
    assert form.errors == {"paid_on": ["Not on a Sunday."]}
    other = bound_form()
    with refusal(other):
        raise ServiceError("Already paid.", field="not_a_field")
    assert other.non_field_errors() == ["Already paid."]


def test_a_refusal_given_a_request_becomes_a_message_at_the_level_asked():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal(request, level=INFO) as refused:
        raise ConflictError("Someone else has just decided it.")
    assert refused
    assert [(m.level, m.message) for m in get_messages(request)] == [
        (INFO, "Someone else has just decided it.")
    ]


def test_nothing_refused_leaves_the_form_alone_and_other_errors_pass_through():
    form = bound_form()
    with refusal(form) as refused:
        pass
    assert not refused and form.errors == {}
    with pytest.raises(KeyError), refusal(form):
        raise KeyError("a bug is not a refusal")


class View:
    refusal_field = {"create": "opportunity"}
    action = "create"


def test_the_api_answers_a_refusal_with_its_status_and_field():
    response = api_exception_handler(ServiceError("Closed.", field="status"), {"view": None})
    assert (response.status_code, response.data) == (400, {"status": "Closed."})
    response = api_exception_handler(ConflictError("Already decided."), {"view": View()})
    assert (response.status_code, response.data) == (409, {"opportunity": "Already decided."})
    response = api_exception_handler(ServiceError("No."), {})
    assert response.data == {"detail": "No."}


def test_a_request_hears_the_success_message_only_when_nothing_was_refused():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal(request, success="Sent."):
        pass
    with refusal(request, success="Sent again."):
        raise ServiceError("Already sent.")
    assert [m.message for m in get_messages(request)] == ["Sent.", "Already sent."]
