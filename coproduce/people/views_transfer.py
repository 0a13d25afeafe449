"""Officers' pages for importing a spreadsheet of contacts, exporting the directory and the retention
review (mounted under /manage/people/)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.spreadsheets import csv_lines

from . import choices, exports, imports, retention, selectors
from .forms_manage import DirectoryFilterForm
from .forms_transfer import ImportUploadForm, RetentionDecisionForm, RetentionSelectionForm
from .models import Interest, LivedExperienceArea
from .rules import DIRECTORY

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
PREVIEW_LIMIT = 1000
MARKED_LIMIT = 100


# --- Import ----------------------------------------------------------------------------------------------


def _import_guide() -> dict:
    return {
        "headings": [
            (imports.HEADING_LABELS[key], names[1:]) for key, names in imports.ACCEPTED_HEADINGS.items()
        ],
        "areas": LivedExperienceArea.objects.filter(active=True).values_list("name", flat=True),
        "interests": Interest.objects.filter(active=True).values_list("name", flat=True),
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
        pending = imports.store_upload(
            actor=request.user, file_name=form.cleaned_data["file"].name, text=form.text
        )
        return redirect("people_manage:import_preview", token=pending.token)
    return render(request, "people/transfer/import_upload.html", {"form": form, **_import_guide()})


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
    return render(request, "people/transfer/import_preview.html", context, status=status)


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


# --- Export ----------------------------------------------------------------------------------------------


@access(DIRECTORY)
def export(request):
    filters = DirectoryFilterForm(request.GET).filters()
    plan = exports.ExportPlan(request.user)
    exports.record_export(
        actor=request.user, filters_used=exports.filters_used(filters), plan=plan, request=request
    )
    response = StreamingHttpResponse(
        csv_lines(exports.rows(selectors.directory(filters), plan)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.csv"'
    return response


# --- Retention review ------------------------------------------------------------------------------------


def _retention_page(request, form=None, status=200):
    paginator = Paginator(retention.due_for_review(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    marked = retention.marked_for_erasure()
    context = {
        "page": page,
        "form": form,
        "months": retention.retention_months(),
        "cutoff": retention.cutoff()[0],
        "marked": list(marked[:MARKED_LIMIT]),
        "marked_count": marked.count(),
    }
    return render(request, "people/transfer/retention_list.html", context, status=status)


@access(DIRECTORY)
def retention_list(request):
    if request.method != "POST":
        return _retention_page(request)
    form = RetentionSelectionForm(request.POST)
    if not form.is_valid():
        return _retention_page(request, form)
    ids = form.cleaned_data["person"]
    if form.cleaned_data["action"] == "delete":
        count = retention.confirm_deletion(ids, actor=request.user, request=request)
        messages.success(
            request, f"{count} {'record' if count == 1 else 'records'} will be erased at the next daily run."
        )
    else:
        count = retention.keep(ids, actor=request.user, request=request)
        messages.success(
            request, f"{count} {'record' if count == 1 else 'records'} kept; their review restarts today."
        )
    return redirect("people_manage:retention")


@access(DIRECTORY)
def retention_person(request, person_id):
    person = get_object_or_404(retention.due_for_review(), pk=person_id)
    form = RetentionDecisionForm(request.POST) if request.method == "POST" else RetentionDecisionForm()
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "delete":
            retention.confirm_deletion([person.pk], actor=request.user, request=request)
            messages.success(request, f"{person.full_name}’s record will be erased at the next daily run.")
        else:
            retention.keep([person.pk], actor=request.user, note=form.cleaned_data["note"], request=request)
            messages.success(request, f"{person.full_name}’s record was kept; their review restarts today.")
        return redirect("people_manage:retention")
    return render(request, "people/transfer/retention_person.html", {"person": person, "form": form})


@access(DIRECTORY)
@require_POST
def retention_cancel(request, person_id):
    person = get_object_or_404(retention.marked_for_erasure(), pk=person_id)
    retention.cancel_deletion(person, actor=request.user, request=request)
    messages.success(request, f"{person.full_name}’s record will not be erased.")
    return redirect("people_manage:retention")
