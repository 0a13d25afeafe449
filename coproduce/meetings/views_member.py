"""The pages members (and anyone invited) use: their meetings, a meeting's page, replying with adjustments,
papers, calendar files and the private feed, the action tracker and decision log of a project or body."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from coproduce.accounts.selectors import site_url
from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import ics, selectors, services
from .choices import RegistrationStatus
from .forms import ActionUpdateForm, DecisionSearchForm, ReplyForm, TrackerFilterForm
from .rules import CALENDAR_FEED, MEETING_PAGE, MEMBER_MEETINGS, may_organise, may_organise_scope, person_of


@access(MEMBER_MEETINGS)
def my_meetings(request):
    person = person_of(request.user)
    groups, has_feed = selectors.groups_and_feed(person)
    attended = selectors.attended_rows(person)
    return render(
        request,
        "meetings/member/my_meetings.html",
        {
            "upcoming": selectors.upcoming_rows(person),
            "attended": attended,
            "attended_html": selectors.attended_table_rows(attended),
            "actions": selectors.open_action_rows(person),
            "has_feed": has_feed,
            "groups": groups,
        },
    )


@access(MEETING_PAGE)
def detail(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    if (session := selectors.training_session_of(meeting)) is not None:
        return redirect("training:session", pk=session.pk)
    registration = selectors.registration_of(meeting, person_of(request.user))
    organiser = may_organise(request.user, meeting)
    agenda, loose_papers = selectors.meeting_page(meeting)
    registered = registration is not None and registration.status == RegistrationStatus.REGISTERED
    return render(
        request,
        "meetings/member/detail.html",
        {
            "meeting": meeting,
            "registration": registration,
            "is_organiser": organiser,
            "show_link": meeting.is_online and (registered or organiser),
            "agenda": agenda,
            "loose_papers": loose_papers,
            "places_left": selectors.places_left(meeting),
            "is_past": meeting.ends_at < timezone.now(),
            "decisions": meeting.decisions.order_by("number"),
            "actions": meeting.actions.select_related("owner"),
        },
    )


@access(MEMBER_MEETINGS)
def reply(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    person = person_of(request.user)
    if meeting.cancelled_at or meeting.ends_at < timezone.now():
        messages.info(request, "This meeting is not taking replies.")
        return redirect("meetings:detail", pk=pk)
    registration = selectors.registration_of(meeting, person)
    form = ReplyForm(posted(request), initial=ReplyForm.initial_for(registration, person))
    if request.method == "POST" and form.is_valid():
        return _save_reply(request, meeting, person, form)
    return render(
        request,
        "meetings/member/reply.html",
        {
            "meeting": meeting,
            "form": form,
            "registration": registration,
            "places_left": selectors.places_left(meeting),
        },
    )


def _save_reply(request, meeting, person, form):
    with refusal(request, level=messages.INFO):
        if form.cleaned_data["attending"] == "yes":
            registration = services.register(
                meeting, person, adjustments=form.adjustments(), actor=request.user, request=request
            )
            if registration.status == RegistrationStatus.WAITING:
                messages.success(
                    request,
                    "The meeting is full, so you are on the waiting list. We will email you if one frees up.",
                )
            else:
                messages.success(request, "You are registered. We have noted the support you need.")
        else:
            services.withdraw(meeting, person, actor=request.user, request=request)
            messages.success(request, "Thank you for letting us know you cannot come.")
    return redirect("meetings:detail", pk=meeting.pk)


def _event(meeting) -> ics.Event:
    where = []
    if meeting.is_in_person and meeting.venue:
        where.append(f"{meeting.venue.name}, {' '.join(meeting.venue.address.split())}")
    if meeting.is_online:
        where.append("Online (the link is on the meeting page)")
    url = site_url(reverse("meetings:detail", args=[meeting.pk]))
    return ics.Event(
        uid=f"meeting-{meeting.pk}@coproduce",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        description=f"{meeting.purpose}\n\n{url}",
        location="; ".join(where),
        url=url,
        cancelled=meeting.cancelled_at is not None,
    )


def _calendar_response(events, name, filename):
    body = ics.calendar(events, name=name, now=timezone.now())
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@access(MEETING_PAGE)
def calendar_file(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    return _calendar_response([_event(meeting)], meeting.title, f"meeting-{meeting.pk}.ics")


@access(CALENDAR_FEED)
def calendar_feed(request, token):
    person = selectors.feed_owner(token)
    if person is None:
        raise Http404("No such calendar")
    events = [_event(meeting) for meeting in selectors.feed_meetings(person)]
    return _calendar_response(events, "My meetings", "meetings.ics")


@access(MEMBER_MEETINGS)
def feed_settings(request):
    person = person_of(request.user)
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_feed(person, actor=request.user, request=request)
            messages.success(request, "Your calendar feed address no longer works.")
            return redirect("meetings:feed_settings")
        token = services.regenerate_calendar_feed(person, actor=request.user, request=request)
    feed_url = site_url(reverse("meetings:calendar_feed", args=[token])) if token else None
    return render(
        request,
        "meetings/member/feed_settings.html",
        {"has_feed": selectors.has_calendar_feed(person), "feed_url": feed_url},
    )


@access(MEETING_PAGE)
def paper_download(request, pk):
    paper = selectors.paper_for(request.user, pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=paper.original_name, content_type=paper.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@access(MEETING_PAGE)
def update_action(request, pk):
    action = selectors.action_for(request.user, pk)
    form = ActionUpdateForm(posted(request), initial={"status": action.status, "notes": action.notes})
    if request.method == "POST" and form.is_valid():
        changed = services.update_action(action, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Action updated." if changed else "No change to the action.")
        if request.POST.get("next_page") == "tracker":
            return redirect(_tracker_url(action))
        return redirect("meetings:my_meetings")
    return render(
        request,
        "meetings/member/update_action.html",
        {"action": action, "form": form, "may_organise": may_organise(request.user, action.meeting)},
    )


def _tracker_url(action):
    if action.project_id:
        return reverse("meetings:project_actions", args=[action.project_id])
    return reverse("meetings:body_actions", args=[action.body.slug])


def _scope_context(request, kind, key):
    scope = selectors.scope_for(request.user, kind, key)
    return scope, {"scope": scope, "kind": kind, "key": key}


@access(MEETING_PAGE)
def scope_meetings(request, kind, key):
    scope, context = _scope_context(request, kind, key)
    page = Paginator(selectors.scope_meetings(scope), 50).get_page(request.GET.get("page"))
    return render(
        request, "meetings/member/scope_meetings.html", {**context, "page": page, "now": timezone.now()}
    )


@access(MEETING_PAGE)
def scope_actions(request, kind, key):
    scope, context = _scope_context(request, kind, key)
    owners = list(selectors.action_owners(scope))
    form = TrackerFilterForm(request.GET or None, owners=owners)
    filters = form.filters()
    page = Paginator(selectors.tracker(scope, **filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/member/tracker.html",
        {
            **context,
            "form": form,
            "page": page,
            "show": filters["show"],
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "person": person_of(request.user),
            "may_organise": may_organise_scope(request.user, project=scope.project, body=scope.body),
        },
    )


@access(MEETING_PAGE)
def scope_decisions(request, kind, key):
    scope, context = _scope_context(request, kind, key)
    form = DecisionSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(selectors.decisions(scope, query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/member/decisions.html",
        {
            **context,
            "form": form,
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )
