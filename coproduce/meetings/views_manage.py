"""The organisers' pages (/manage/meetings/): their meetings, creating and changing one, invitations, agenda
and papers, the support summary, attendance, minutes, decisions and actions, and venues."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted, uploaded
from coproduce.people import selectors as people_selectors
from coproduce.people.models import normalise_text

from . import selectors, services
from .choices import RegistrationStatus
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    BodyMemberForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    OnBehalfReplyForm,
    PaperEditForm,
    PaperForm,
    PersonSearchForm,
    VenueForm,
)
from .models import Body, Meeting, Venue
from .rules import OFFICERS, ORGANISERS, may_view_scope


@access(ORGANISERS)
def meeting_list(request):
    when = request.GET.get("when")
    when = when if when in ("past", "unrecorded") else ""
    now = timezone.now()
    if when == "unrecorded":
        meetings = selectors.attendance_to_record(request.user).order_by("-starts_at", "-id")
    elif when == "past":
        meetings = (
            selectors.meetings_organisable_by(request.user).filter(ends_at__lt=now).order_by("-starts_at")
        )
    else:
        meetings = selectors.not_ended(selectors.meetings_organisable_by(request.user), now).order_by(
            "starts_at", "id"
        )
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.organiser_rows(page.object_list)
    return render(
        request,
        "meetings/manage/list.html",
        {
            "page": page,
            "when": when,
            "chase_days": selectors.ATTENDANCE_CHASE_DAYS,
            "may_create": selectors.may_create_meetings(request.user),
            "may_manage_venues": OFFICERS.allows(request.user),
            "bodies": [body for body in selectors.bodies() if may_view_scope(request.user, (None, body))],
        },
    )


def _save_meeting_form(request, form, meeting, *, created):
    meeting = form.apply(meeting)
    changed = list(services.MEETING_FIELDS) if created else form.changed_meeting_fields()
    services.save_meeting(meeting, actor=request.user, request=request, changed_fields=changed)
    messages.success(request, "Meeting saved." if not created else "Meeting created. Now invite people.")
    return redirect("meetings_manage:overview", pk=meeting.pk)


@access(ORGANISERS)
def meeting_create(request):
    scopes = selectors.organisable_scopes(request.user)
    if not scopes:
        raise Http404("You do not organise meetings for any project or group")
    # A project page links here with its project chosen (?scope=project:<id>).
    chosen = request.GET.get("scope")
    initial = {"scope": chosen} if chosen in scopes else {}
    form = MeetingForm(posted(request), scopes=scopes, creator=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _save_meeting_form(request, form, Meeting(), created=True)
    return render(request, "meetings/manage/meeting_form.html", {"form": form, "meeting": None})


@access(ORGANISERS)
def meeting_edit(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    scopes = selectors.organisable_scopes(request.user)
    scopes.setdefault(
        f"project:{meeting.project_id}" if meeting.project_id else f"body:{meeting.body_id}", meeting.owner
    )
    form = MeetingForm(posted(request), scopes=scopes, creator=request.user, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        return _save_meeting_form(request, form, meeting, created=False)
    return render(request, "meetings/manage/meeting_form.html", {"form": form, "meeting": meeting})


@access(ORGANISERS)
def overview(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    if (session := selectors.training_session_of(meeting)) is not None:
        return redirect("training_manage:session", pk=session.pk)
    registrations = meeting.registrations.select_related("person", "on_behalf_by").order_by(
        "status", "person__name_search"
    )
    return render(
        request,
        "meetings/manage/overview.html",
        {
            "meeting": meeting,
            "registrations": registrations,
            "places_left": selectors.places_left(meeting),
            "clashes": list(selectors.venue_clashes(meeting)[:5]),
            "agenda": list(meeting.agenda_items.all()),
            "papers": list(meeting.papers.select_related("alternative_of")),
            "actions": list(meeting.actions.select_related("owner")),
            "may_reply_for_others": OFFICERS.allows(request.user),
            "invitable": selectors.scope_members(meeting)
            .exclude(meeting_registrations__meeting=meeting)
            .count(),
        },
    )


@require_POST
@access(ORGANISERS)
def invite(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    if meeting.cancelled_at is not None:
        messages.info(request, "This meeting is cancelled, so nobody was invited.")
        return redirect("meetings_manage:overview", pk=pk)
    count = services.invite_members(meeting, actor=request.user, request=request)
    messages.success(request, f"{count} {'person' if count == 1 else 'people'} invited.")
    return redirect("meetings_manage:overview", pk=pk)


@access(ORGANISERS)
def cancel(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    if request.method == "POST" and meeting.cancelled_at is None:
        with refusal(request, level=messages.INFO) as refused:
            services.cancel_meeting(meeting, actor=request.user, request=request)
        if not refused:
            messages.success(request, "Meeting cancelled. Everyone registered has been told.")
        return redirect("meetings_manage:overview", pk=pk)
    return render(request, "meetings/manage/cancel.html", {"meeting": meeting})


@access(ORGANISERS)
def agenda_add(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    form = AgendaItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.add_agenda_item(meeting, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Agenda item added.")
        return redirect("meetings_manage:overview", pk=pk)
    return render(
        request,
        "meetings/manage/simple_form.html",
        _form_page(meeting, form, "Add an agenda item", "Add item"),
    )


@access(ORGANISERS)
def agenda(request, pk):
    """The agenda in order, each item with buttons to move it up or down, change it or remove it."""
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    return render(
        request,
        "meetings/manage/agenda.html",
        {"meeting": meeting, "items": list(meeting.agenda_items.all())},
    )


AGENDA_FIELDS = tuple(AgendaItemForm.base_fields)


@access(ORGANISERS)
def agenda_edit(request, pk):
    item = selectors.agenda_item_to_organise(request.user, pk)
    initial = {name: getattr(item, name) for name in AGENDA_FIELDS}
    form = AgendaItemForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = services.update_agenda_item(item, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Agenda item saved." if changed else "No change to the agenda item.")
        return redirect("meetings_manage:agenda", pk=item.meeting_id)
    context = _form_page(item.meeting, form, "Change an agenda item", "Save item")
    context["back_url"] = reverse("meetings_manage:agenda", args=[item.meeting_id])
    return render(request, "meetings/manage/simple_form.html", context)


@access(ORGANISERS)
def agenda_delete(request, pk):
    item = selectors.agenda_item_to_organise(request.user, pk)
    if request.method == "POST":
        services.delete_agenda_item(item, actor=request.user, request=request)
        messages.success(request, f"“{item.title}” removed from the agenda.")
        return redirect("meetings_manage:agenda", pk=item.meeting_id)
    return render(
        request,
        "meetings/manage/confirm_delete.html",
        {
            "meeting": item.meeting,
            "title": "Remove this agenda item?",
            "thing": item.title,
            "note": "Papers filed under it stay with the meeting.",
            "button": "Remove item",
            "back_url": reverse("meetings_manage:agenda", args=[item.meeting_id]),
        },
    )


@require_POST
@access(ORGANISERS)
def agenda_move(request, pk):
    item = selectors.agenda_item_to_organise(request.user, pk)
    up = request.POST.get("direction") == "up"
    if not services.move_agenda_item(item, up=up, actor=request.user, request=request):
        messages.info(request, f"“{item.title}” is already {'first' if up else 'last'}.")
    return redirect(reverse("meetings_manage:agenda", args=[item.meeting_id]) + f"#item-{item.pk}")


@access(ORGANISERS)
def paper_add(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    # "Add another format" links here with the original chosen (?alternative_of=<id>).
    chosen = request.GET.get("alternative_of", "")
    initial = {"alternative_of": chosen} if chosen.isdigit() else {}
    form = PaperForm(posted(request), uploaded(request), meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.add_paper(
            meeting,
            uploaded=form.cleaned_data["file"],
            content_type=form.content_type,
            actor=request.user,
            request=request,
            **form.paper_fields(),
        )
        messages.success(request, "Paper added.")
        return redirect("meetings_manage:overview", pk=pk)
    context = _form_page(meeting, form, "Add a paper", "Upload paper")
    return render(request, "meetings/manage/simple_form.html", context)


@access(ORGANISERS)
def paper_edit(request, pk):
    paper = selectors.paper_to_organise(request.user, pk)
    form = PaperEditForm(posted(request), uploaded(request), paper=paper)
    if request.method == "POST" and form.is_valid():
        changed = services.update_paper(
            paper,
            actor=request.user,
            request=request,
            uploaded=form.cleaned_data["file"],
            content_type=form.content_type,
            **form.changes(),
        )
        messages.success(request, "Paper saved." if changed else "No change to the paper.")
        return redirect("meetings_manage:overview", pk=paper.meeting_id)
    context = _form_page(paper.meeting, form, f"Change the paper “{paper.title}”", "Save paper")
    return render(request, "meetings/manage/simple_form.html", context)


@access(ORGANISERS)
def paper_delete(request, pk):
    paper = selectors.paper_to_organise(request.user, pk)
    if request.method == "POST":
        services.delete_paper(paper, actor=request.user, request=request)
        messages.success(request, f"“{paper.title}” deleted.")
        return redirect("meetings_manage:overview", pk=paper.meeting_id)
    alternatives = paper.alternatives.count()
    return render(
        request,
        "meetings/manage/confirm_delete.html",
        {
            "meeting": paper.meeting,
            "title": "Delete this paper?",
            "thing": paper.title,
            "note": "The file is deleted for good"
            + (
                f", with its {alternatives} other format{'s' if alternatives != 1 else ''}."
                if alternatives
                else "."
            ),
            "button": "Delete paper",
            "back_url": reverse("meetings_manage:overview", args=[paper.meeting_id]),
        },
    )


@access(ORGANISERS)
def support(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    return render(
        request, "meetings/manage/support.html", {"meeting": meeting, **selectors.support_summary(meeting)}
    )


@access(ORGANISERS)
def attendance(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    if meeting.cancelled_at is not None:
        messages.info(request, "This meeting was cancelled, so there is no attendance to record.")
        return redirect("meetings_manage:overview", pk=pk)
    if meeting.starts_at > timezone.now():
        messages.info(request, "You can record attendance once the meeting has started.")
        return redirect("meetings_manage:overview", pk=pk)
    existing = {row.person_id: row for row in meeting.attendance.all()}
    form = AttendanceForm(
        posted(request), meeting=meeting, people=selectors.attendance_people(meeting), existing=existing
    )
    if request.method == "POST" and form.is_valid():
        problems = []
        with transaction.atomic():
            for person, status, hours in form.marked():
                row = services.record_attendance(
                    meeting, person, status=status, hours=hours, actor=request.user, request=request
                )
                problems.extend(row.problems)
        messages.success(request, "Attendance saved.")
        for problem in problems:
            messages.warning(request, problem)
        return redirect("meetings_manage:overview", pk=pk)
    return render(
        request,
        "meetings/manage/attendance.html",
        {"meeting": meeting, "form": form, "late": selectors.is_late(meeting) and bool(existing)},
    )


@access(ORGANISERS)
def minutes(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    form = MinutesForm(posted(request), initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        services.update_minutes(meeting, form.cleaned_data["minutes"], actor=request.user, request=request)
        messages.success(request, "Minutes saved.")
        return redirect("meetings_manage:overview", pk=pk)
    return render(
        request, "meetings/manage/simple_form.html", _form_page(meeting, form, "Minutes", "Save minutes")
    )


@access(ORGANISERS)
def decision_add(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decision = services.add_decision(
            meeting, form.cleaned_data["text"], actor=request.user, request=request
        )
        messages.success(request, f"Decision {decision.reference} recorded.")
        return redirect("meetings_manage:overview", pk=pk)
    return render(
        request,
        "meetings/manage/simple_form.html",
        _form_page(meeting, form, "Record a decision", "Record decision"),
    )


@access(ORGANISERS)
def action_add(request, pk):
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    form = ActionForm(posted(request), meeting=meeting, owners=selectors.owners_for(meeting))
    if request.method == "POST" and form.is_valid():
        services.add_action(meeting, actor=request.user, request=request, **form.action_fields())
        messages.success(request, "Action added. Its owner has been told.")
        return redirect("meetings_manage:overview", pk=pk)
    return render(
        request, "meetings/manage/simple_form.html", _form_page(meeting, form, "Add an action", "Add action")
    )


@access(ORGANISERS)
def action_edit(request, pk):
    """The organiser changes what an action says, who owns it and when it is due."""
    action = selectors.action_to_organise(request.user, pk)
    meeting = action.meeting
    form = ActionForm(posted(request), meeting=meeting, owners=selectors.owners_for(meeting), action=action)
    if request.method == "POST" and form.is_valid():
        changed = services.update_action(action, actor=request.user, request=request, **form.action_fields())
        messages.success(request, "Action saved." if changed else "No change to the action.")
        return redirect("meetings_manage:overview", pk=meeting.pk)
    return render(
        request,
        "meetings/manage/simple_form.html",
        _form_page(meeting, form, "Change an action", "Save action"),
    )


@access(OFFICERS)
def on_behalf(request, pk):
    """An officer replies for someone who phoned, wrote or told them in person: first choose who, then type in
    their reply, with the support they need filled in from their profile."""
    meeting = selectors.meeting_for(request.user, pk, organise=True)
    people = selectors.people_to_reply_for(meeting)
    chosen = request.GET.get("person") or request.POST.get("person") or ""
    person = people.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 10 else None
    if person is None:
        statuses = dict(meeting.registrations.values_list("person_id", "status"))
        labels = dict(RegistrationStatus.choices)
        rows = [(p, labels.get(statuses.get(p.pk), "Not invited")) for p in people]
        return render(request, "meetings/manage/on_behalf_choose.html", {"meeting": meeting, "rows": rows})
    registration = selectors.registration_of(meeting, person)
    form = OnBehalfReplyForm(posted(request), initial=OnBehalfReplyForm.initial_for(registration, person))
    if request.method == "POST" and form.is_valid():
        return _save_on_behalf(request, meeting, person, form)
    return render(
        request,
        "meetings/manage/on_behalf.html",
        {
            "meeting": meeting,
            "person": person,
            "form": form,
            "registration": registration,
            "places_left": selectors.places_left(meeting),
        },
    )


def _save_on_behalf(request, meeting, person, form):
    with refusal(request, level=messages.INFO):
        if form.cleaned_data["attending"] == "yes":
            registration = services.register(
                meeting,
                person,
                adjustments=form.adjustments(),
                actor=request.user,
                on_behalf=True,
                request=request,
            )
            waiting = registration.status == RegistrationStatus.WAITING
            messages.success(
                request,
                f"{person.full_name} is {'on the waiting list' if waiting else 'registered'}.",
            )
        else:
            services.withdraw(meeting, person, actor=request.user, on_behalf=True, request=request)
            messages.success(request, f"{person.full_name}'s reply is recorded: they cannot come.")
    return redirect("meetings_manage:overview", pk=meeting.pk)


def _form_page(meeting, form, title, button):
    """The context of core/form_page.html for a form about one meeting (back to the meeting's overview)."""
    return {
        "meeting": meeting,
        "form": form,
        "title": title,
        "button": button,
        "caption": meeting.title,
        "back_url": reverse("meetings_manage:overview", args=[meeting.pk]),
    }


@access(OFFICERS)
def venue_list(request):
    return render(request, "meetings/manage/venues.html", {"venues": selectors.venues()})


@access(OFFICERS)
def venue_edit(request, pk=None):
    venue = selectors.venue_by_id(pk) if pk else Venue()
    if venue is None:
        raise Http404("No such venue")
    form = VenueForm(posted(request), instance=venue)
    if request.method == "POST" and form.is_valid():
        services.save_venue(
            form.instance, actor=request.user, request=request, changed_fields=form.changed_data
        )
        messages.success(request, "Venue saved.")
        return redirect("meetings_manage:venues")
    return render(request, "meetings/manage/venue_form.html", {"form": form, "venue": venue if pk else None})


def _body(slug) -> Body:
    body = selectors.body_by_slug(slug)
    if body is None:
        raise Http404("No such group")
    return body


@access(OFFICERS)
def body_members(request, slug):
    body = _body(slug)
    search = PersonSearchForm(request.GET or None)
    query = normalise_text(search.cleaned_data["q"]) if search.is_valid() else ""
    found = people_selectors.people_named(query)
    members = body.memberships.current().select_related("person").order_by("role", "person__name_search")
    return render(
        request,
        "meetings/manage/body_members.html",
        {"body": body, "members": members, "search": search, "found": found, "query": query},
    )


@require_POST
@access(OFFICERS)
def body_member_add(request, slug):
    body = _body(slug)
    form = BodyMemberForm(request.POST)
    person = people_selectors.current_person(form.cleaned_data["person"]) if form.is_valid() else None
    if person is None:
        messages.info(request, "Nobody was added: choose someone from the search results.")
    elif services.add_body_member(
        body, person, role=form.cleaned_data["role"], actor=request.user, request=request
    ):
        messages.success(request, f"{person.full_name} is now on the {body.name}.")
    else:
        messages.info(request, f"{person.full_name} is already on the {body.name} in that role.")
    return redirect("meetings_manage:body_members", slug=slug)


@require_POST
@access(OFFICERS)
def body_member_remove(request, slug, pk):
    body = _body(slug)
    membership = body.memberships.current().select_related("person").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member")
    services.remove_body_member(membership, actor=request.user, request=request)
    messages.success(request, f"{membership.person.full_name} has left the {body.name}.")
    return redirect("meetings_manage:body_members", slug=slug)
