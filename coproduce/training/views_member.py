"""A signed-in person's own training: booking a place, their courses and certificates, feedback (standard
and easy read), and the trainers' view of a session they deliver (with the support learners asked for)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted
from coproduce.meetings.choices import RegistrationStatus
from coproduce.meetings.forms import ReplyForm

from . import selectors, services
from .choices import LearnerRole
from .forms import BookingForm, EasyReadFeedbackForm, FeedbackForm
from .rules import LEARNERS, TRAINERS, person_of


@access(LEARNERS)
def my_training(request):
    person = person_of(request.user)
    return render(
        request,
        "training/member/mine.html",
        {"bookings": selectors.training_of(person), "delivered": selectors.delivered_by(person)},
    )


@access(LEARNERS)
def book(request, pk):
    session = selectors.session_by_pk(pk)
    person = person_of(request.user)
    initial = ReplyForm.initial_for(None, person) | {"role": LearnerRole.MEMBER, "waiting_list": True}
    form = BookingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        booking = save_booking(request, form, session, person, on_behalf=False)
        if booking is not None:
            waiting = booking.registration.status == RegistrationStatus.WAITING
            messages.success(
                request,
                "The session is full, so you are on the waiting list. We will email you if a place comes up."
                if waiting
                else "You are booked. We will send you a reminder before the session.",
            )
            return redirect("training:mine")
    return render(
        request,
        "training/member/book.html",
        {"session": session, "form": form, "places_left": selectors.places_left(session)},
    )


def save_booking(request, form, session, person, *, on_behalf: bool):
    """Book from a valid BookingForm; a refusal goes next to its field (None returned)."""
    data = form.cleaned_data
    try:
        return services.book(
            session,
            person,
            role=data["role"],
            department=data["department"],
            organisation=data["organisation"],
            adjustments=form.adjustments(),
            waiting_list=data["waiting_list"],
            on_behalf=on_behalf,
            actor=request.user,
            request=request,
        )
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@require_POST
@access(LEARNERS)
def cancel(request, pk):
    booking = selectors.booking_for_learner(request.user, pk)
    try:
        services.cancel_booking(booking, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your booking is cancelled.")
    return redirect("training:mine")


def _feedback(request, pk, form_class, template, source):
    booking = selectors.booking_for_learner(request.user, pk)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                booking, source=source, actor=request.user, request=request, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Thank you: your answers help us make the training better.")
            return redirect("training:mine")
    return render(request, template, {"booking": booking, "session": booking.session, "form": form})


@access(LEARNERS)
def feedback(request, pk):
    return _feedback(request, pk, FeedbackForm, "training/member/feedback.html", "online")


@access(LEARNERS)
def feedback_easy_read(request, pk):
    return _feedback(
        request, pk, EasyReadFeedbackForm, "training/member/feedback_easy_read.html", "easy_read"
    )


def certificate_response(request, booking, *, pdf: bool):
    context = {"booking": booking, "session": booking.session, "course": booking.session.course}
    if not pdf:
        return render(request, "training/member/certificate.html", context)
    from weasyprint import HTML

    html = render_to_string("training/pdf/certificate.html", context, request=request)
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{booking.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@access(LEARNERS)
def certificate(request, pk):
    return certificate_response(request, selectors.certificate_for(request.user, pk), pdf=False)


@access(LEARNERS)
def certificate_pdf(request, pk):
    return certificate_response(request, selectors.certificate_for(request.user, pk), pdf=True)


@access(TRAINERS)
def trainer_view(request, pk):
    session = selectors.session_for_trainer(request.user, pk)
    return render(
        request,
        "training/member/trainer_view.html",
        {
            "session": session,
            "meeting": session.meeting,
            "trainers": selectors.trainers_of(session),
            **selectors.support_for_trainers(session),
        },
    )
