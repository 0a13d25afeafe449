"""The officers' people pages (/manage/people/): the directory, a person's record with its notes log,
registering someone on their behalf, and editing a section of a profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from coproduce.accounts.rules import MANAGE_ACCOUNTS
from coproduce.core.access import access
from coproduce.core.forms import posted
from coproduce.core.selectors import CountedPaginator

from . import choices, notes, registration, selectors
from .forms_manage import (
    SECTIONS,
    ConsentChangeForm,
    ConsentsForm,
    DirectoryFilterForm,
    NoteForm,
    ProfileForm,
)
from .models import Person
from .rules import DIRECTORY, EQUALITY_ANSWERS, may_view_safeguarding_notes
from .services import record_consent, update_profile

PAGE_SIZE = 50
SORT_LABELS = {"name": "Name", "last_involved": "Last involved", "registered": "Registered"}


def _current_person(pk: int) -> Person:
    person = Person.objects.current().filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


def _sort_headers(request, filters: selectors.DirectoryFilters) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (flipping direction if already sorted) and its
    aria-sort value."""
    base = request.GET.copy()
    for key in ("page", "sort", "dir"):
        base.pop(key, None)
    headers = {}
    for key, label in SORT_LABELS.items():
        active = filters.sort == key
        query = base.copy()
        query["sort"] = key
        query["dir"] = "desc" if active and filters.direction == "asc" else "asc"
        headers[key] = {
            "label": label,
            "url": f"?{query.urlencode()}",
            "aria_sort": ("ascending" if filters.direction == "asc" else "descending") if active else "none",
        }
    return headers


@access(DIRECTORY)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    people = selectors.directory(filters)
    count = selectors.directory_count(filters, people)
    page = CountedPaginator(people, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in query.items() if key not in {"sort", "dir"})
    return render(
        request,
        "people/manage/directory.html",
        {
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": filtered,
            "headers": _sort_headers(request, filters),
            "can_manage_permissions": MANAGE_ACCOUNTS.allows(request.user),
        },
    )


@access(DIRECTORY)
def record(request, pk):
    try:
        person = selectors.person_for_record(pk)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
    if person.erased_at is not None:
        return render(request, "people/manage/erased.html", {"person": person})
    history = selectors.consent_history(person)
    notes_log, hidden_notes = notes.notes_for_reader(person, reader=request.user, request=request)
    return render(
        request,
        "people/manage/record.html",
        {
            "person": person,
            "consents": selectors.current_consents(history),
            "consent_history": history,
            "notes": notes_log,
            "hidden_notes": hidden_notes,
            "may_view_equality": EQUALITY_ANSWERS.allows(request.user),
            "sections": {key: title for key, (title, _) in SECTIONS.items()},
            "labels": {
                "formats": dict(choices.Format.choices),
                "access_needs": dict(choices.AccessNeed.choices),
                "days": dict(choices.Day.choices),
                "times": dict(choices.TimeOfDay.choices),
            },
        },
    )


@access(DIRECTORY)
def register(request):
    profile_form = ProfileForm(posted(request), prefix="profile")
    consents_form = ConsentsForm(posted(request), prefix="consent")
    if request.method == "POST":
        profile_ok, consents_ok = profile_form.is_valid(), consents_form.is_valid()
        if profile_ok and consents_ok:
            person = registration.register_person(
                profile=profile_form.profile(),
                consents=consents_form.decisions(),
                method=consents_form.cleaned_data["method"],
                actor=request.user,
                request=request,
            )
            messages.success(request, f"{person.full_name} is registered.")
            return redirect("people_manage:record", pk=person.pk)
    return render(
        request,
        "people/manage/register.html",
        {
            "profile_form": profile_form,
            "consents_form": consents_form,
            "sections": [
                (title, [profile_form[name] for name in fields]) for title, fields in SECTIONS.values()
            ],
            "has_errors": bool(profile_form.errors or consents_form.errors),
        },
    )


@access(DIRECTORY)
def edit_section(request, pk, section):
    person = _current_person(pk)
    if section not in SECTIONS:
        raise Http404("No such section")
    title, fields = SECTIONS[section]
    form = ProfileForm(posted(request), instance=person, fields=fields)
    if request.method == "POST" and form.is_valid():
        # The form wrote the cleaned values onto `person`: compare against a fresh copy to audit changes.
        fresh = _current_person(pk)
        changed = update_profile(fresh, form.profile(), actor=request.user, request=request)
        if changed:
            messages.success(request, f"{title} updated.")
        else:
            messages.info(request, f"No change to {title.lower()}.")
        return redirect("people_manage:record", pk=pk)
    return render(
        request, "people/manage/edit_section.html", {"person": person, "form": form, "title": title}
    )


@access(DIRECTORY)
def add_note(request, pk):
    person = _current_person(pk)
    form = NoteForm(posted(request), may_write_safeguarding=bool(may_view_safeguarding_notes(request.user)))
    if request.method == "POST" and form.is_valid():
        notes.add_note(
            person,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Note added.")
        return redirect("people_manage:record", pk=pk)
    return render(request, "people/manage/add_note.html", {"person": person, "form": form})


@access(DIRECTORY)
def change_consent(request, pk):
    person = _current_person(pk)
    form = ConsentChangeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        record_consent(
            person,
            form.cleaned_data["purpose"],
            form.cleaned_data["given"] == "yes",
            method=form.cleaned_data["method"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Consent decision recorded.")
        return redirect("people_manage:record", pk=pk)
    return render(request, "people/manage/change_consent.html", {"person": person, "form": form})
