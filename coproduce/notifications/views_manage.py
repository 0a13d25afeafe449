"""The officers' message pages (/manage/messages/): a person's messages, who could not be reached, calls to
make, and the printed letter batches."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted
from coproduce.people.models import Person

from . import selectors, services
from .forms import FallbackOrderForm
from .rules import OFFICERS

PAGE_SIZE = 50


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, list(page)


@access(OFFICERS)
def person_messages(request, person_id):
    person = get_object_or_404(Person.objects.current(), pk=person_id)
    page, rows = _page(request, selectors.messages_for(person))
    return render(request, "notifications/manage/person.html", {"person": person, "page": page, "rows": rows})


@access(OFFICERS)
def message_detail(request, pk):
    return render(request, "notifications/manage/message.html", {"message": selectors.message(pk)})


@access(OFFICERS)
def not_reached(request):
    page, rows = _page(request, selectors.not_reached())
    return render(request, "notifications/manage/not_reached.html", {"page": page, "rows": rows})


@access(OFFICERS)
def calls(request):
    page, rows = _page(request, selectors.calls_to_make())
    context = {"page": page, "rows": rows, "notify": selectors.notify_configured()}
    return render(request, "notifications/manage/calls.html", context)


@require_POST
@access(OFFICERS)
def resolve(request, pk):
    message = selectors.message(pk)
    with refusal(request, success="Marked as dealt with."):
        services.mark_resolved(message, actor=request.user, request=request)
    if request.POST.get("back") == "calls":
        return redirect("notifications_manage:calls")
    return redirect("notifications_manage:not_reached")


@access(OFFICERS)
def letters(request):
    page, rows = _page(request, selectors.letter_batches())
    context = {
        "page": page,
        "rows": rows,
        "waiting": selectors.letters_waiting_count(),
        "make_batch_url": reverse("notifications_manage:make_batch"),
    }
    return render(request, "notifications/manage/letters.html", context)


@require_POST
@access(OFFICERS)
def make_batch(request):
    with refusal(request) as refused:
        batch = services.make_letter_batch(actor=request.user, request=request)
    if refused:
        return redirect("notifications_manage:letters")
    return redirect("notifications_manage:batch", pk=batch.pk)


@access(OFFICERS)
def batch(request, pk):
    letter_batch = selectors.letter_batch(pk)
    context = {"batch": letter_batch, "letters": selectors.letters_in(letter_batch)}
    return render(request, "notifications/manage/batch.html", context)


@access(OFFICERS)
def batch_pdf(request, pk):
    from weasyprint import HTML

    letter_batch = selectors.letter_batch(pk)
    html = render_to_string(
        "notifications/pdf/letters.html",
        {
            "batch": letter_batch,
            "letters": selectors.letters_in(letter_batch),
            "programme_name": settings.COPRODUCE["PROGRAMME_NAME"],
            "contact_address": settings.COPRODUCE["CONTACT_ADDRESS"],
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="letters-{letter_batch.made_at:%Y-%m-%d}-{pk}.pdf"'
    )
    return response


@require_POST
@access(OFFICERS)
def batch_posted(request, pk):
    letter_batch = selectors.letter_batch(pk)
    with refusal(request, success="Marked as posted."):
        services.mark_batch_posted(letter_batch, actor=request.user, request=request)
    return redirect("notifications_manage:batch", pk=pk)


@access(OFFICERS)
def message_settings(request):
    """The order channels are tried in when someone cannot be reached by the one they chose."""
    form = FallbackOrderForm.for_order(selectors.fallback_order(), posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="first") as refused:
            services.set_fallback_order(form.order(), actor=request.user, request=request)
        if not refused:
            messages.success(request, "The order is saved. New messages use it.")
            return redirect("notifications_manage:settings")
    return render(request, "notifications/manage/settings.html", {"form": form})
