"""The handbook and resource library for readers: public pages for anyone, staff-only pages for the back
office, the easy read version beside a page, "was this useful?" feedback and downloads."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.forms import posted
from coproduce.core.markdown import render_markdown

from . import selectors, services
from .choices import ResourceFormat
from .forms import FeedbackForm, submitted
from .rules import FEEDBACK, READERS, is_editor


def _readable_page(request, slug):
    """The page if this reader may open it. A staff-only page sends a visitor who is not signed in to sign
    in, and is 'not found' for anyone else, so its title is never revealed."""
    page = selectors.page_by_slug(slug)
    if page is None:
        raise Http404("No such page")
    if not request.user.has_perm("handbook.read", page):
        if not request.user.is_authenticated:
            return None
        raise Http404("No such page")
    return page


@access(READERS)
def index(request):
    staff = selectors.is_staff_reader(request.user)
    return render(
        request,
        "handbook/public/index.html",
        {"sections": selectors.sections_with_pages(staff=staff), "staff": staff},
    )


@access(READERS)
def section(request, slug):
    staff = selectors.is_staff_reader(request.user)
    found, pages = selectors.section_for(slug, staff=staff)
    return render(request, "handbook/public/section.html", {"section": found, "pages": pages})


def _page_context(request, page):
    staff = selectors.is_staff_reader(request.user)
    return {
        "page": page,
        "co_authors": selectors.credited(page),
        "neighbours": selectors.section_neighbours(page, staff=staff),
        "terms": selectors.terms(),
        "may_edit": is_editor(request.user),
    }


@access(READERS)
def page(request, slug):
    found = _readable_page(request, slug)
    if found is None:
        return redirect_to_login(request.get_full_path())
    context = _page_context(request, found)
    context["form"] = FeedbackForm()
    return render(request, "handbook/public/page.html", context)


@access(READERS)
def easy_read(request, slug):
    found = _readable_page(request, slug)
    if found is None:
        return redirect_to_login(request.get_full_path())
    if not found.easy_read.strip():
        raise Http404("This page has no easy read version yet")
    return render(request, "handbook/public/easy_read.html", _page_context(request, found))


@access(FEEDBACK)
@require_POST
def feedback(request, slug):
    found = _readable_page(request, slug)
    if found is None:
        return redirect_to_login(reverse("handbook:page", args=[slug]))
    form = FeedbackForm(posted(request))
    done = submitted(
        request,
        form,
        lambda data: services.give_feedback(
            found, actor=request.user, request=request, useful=data["useful"], comment=data["comment"]
        ),
        done="Thank you for your feedback.",
        then=f"{reverse('handbook:page', args=[slug])}#feedback",
    )
    if done:
        return done
    context = _page_context(request, found)
    context["form"] = form
    return render(request, "handbook/public/page.html", context, status=400)


@access(READERS)
def jargon_buster(request):
    return render(request, "handbook/public/jargon_buster.html", {"terms": selectors.terms()})


# --- Resources ------------------------------------------------------------------------------------------


@access(READERS)
def resources(request):
    staff = selectors.is_staff_reader(request.user)
    return render(
        request,
        "handbook/public/resources.html",
        {"resources": selectors.resources_for(staff=staff), "formats": dict(ResourceFormat.choices)},
    )


def _readable_resource(request, slug):
    resource = selectors.resource_by_slug(slug)
    if resource is None or not request.user.has_perm("handbook.read", resource):
        raise Http404("No such resource")
    return resource


@access(READERS)
def resource_download(request, slug, format):
    resource = _readable_resource(request, slug)
    row = selectors.resource_file(resource, format)
    if row is None:
        raise Http404("No such format")
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    if resource.visibility != "public":
        response["Cache-Control"] = "private, no-store"
    return response


def _generated_resource(request, slug):
    resource = _readable_resource(request, slug)
    if not resource.generated:
        raise Http404("This resource is not generated")
    return resource


@access(READERS)
def generated(request, slug):
    resource = _generated_resource(request, slug)
    return render(
        request,
        "handbook/public/generated.html",
        {
            "resource": resource,
            "html": render_markdown(selectors.generated_markdown(resource)),
            "large_print": bool(request.GET.get("large_print")),
        },
    )


@access(READERS)
def generated_file(request, slug, kind):
    resource = _generated_resource(request, slug)
    text = selectors.generated_markdown(resource)
    if kind == "txt":
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{resource.slug}.txt"'
        return response
    if kind != "pdf":
        raise Http404("No such format")
    from weasyprint import HTML

    html = render_to_string(
        "handbook/pdf/generated.html",
        {
            "resource": resource,
            "html": render_markdown(text),
            "large_print": bool(request.GET.get("large_print")),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{resource.slug}.pdf"'
    return response
