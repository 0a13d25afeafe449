"""The officers' people pages (/manage/people/): the directory, a person's record with its notes log,
registering someone on their behalf, and editing a section of a profile."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.accounts.rules import MANAGE_ACCOUNTS
from coproduce.core.access import access
from coproduce.core.forms import posted
from coproduce.core.selectors import CountedPaginator
from coproduce.core.spreadsheets import csv_lines

from . import census, choices, exports, imports, selectors, services
from .forms import (
    SECTIONS,
    ConsentChangeForm,
    ConsentsForm,
    DirectoryFilterForm,
    ImportUploadForm,
    NoteForm,
    ProfileForm,
    RetentionDecisionForm,
    RetentionSelectionForm,
    SpecialPermissionsForm,
)
from .models import Person
from .rules import DIRECTORY, EQUALITY_ANSWERS, may_view_safeguarding_notes
from .services import record_consent, update_profile

PAGE_SIZE = 50
SORT_LABELS = {"name": "Name", "last_involved": "Last involved", "registered": "Registered"}


def _current_person(pk: int) -> Person:
    person = selectors.current_person(pk)
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
    form = DirectoryFilterForm(request.GET or None, options=selectors.directory_filter_options())
    filters = form.filters()
    # The page as ids in order, then its fifty people's rows (selectors.directory_rows).
    ids = selectors.directory_ids(filters)
    count = selectors.directory_count(filters, ids)
    page = CountedPaginator(ids, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    rows = selectors.directory_rows(list(page.object_list))
    page.object_list = rows
    query = request.GET.copy()
    query.pop("page", None)
    filtered = any(value for key, value in query.items() if key not in {"sort", "dir"})
    return render(
        request,
        "people/manage/directory.html",
        {
            "filter_form": form,
            "page": page,
            "rows": rows,
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
    notes_log, hidden_notes = selectors.notes_for_reader(person, reader=request.user, request=request)
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
            person = services.register_person(
                profile=profile_form.profile(),
                consents=consents_form.decisions(),
                method=consents_form.cleaned_data["method"],
                actor=request.user,
                request=request,
                attribution=consents_form.attribution(),
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
        services.add_note(
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


@access(EQUALITY_ANSWERS)
def person_answers(request, pk):
    """One person's answers: restricted, and every view is audited."""
    person = selectors.current_person(pk)
    if person is None:
        raise Http404("No such person")
    equality_record = selectors.read_equality_answers(person, actor=request.user, request=request)
    return render(
        request,
        "people/manage/equality_answers.html",
        {
            "person": person,
            "equality_record": equality_record,
            "answers": selectors.answer_rows(equality_record) if equality_record else [],
        },
    )


@access(DIRECTORY)
def network_profile(request):
    """The whole network against the census baseline: aggregates only, small numbers suppressed."""
    profiles, worked_out_at = selectors.network_equality_profile()
    return render(
        request,
        "people/manage/equality_profile.html",
        {
            "profiles": profiles,
            "worked_out_at": worked_out_at,
            "refresh_minutes": selectors.NETWORK_PROFILE_SECONDS // 60,
            "census_loaded": any(row.oxfordshire is not None for profile in profiles for row in profile.rows),
            "attribution": census.ATTRIBUTION,
            "threshold": selectors.SUPPRESSION_THRESHOLD,
        },
    )


@access(MANAGE_ACCOUNTS)
def permission_list(request):
    labels = dict(SpecialPermissionsForm.PERMISSIONS)
    accounts = [
        (account, [labels[codename] for codename in selectors.special_permissions_of(account)])
        for account in selectors.eligible_accounts()
    ]
    return render(request, "people/manage/permission_list.html", {"accounts": accounts})


@access(MANAGE_ACCOUNTS)
def permission_edit(request, user_id):
    account = next((a for a in selectors.eligible_accounts().filter(pk=user_id)), None)
    if account is None:
        raise Http404("No co-production officer or administrator with that id")
    form = SpecialPermissionsForm(
        request.POST if request.method == "POST" else None,
        initial={"permissions": selectors.special_permissions_of(account)},
    )
    if request.method == "POST" and form.is_valid():
        granted, revoked = services.set_special_permissions(
            account, form.cleaned_data["permissions"], actor=request.user, request=request
        )
        if granted or revoked:
            messages.success(request, f"Restricted permissions for {account.display_name} updated.")
        else:
            messages.info(request, f"No change to the restricted permissions of {account.display_name}.")
        return redirect("people_manage:permissions")
    return render(request, "people/manage/permission_edit.html", {"account": account, "form": form})


logger = logging.getLogger(__name__)


PAGE_SIZE = 50


PREVIEW_LIMIT = 1000


MARKED_LIMIT = 100


def _import_guide() -> dict:
    return {
        "headings": [
            (imports.HEADING_LABELS[key], names[1:]) for key, names in imports.ACCEPTED_HEADINGS.items()
        ],
        "areas": [area.name for area in selectors.active_areas()],
        "interests": [interest.name for interest in selectors.active_interests()],
        "formats": choices.Format.labels,
        "access_needs": choices.AccessNeed.labels,
        "contact_methods": choices.ContactMethod.values,
        "consent_methods": [value.replace("_", " ") for value in choices.ConsentMethod.values],
        "max_rows": imports.MAX_ROWS,
    }


@access(DIRECTORY)
def import_upload(request):
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        pending = services.store_upload(
            actor=request.user, file_name=form.cleaned_data["file"].name, text=form.text
        )
        return redirect("people_manage:import_preview", token=pending.token)
    return render(request, "people/manage/import_upload.html", {"form": form, **_import_guide()})


def _pending_or_404(request, token):
    pending = imports.pending_for(token, request.user)
    if pending is None:
        raise Http404("No upload waiting with this link")
    return pending


def _preview(request, pending, *, refused: bool = False, status: int = 200):
    report = imports.check(pending.content)
    attention = [row for row in report.rows if row.status != "ready"]
    ready = report.with_status("ready")
    context = {
        "pending": pending,
        "report": report,
        "attention": attention[:PREVIEW_LIMIT],
        "attention_hidden": max(0, len(attention) - PREVIEW_LIMIT),
        "ready": ready[:PREVIEW_LIMIT],
        "ready_hidden": max(0, len(ready) - PREVIEW_LIMIT),
        "column_labels": [imports.HEADING_LABELS[key] for key in report.columns],
        "refused": refused,
    }
    return render(request, "people/manage/import_preview.html", context, status=status)


@access(DIRECTORY)
def import_preview(request, token):
    return _preview(request, _pending_or_404(request, token))


@access(DIRECTORY)
@require_POST
def import_confirm(request, token):
    pending = _pending_or_404(request, token)
    try:
        report = imports.confirm_import(pending, actor=request.user, request=request)
    except imports.ImportRefused:
        return _preview(request, pending, refused=True, status=409)
    except DatabaseError:
        logger.exception("Importing people failed; nothing was saved")
        messages.error(request, "Nothing was imported: the database refused the import. Try again.")
        return redirect("people_manage:import_preview", token=pending.token)
    imported = report.ready_count
    text = f"{imported} {'person' if imported == 1 else 'people'} imported."
    if report.skip_count:
        text += (
            f" {report.skip_count} duplicate {'row was' if report.skip_count == 1 else 'rows were'} skipped."
        )
    messages.success(request, text)
    return redirect("people_manage:directory")


@access(DIRECTORY)
@require_POST
def import_cancel(request, token):
    imports.cancel(_pending_or_404(request, token))
    messages.info(request, "The upload was cancelled and deleted. Nothing was imported.")
    return redirect("people_manage:import")


@access(DIRECTORY)
def export(request):
    filters = DirectoryFilterForm(request.GET).filters()
    plan = exports.ExportPlan(request.user)
    services.record_export(
        actor=request.user, filters_used=exports.filters_used(filters), plan=plan, request=request
    )
    response = StreamingHttpResponse(
        csv_lines(exports.rows(selectors.directory(filters), plan)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.csv"'
    return response


def _retention_page(request, form=None, status=200):
    paginator = Paginator(selectors.due_for_review(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    marked = selectors.marked_for_erasure()
    context = {
        "page": page,
        "form": form,
        "months": selectors.retention_months(),
        "cutoff": selectors.cutoff()[0],
        "marked": list(marked[:MARKED_LIMIT]),
        "marked_count": marked.count(),
    }
    return render(request, "people/manage/retention_list.html", context, status=status)


@access(DIRECTORY)
def retention_list(request):
    if request.method != "POST":
        return _retention_page(request)
    form = RetentionSelectionForm(request.POST)
    if not form.is_valid():
        return _retention_page(request, form)
    ids = form.cleaned_data["person"]
    if form.cleaned_data["action"] == "delete":
        count = services.confirm_deletion(ids, actor=request.user, request=request)
        messages.success(
            request, f"{count} {'record' if count == 1 else 'records'} will be erased at the next daily run."
        )
    else:
        count = services.keep(ids, actor=request.user, request=request)
        messages.success(
            request, f"{count} {'record' if count == 1 else 'records'} kept; their review restarts today."
        )
    return redirect("people_manage:retention")


@access(DIRECTORY)
def retention_person(request, person_id):
    person = get_object_or_404(selectors.due_for_review(), pk=person_id)
    form = RetentionDecisionForm(request.POST) if request.method == "POST" else RetentionDecisionForm()
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "delete":
            services.confirm_deletion([person.pk], actor=request.user, request=request)
            messages.success(request, f"{person.full_name}’s record will be erased at the next daily run.")
        else:
            services.keep([person.pk], actor=request.user, note=form.cleaned_data["note"], request=request)
            messages.success(request, f"{person.full_name}’s record was kept; their review restarts today.")
        return redirect("people_manage:retention")
    return render(request, "people/manage/retention_person.html", {"person": person, "form": form})


@access(DIRECTORY)
@require_POST
def retention_cancel(request, person_id):
    person = get_object_or_404(selectors.marked_for_erasure(), pk=person_id)
    services.cancel_deletion(person, actor=request.user, request=request)
    messages.success(request, f"{person.full_name}’s record will not be erased.")
    return redirect("people_manage:retention")
