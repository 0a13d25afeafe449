"""Pages anyone may see: about the network, a champion's invitation, public events and booking a place,
and unsubscribing from the newsletter."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coproduce.core.access import PUBLIC, access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted
from coproduce.meetings import selectors as meeting_selectors

from . import selectors, services
from .forms import BookingForm


def refuse(form, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def submitted(request, form, write, message: str = "") -> bool:
    """The network's form pages in one place: when the bound form is valid and `write(**cleaned_data)` is
    not refused, say `message` and answer True (the caller redirects); a refusal lands by its field."""
    if not (form.is_bound and form.is_valid()):
        return False
    try:
        write(**form.cleaned_data)
    except ServiceError as error:
        refuse(form, error)
        return False
    if message:
        messages.success(request, message)
    return True


def form_page(request, form, title, button, back_url, *, template="core/form_page.html", **extra):
    """The member and back-office form pages: the shared form page, or `template` extending it."""
    context = {"form": form, "title": title, "button": button, "back_url": back_url, **extra}
    return render(request, template, context)


@access(PUBLIC)
def about(request):
    return render(request, "network/public/about.html", {"pledge": selectors.current_pledge()})


@access(PUBLIC)
def invitation(request, code):
    """A champion's personal invitation: remember who invited the person until they have joined."""
    champion = selectors.champion_by_code(code)
    if champion is not None:
        request.session[services.INVITATION_SESSION_KEY] = champion.invitation_code
    join_url = reverse("people:join_start" if request.user.is_authenticated else "accounts:sign_up")
    return render(
        request,
        "network/public/invitation.html",
        {"champion": champion, "join_url": join_url, "signed_in": request.user.is_authenticated},
    )


@access(PUBLIC)
def events(request):
    upcoming = list(meeting_selectors.public_events(upcoming=True)[:50])
    past = list(meeting_selectors.public_events(upcoming=False)[:10])
    return render(request, "network/public/events.html", {"upcoming": upcoming, "past": past})


@access(PUBLIC)
def event(request, pk):
    meeting = meeting_selectors.public_event(pk)
    return render(
        request,
        "network/public/event.html",
        {"event": meeting, "bookable": meeting_selectors.is_bookable_public_event(meeting)},
    )


@require_http_methods(["GET", "POST"])
@access(PUBLIC)
def book(request, pk):
    meeting = meeting_selectors.public_event(pk)
    if not meeting_selectors.is_bookable_public_event(meeting):
        return redirect("network:event", pk=pk)
    initial = {}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None:
        initial = {
            "name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "access_needs": person.access_needs,
        }
    form = BookingForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.book_public_event(
                meeting,
                actor=request.user,
                request=request,
                person=person,
                **form.cleaned_data,
            )
        except ServiceError as error:
            refuse(form, error)
        else:
            request.session["network.booked_event"] = meeting.pk
            return redirect("network:booked", pk=pk)
    return render(request, "network/public/book.html", {"event": meeting, "form": form})


@access(PUBLIC)
def booked(request, pk):
    meeting = meeting_selectors.public_event(pk)
    return render(
        request,
        "network/public/booked.html",
        {"event": meeting, "signed_in": request.user.is_authenticated},
    )


@require_http_methods(["GET", "POST"])
@access(PUBLIC)
def unsubscribe(request, token):
    person = selectors.person_for_unsubscribe(token)
    done = False
    if request.method == "POST":
        services.unsubscribe(person, request=request)
        done = True
    return render(
        request,
        "network/public/unsubscribe.html",
        {"done": done or selectors.is_unsubscribed(person)},
    )
