"""The training back office (/manage/training/): courses with their co-designers and materials, sessions
with their trainers, bookings, attendance, preparation, paper feedback, certificates and the reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted, uploaded
from coproduce.meetings.choices import RegistrationStatus
from coproduce.meetings.forms import PersonSearchForm, ReplyForm

from . import exports, selectors, services
from .choices import FeedbackSource, LearnerRole
from .forms import (
    AttendanceForm,
    BookingForm,
    CoDesignerForm,
    CourseForm,
    MaterialForm,
    PaperFeedbackForm,
    PreparationForm,
    SessionForm,
)
from .rules import BOOKERS, OFFICERS, REPORTS, is_training_officer
from .views_member import certificate_response, save_booking


def _refused(form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- Courses ---------------------------------------------------------------------------------------------


@access(OFFICERS)
def course_list(request):
    return render(
        request, "training/manage/courses.html", {"courses": selectors.course_list(include_inactive=True)}
    )


@access(OFFICERS)
def course_create(request):
    form = CourseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Course created. Now add its materials and a first session.")
            return redirect("training_manage:course", pk=course.pk)
    return render(request, "training/manage/course_form.html", {"form": form, "course": None})


@access(OFFICERS)
def course_edit(request, pk):
    course = selectors.course_by_pk(pk)
    form = CourseForm(posted(request), initial=CourseForm.initial_from(course))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_course(course, actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Course saved." if changed else "No change to the course.")
            return redirect("training_manage:course", pk=course.pk)
    return render(request, "training/manage/course_form.html", {"form": form, "course": course})


@access(OFFICERS)
def course_detail(request, pk):
    course = selectors.course_by_pk(pk)
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        "training/manage/course.html",
        {
            "course": course,
            "co_designers": selectors.co_designers(course),
            "materials": selectors.materials_of(course),
            "sessions": selectors.upcoming_sessions(course, limit=10),
            "scores": selectors.course_scores_over_time(course),
            "search": search,
            "query": query,
            "found": selectors.find_people(query),
            "designer_form": CoDesignerForm(),
        },
    )


@require_POST
@access(OFFICERS)
def co_designer_add(request, pk):
    course = selectors.course_by_pk(pk)
    form = CoDesignerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nobody was added: choose someone from the search results.")
        return redirect("training_manage:course", pk=pk)
    try:
        row = services.add_co_designer(
            course,
            form.cleaned_data["person"],
            actor=request.user,
            request=request,
            contribution=form.cleaned_data["contribution"],
            consents_to_credit=form.cleaned_data["consents_to_credit"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{row.person.full_name} is credited as a co-designer.")
    return redirect("training_manage:course", pk=pk)


@require_POST
@access(OFFICERS)
def co_designer_remove(request, pk, designer):
    course = selectors.course_by_pk(pk)
    row = next((row for row in selectors.co_designers(course) if row.pk == designer), None)
    if row is not None:
        services.remove_co_designer(row, actor=request.user, request=request)
        messages.success(request, f"{row.person.full_name} is no longer credited.")
    return redirect("training_manage:course", pk=pk)


@access(OFFICERS)
def material_add(request, pk):
    course = selectors.course_by_pk(pk)
    form = MaterialForm(posted(request), uploaded(request), course=course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_material(
                course,
                uploaded=data["file"],
                content_type=form.content_type,
                actor=request.user,
                request=request,
                title=data["title"],
                format=data["format"],
                alternative_of=data["alternative_of"],
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Material added.")
            return redirect("training_manage:course", pk=pk)
    return render(request, "training/manage/material_form.html", {"form": form, "course": course})


@require_POST
@access(OFFICERS)
def material_delete(request, pk):
    material = selectors.material_for(request.user, pk)
    services.delete_material(material, actor=request.user, request=request)
    messages.success(request, f"{material.title} was deleted, with its other formats.")
    return redirect("training_manage:course", pk=material.course_id)


# --- Sessions --------------------------------------------------------------------------------------------


@access(BOOKERS)
def session_list(request):
    when = "past" if request.GET.get("when") == "past" else ""
    page = Paginator(selectors.sessions_for_officers(when=when), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_places(page.object_list)
    return render(
        request,
        "training/manage/sessions.html",
        {
            "page": page,
            "when": when,
            "query": f"when={when}" if when else "",
            "officer": is_training_officer(request.user),
        },
    )


@access(OFFICERS)
def session_create(request, pk):
    course = selectors.course_by_pk(pk)
    form = SessionForm(posted(request), creator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                course,
                trainers=form.cleaned_data["trainers"],
                notes_for_trainers=form.cleaned_data.get("notes_for_trainers", ""),
                actor=request.user,
                request=request,
                **form.meeting_fields(),
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Session created. Learners can book it now.")
            return redirect("training_manage:session", pk=session.pk)
    return render(
        request, "training/manage/session_form.html", {"form": form, "course": course, "session": None}
    )


@access(OFFICERS)
def session_edit(request, pk):
    session = selectors.session_by_pk(pk)
    form = SessionForm(posted(request), creator=request.user, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_trainers(session, form.cleaned_data["trainers"], actor=request.user, request=request)
            services.update_session(
                session,
                actor=request.user,
                request=request,
                notes_for_trainers=form.cleaned_data.get("notes_for_trainers", ""),
                **form.meeting_fields(),
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect("training_manage:session", pk=pk)
    return render(
        request,
        "training/manage/session_form.html",
        {"form": form, "course": session.course, "session": session},
    )


@access(OFFICERS)
def session_detail(request, pk):
    session = selectors.session_for_officers(pk)
    learners = selectors.learner_rows(session, selectors.attendance_by_person(session))
    feedback = selectors.session_feedback(session)
    return render(
        request,
        "training/manage/session.html",
        {
            "session": session,
            "meeting": session.meeting,
            "trainers": selectors.trainer_rows(session),
            "bookings": learners,
            "places_left": selectors.places_left_of(session, learners),
            "scores": feedback.scores,
            "sources": feedback.sources,
            "comments": feedback.comments,
        },
    )


@require_POST
@access(OFFICERS)
def session_cancel(request, pk):
    session = selectors.session_by_pk(pk)
    try:
        services.cancel_session(session, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Session cancelled. Everyone booked has been told.")
    return redirect("training_manage:session", pk=pk)


@access(OFFICERS)
def support(request, pk):
    session = selectors.session_by_pk(pk)
    return render(
        request,
        "training/manage/support.html",
        {"session": session, "meeting": session.meeting, **selectors.support_for_trainers(session)},
    )


# --- Bookings --------------------------------------------------------------------------------------------


@access(BOOKERS)
def book(request, pk):
    """An officer or line manager books someone: first find them, then their role, workplace and needs."""
    session = selectors.session_by_pk(pk)
    chosen = request.GET.get("person") or request.POST.get("person") or ""
    if not chosen:
        search = PersonSearchForm(request.GET or None)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        return render(
            request,
            "training/manage/book_choose.html",
            {"session": session, "search": search, "query": query, "found": selectors.find_people(query)},
        )
    person = selectors.person_by_pk(chosen)
    initial = ReplyForm.initial_for(None, person) | {"role": LearnerRole.STAFF, "waiting_list": True}
    form = BookingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        booking = save_booking(request, form, session, person, on_behalf=True)
        if booking is not None:
            waiting = booking.registration.status == RegistrationStatus.WAITING
            messages.success(
                request, f"{person.full_name} is {'on the waiting list' if waiting else 'booked'}."
            )
            if is_training_officer(request.user):
                return redirect("training_manage:session", pk=pk)
            return redirect("training_manage:sessions")
    return render(
        request,
        "training/manage/book.html",
        {"session": session, "person": person, "form": form, "places_left": selectors.places_left(session)},
    )


@require_POST
@access(OFFICERS)
def booking_cancel(request, pk):
    booking = selectors.booking_by_pk(pk)
    try:
        services.cancel_booking(booking, actor=request.user, on_behalf=True, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{booking.person.full_name}'s booking is cancelled.")
    return redirect("training_manage:session", pk=booking.session_id)


# --- Attendance, preparation, feedback -------------------------------------------------------------------


@access(OFFICERS)
def attendance(request, pk):
    session = selectors.session_by_pk(pk)
    trainers = selectors.trainers_of(session)
    learners = [
        b for b in selectors.bookings_of(session) if b.registration.status != RegistrationStatus.WAITING
    ]
    people = [row.person for row in trainers] + [b.person for b in learners]
    form = AttendanceForm(posted(request), people=people, current=selectors.attendance_by_person(session))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_attendance(session, form.marks(), actor=request.user, request=request)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Attendance saved ({changed} changed).")
            return redirect("training_manage:session", pk=pk)
    return render(
        request,
        "training/manage/attendance.html",
        {"session": session, "form": form, "trainer_count": len(trainers)},
    )


@access(OFFICERS)
def preparation(request, pk):
    session = selectors.session_by_pk(pk)
    paid = [row for row in selectors.trainers_of(session) if row.is_paid]
    form = PreparationForm(posted(request), trainers=paid, current=selectors.preparation_of(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_preparation(
                session, form.hours(), day=form.cleaned_data["day"], actor=request.user, request=request
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Preparation time saved: it becomes claims at the preparation rate.")
            return redirect("training_manage:session", pk=pk)
    return render(
        request, "training/manage/preparation.html", {"session": session, "form": form, "paid": paid}
    )


@access(OFFICERS)
def paper_feedback(request, pk):
    session = selectors.session_by_pk(pk)
    form = PaperFeedbackForm(posted(request), bookings=selectors.to_enter_on_paper(session))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.give_feedback(
                data["booking"],
                overall=data["overall"],
                learned=data["learned"],
                accessible=data["accessible"],
                went_well=data["went_well"],
                could_be_better=data["could_be_better"],
                source=FeedbackSource.PAPER,
                actor=request.user,
                request=request,
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{data['booking'].person.full_name}'s answers are saved.")
            return redirect("training_manage:paper_feedback", pk=pk)
    return render(request, "training/manage/paper_feedback.html", {"session": session, "form": form})


@access(OFFICERS)
def certificate(request, pk):
    booking = selectors.certificate_for(request.user, pk, officer=True)
    return certificate_response(request, booking, pdf=False)


@access(OFFICERS)
def certificate_pdf(request, pk):
    booking = selectors.certificate_for(request.user, pk, officer=True)
    return certificate_response(request, booking, pdf=True)


# --- Reports ---------------------------------------------------------------------------------------------


@access(REPORTS)
def report(request):
    return render(request, "training/manage/report.html", exports.report_page_context())


@access(REPORTS)
@require_POST
def report_refresh(request):
    services.refresh_report(actor=request.user, request=request)
    messages.success(request, "The figures are worked out again.")
    return redirect("training_manage:report")


@access(REPORTS)
def report_csv(request, name):
    return exports.csv_response(name, actor=request.user, request=request)
