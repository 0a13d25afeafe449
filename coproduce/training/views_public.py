"""Pages anyone may see: the course list, a course (with its co-designers credited with their consent, its
materials and sessions to book) and a session."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from coproduce.core.access import access

from . import selectors
from .rules import COURSES, delivers_session, person_of


@access(COURSES)
def courses(request):
    return render(
        request,
        "training/public/courses.html",
        {"courses": selectors.course_list(), "sessions": selectors.upcoming_sessions(limit=12)},
    )


@access(COURSES)
def course(request, slug):
    course = selectors.course_by_slug(slug)
    return render(
        request,
        "training/public/course.html",
        {
            "course": course,
            "credits": selectors.credits(course),
            "materials": selectors.materials_of(course),
            "sessions": selectors.upcoming_sessions(course),
        },
    )


@access(COURSES)
def session(request, pk):
    session = selectors.session_by_pk(pk)
    if not session.course.active:
        raise Http404("No such session")
    booking = selectors.booking_of(session, person_of(request.user))
    return render(
        request,
        "training/public/session.html",
        {
            "session": session,
            "meeting": session.meeting,
            "trainers": selectors.trainers_of(session),
            "places_left": selectors.places_left(session),
            "booking": booking,
            "delivers": delivers_session(request.user, session),
        },
    )


@access(COURSES)
def material(request, pk):
    material = selectors.material_for(request.user, pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    return FileResponse(
        handle, as_attachment=True, filename=material.original_name, content_type=material.content_type
    )
