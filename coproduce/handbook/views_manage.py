"""The editors' pages (/manage/handbook/): sections and pages, each page's history (compare two versions,
restore one), co-authors and their consent, feedback, the help link of each workflow step, the resource
library and the programme-wide jargon buster."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted, uploaded
from coproduce.people.models import Person

from . import selectors, services
from .choices import Step
from .forms import (
    CoAuthorForm,
    ConsentForm,
    HelpLinksForm,
    PageForm,
    ResourceFileForm,
    ResourceForm,
    SectionDeleteForm,
    SectionForm,
    TermForm,
    show_refusal,
    submitted,
)
from .models import CoAuthor, Page, Resource, ResourceFile, Section, Term
from .rules import EDITORS


@access(EDITORS)
def page_list(request):
    query = request.GET.get("q", "").strip()[:100]
    pages = Paginator(selectors.pages_for_editors(query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "handbook/manage/pages.html",
        {"page": pages, "q": query, "sections": list(Section.objects.all()), "query": f"q={query}"},
    )


# --- Sections -----------------------------------------------------------------------------------------


@access(EDITORS)
def section_form(request, pk=None):
    found = get_object_or_404(Section, pk=pk) if pk else None
    initial = {"title": found.title, "summary": found.summary, "order": found.order} if found else {}
    form = SectionForm(posted(request), initial=initial)

    def save(data):
        if found:
            return services.change_section(found, actor=request.user, request=request, **data)
        return services.create_section(actor=request.user, request=request, **data)

    done = submitted(request, form, save, done="Section saved.", then=reverse("handbook_manage:pages"))
    if done:
        return done
    return render(request, "handbook/manage/section_form.html", {"form": form, "section": found})


@access(EDITORS)
def section_delete(request, pk):
    """Confirm, then delete a section (moving its pages to the section chosen)."""
    found = get_object_or_404(Section, pk=pk)
    form = SectionDeleteForm(posted(request), section=found)
    done = submitted(
        request,
        form,
        lambda data: services.delete_section(
            found, actor=request.user, request=request, move_to=data.get("move_to")
        ),
        done=f"Section “{found.title}” deleted.",
        then=reverse("handbook_manage:pages"),
    )
    if done:
        return done
    return render(
        request,
        "handbook/manage/section_delete.html",
        {"form": form, "section": found, "page_count": selectors.section_page_count(found)},
    )


# --- Pages ----------------------------------------------------------------------------------------------


def _page(pk) -> Page:
    return get_object_or_404(Page.objects.select_related("section", "updated_by"), pk=pk)


@access(EDITORS)
def page_create(request):
    if not Section.objects.exists():
        messages.info(request, "Add a section first: every page belongs to one.")
        return redirect("handbook_manage:section_create")
    form = PageForm(posted(request), initial={"visibility": "public", "order": 0})
    done = submitted(
        request,
        form,
        lambda data: services.create_page(
            actor=request.user, request=request, note=data["note"], **form.page_fields()
        ),
        done="Page created.",
        then=lambda created: reverse("handbook_manage:page", args=[created.pk]),
    )
    if done:
        return done
    return render(request, "handbook/manage/page_form.html", {"form": form, "page": None})


@access(EDITORS)
def page_edit(request, pk):
    found = _page(pk)
    initial = {name: getattr(found, name) for name in services.PAGE_FIELDS}
    initial["version"] = found.version
    form = PageForm(posted(request), initial=initial)
    done = submitted(
        request,
        form,
        lambda data: services.edit_page(
            found,
            actor=request.user,
            request=request,
            expected_version=data["version"] or 0,
            note=data["note"],
            **form.page_fields(),
        ),
        done="Page saved as a new version.",
        then=reverse("handbook_manage:page", args=[found.pk]),
    )
    if done:
        return done
    return render(
        request,
        "handbook/manage/page_form.html",
        {"form": form, "page": found, "feedback": selectors.feedback_summary(found)},
    )


@access(EDITORS)
def history(request, pk):
    found = _page(pk)
    versions = Paginator(selectors.versions_of(found), 50).get_page(request.GET.get("page"))
    return render(request, "handbook/manage/history.html", {"page": found, "versions": versions})


@access(EDITORS)
def version(request, pk, number):
    found = _page(pk)
    shown = selectors.version_of(found, number)
    return render(request, "handbook/manage/version.html", {"page": found, "version": shown})


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@access(EDITORS)
def compare(request, pk):
    found = _page(pk)
    newer_number = _number(request.GET.get("to"), found.version)
    older_number = _number(request.GET.get("from"), newer_number - 1)
    if older_number > newer_number:
        older_number, newer_number = newer_number, older_number
    older = selectors.version_of(found, older_number)
    newer = selectors.version_of(found, newer_number)
    return render(
        request,
        "handbook/manage/compare.html",
        {"page": found, "older": older, "newer": newer, "changes": selectors.compare(older, newer)},
    )


@access(EDITORS)
@require_POST
def restore(request, pk, number):
    found = _page(pk)
    old = selectors.version_of(found, number)
    try:
        services.restore_version(
            found,
            old,
            actor=request.user,
            request=request,
            expected_version=_number(request.POST.get("version"), 0),
        )
    except ServiceError as refusal:
        messages.info(request, refusal.message)
        return redirect("handbook_manage:history", pk=found.pk)
    messages.success(request, f"Version {number} restored as the current version.")
    return redirect("handbook_manage:history", pk=found.pk)


# --- Co-authors -----------------------------------------------------------------------------------------


@access(EDITORS)
def co_authors(request, pk):
    found = _page(pk)
    form = CoAuthorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = None
        email = form.cleaned_data["email"]
        if email:
            person = Person.objects.current().filter(email_search=email.strip().lower()).first()
            if person is None:
                form.add_error("email", "No one in the network has this email address")
        if not form.errors:
            try:
                services.add_co_author(
                    found,
                    actor=request.user,
                    request=request,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    person=person,
                    consents=form.cleaned_data["consents"],
                )
            except ServiceError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, "Co-author added.")
                return redirect("handbook_manage:co_authors", pk=found.pk)
    return render(
        request,
        "handbook/manage/co_authors.html",
        {"page": found, "co_authors": selectors.co_authors_of(found), "form": form},
    )


def _co_author(pk) -> CoAuthor:
    return get_object_or_404(CoAuthor.objects.select_related("page"), pk=pk)


@access(EDITORS)
@require_POST
def co_author_consent(request, pk):
    co_author = _co_author(pk)
    form = ConsentForm(posted(request))
    form.is_valid()
    services.record_consent(
        co_author, actor=request.user, request=request, consents=form.cleaned_data.get("consents", False)
    )
    messages.success(
        request,
        f"{co_author.name} is now named on the page."
        if co_author.consents
        else f"{co_author.name} is no longer named on the page.",
    )
    return redirect("handbook_manage:co_authors", pk=co_author.page_id)


@access(EDITORS)
@require_POST
def co_author_remove(request, pk):
    co_author = _co_author(pk)
    page_pk = co_author.page_id
    services.remove_co_author(co_author, actor=request.user, request=request)
    messages.success(request, "Co-author removed.")
    return redirect("handbook_manage:co_authors", pk=page_pk)


@access(EDITORS)
def feedback(request, pk):
    found = _page(pk)
    comments = Paginator(selectors.feedback_with_comments(found), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "handbook/manage/feedback.html",
        {"page": found, "comments": comments, "summary": selectors.feedback_summary(found)},
    )


# --- Help with this step -----------------------------------------------------------------------------------


@access(EDITORS)
def help_links(request):
    rows = selectors.help_link_rows()
    current = {row["step"]: row["link"].page_id for row in rows if row["link"]}
    form = HelpLinksForm(posted(request), pages=selectors.page_choices(), current=current)
    if request.method == "POST" and form.is_valid():
        pages = Page.objects.in_bulk([pk for pk in form.chosen().values() if pk])
        changed = 0
        for step, page_pk in form.chosen().items():
            if current.get(step) != page_pk:
                services.choose_help_page(step, pages.get(page_pk), actor=request.user, request=request)
                changed += 1
        messages.success(request, f"Help links saved ({changed} changed)." if changed else "No change.")
        return redirect("handbook_manage:help_links")
    return render(
        request, "handbook/manage/help_links.html", {"form": form, "rows": rows, "steps": dict(Step.choices)}
    )


# --- Resources ------------------------------------------------------------------------------------------


@access(EDITORS)
def resource_list(request):
    return render(
        request, "handbook/manage/resources.html", {"resources": selectors.resources_for(staff=True)}
    )


@access(EDITORS)
def resource_form(request, pk=None):
    found = get_object_or_404(Resource, pk=pk) if pk else None
    fields = ("title", "description", "visibility", "generated", "order")
    initial = {name: getattr(found, name) for name in fields} if found else {"visibility": "public"}
    form = ResourceForm(posted(request), initial=initial)

    def save(data):
        if found:
            return services.change_resource(found, actor=request.user, request=request, **data)
        return services.create_resource(actor=request.user, request=request, **data)

    done = submitted(
        request,
        form,
        save,
        done="Resource saved.",
        then=lambda saved: reverse("handbook_manage:resource_files", args=[saved.pk]),
    )
    if done:
        return done
    return render(request, "handbook/manage/resource_form.html", {"form": form, "resource": found})


@access(EDITORS)
def resource_delete(request, pk):
    """Confirm, then delete a resource and its files."""
    found = get_object_or_404(Resource, pk=pk)
    if request.method == "POST":
        services.delete_resource(found, actor=request.user, request=request)
        messages.success(request, f"“{found.title}” deleted from the resource library.")
        return redirect("handbook_manage:resources")
    return render(
        request,
        "handbook/manage/resource_delete.html",
        {"resource": found, "files": list(found.files.only("id", "format", "original_name"))},
    )


@access(EDITORS)
def resource_files(request, pk):
    found = get_object_or_404(Resource, pk=pk)
    form = ResourceFileForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        services.upload_resource_file(
            found,
            actor=request.user,
            request=request,
            format=form.cleaned_data["format"],
            upload=form.cleaned_data["file"],
            content_type=form.content_type,
        )
        messages.success(request, "File uploaded.")
        return redirect("handbook_manage:resource_files", pk=found.pk)
    return render(
        request,
        "handbook/manage/resource_files.html",
        {"resource": found, "files": list(found.files.select_related("uploaded_by")), "form": form},
    )


@access(EDITORS)
@require_POST
def resource_file_remove(request, pk):
    row = get_object_or_404(ResourceFile, pk=pk)
    services.remove_resource_file(row, actor=request.user, request=request)
    messages.success(request, "File removed.")
    return redirect("handbook_manage:resource_files", pk=row.resource_id)


# --- Jargon buster --------------------------------------------------------------------------------------


def _save_term(request, form, term, done: str):
    return submitted(
        request,
        form,
        lambda data: services.save_term(
            term, actor=request.user, request=request, word=data["term"], meaning=data["meaning"]
        ),
        done=done,
        then=reverse("handbook_manage:terms"),
    )


@access(EDITORS)
def terms(request):
    form = TermForm(posted(request))
    done = _save_term(request, form, None, "Added to the jargon buster.")
    if done:
        return done
    rows = Paginator(selectors.term_rows(), 100).get_page(request.GET.get("page"))
    return render(request, "handbook/manage/terms.html", {"form": form, "rows": rows})


@access(EDITORS)
def term_edit(request, pk):
    term = get_object_or_404(Term, pk=pk)
    form = TermForm(posted(request), initial={"term": term.term, "meaning": term.meaning})
    done = _save_term(request, form, term, "Jargon buster updated.")
    if done:
        return done
    return render(request, "handbook/manage/term_form.html", {"form": form, "term": term})


@access(EDITORS)
@require_POST
def term_remove(request, pk):
    term = get_object_or_404(Term, pk=pk)
    services.remove_term(term, actor=request.user, request=request)
    messages.success(request, f"“{term.term}” removed from the jargon buster.")
    return redirect("handbook_manage:terms")
