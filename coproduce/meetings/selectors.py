"""Reads for the meetings pages and API: each page's queries come from here, with related rows joined or
prefetched so a page's query count does not grow with its rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from coproduce.accounts.models import Role, User
from coproduce.people import choices as people_choices
from coproduce.people.models import Person, normalise_text
from coproduce.projects.choices import STAFF_ROLES
from coproduce.projects.models import Project

from . import choices
from .models import Action, AgendaItem, Attendance, Body, Decision, Meeting, Paper, Registration
from .rules import (
    co_chairs_body,
    is_meetings_officer,
    may_organise,
    may_view_meeting,
    may_view_scope,
    person_of,
)

MEETING_RELATED = ("project", "body", "venue", "organiser")


def organisable_scopes(user) -> dict[str, object]:
    """The projects and bodies `user` may create meetings for, keyed "project:<id>" / "body:<id>"."""
    if is_meetings_officer(user):
        projects = Project.objects.active().order_by("title")
        bodies = Body.objects.all()
    else:
        person = person_of(user)
        projects = (
            Project.objects.active()
            .filter(team__person=person, team__role__in=STAFF_ROLES, team__left_at__isnull=True)
            .order_by("title")
            if person
            else Project.objects.none()
        )
        boards = Body.objects.filter(kind=choices.BodyKind.BOARD)
        bodies = [body for body in boards if co_chairs_body(user, body)]
    scopes = {f"body:{b.pk}": b for b in bodies}
    scopes.update({f"project:{p.pk}": p for p in projects.distinct()})
    return scopes


def not_ended(meetings, now):
    """`meetings` that have not ended by `now`. A meeting takes place on one day (its form takes a date, a
    start and an end time), so one still to end started at most a day ago: the bound on starts_at lets the
    list walk the starts_at index from there instead of reading every past meeting first."""
    return meetings.filter(ends_at__gte=now, starts_at__gte=now - datetime.timedelta(days=1))


def may_create_meetings(user) -> bool:
    """Whether `user` may create a meeting for some project or body: officers always (without reading every
    active project, as organisable_scopes would), anyone else when they have a scope."""
    return bool(is_meetings_officer(user) or organisable_scopes(user))


# Roles that open the organisers' pages (rules.ORGANISERS) and payments' confirmation pages: an organiser must
# hold one, or they could not run the meeting or confirm its claims.
OFFICER_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)


def organiser_candidates(*, projects=(), bodies=()):
    """The active users who may organise a meeting of any of `projects` or `bodies`: officers and
    administrators; a project's current staff lead or facilitator with a sign-in and the staff project lead
    role; the board's current co-chairs with the board member role."""
    who = Q(role_grants__role__in=OFFICER_ROLES)
    if projects:
        who |= Q(
            role_grants__role=Role.PROJECT_LEAD,
            person__project_memberships__project__in=projects,
            person__project_memberships__role__in=STAFF_ROLES,
            person__project_memberships__left_at__isnull=True,
            person__erased_at__isnull=True,
        )
    boards = [body for body in bodies if body.kind == choices.BodyKind.BOARD]
    if boards:
        who |= Q(
            role_grants__role=Role.BOARD_MEMBER,
            person__body_memberships__body__in=boards,
            person__body_memberships__role=choices.BodyRole.CO_CHAIR,
            person__body_memberships__left_at__isnull=True,
            person__erased_at__isnull=True,
        )
    ids = User.objects.filter(who).values("pk")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "id")


def with_registered_counts(meetings) -> list[Meeting]:
    """`meetings` (one page of them) as a list, each with `registered`: counted for that page only, so a
    list's cost does not grow with every meeting's registrations."""
    meetings = list(meetings)
    counts = dict(
        Registration.objects.filter(
            meeting__in=[m.pk for m in meetings], status=choices.RegistrationStatus.REGISTERED
        )
        .values_list("meeting")
        .annotate(n=Count("id"))
        .values_list("meeting", "n")
    )
    for meeting in meetings:
        meeting.registered = counts.get(meeting.pk, 0)
    return meetings


def meetings_organisable_by(user):
    """Every meeting for officers; otherwise those the user organises or whose project or body they may
    organise for."""
    if is_meetings_officer(user):
        return Meeting.objects.all()
    scopes = organisable_scopes(user)
    project_ids = [obj.pk for key, obj in scopes.items() if key.startswith("project:")]
    body_ids = [obj.pk for key, obj in scopes.items() if key.startswith("body:")]
    return Meeting.objects.filter(Q(organiser=user) | Q(project_id__in=project_ids) | Q(body_id__in=body_ids))


# Attendance is what people are paid from, so meetings left unrecorded are chased for this long.
ATTENDANCE_CHASE_DAYS = 90


def attendance_to_record(user):
    """Meetings this user organises that have ended in the last few months with no attendance recorded."""
    now = timezone.now()
    since = now - datetime.timedelta(days=ATTENDANCE_CHASE_DAYS)
    return (
        meetings_organisable_by(user)
        .filter(starts_at__gte=since, ends_at__lt=now, cancelled_at__isnull=True)
        .exclude(Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
    )


def meeting_for(user, pk, *, organise=False) -> Meeting:
    """The meeting if `user` may see it (or organise it); otherwise 404, so an id reveals nothing."""
    meeting = Meeting.objects.select_related(*MEETING_RELATED).filter(pk=pk).first()
    check = may_organise if organise else may_view_meeting
    if meeting is None or not check(user, meeting):
        raise Http404("No such meeting")
    return meeting


def meeting_page(meeting: Meeting):
    """The agenda with its papers and their alternative formats, for the meeting page."""
    alternatives = Prefetch("alternatives", queryset=Paper.objects.order_by("format", "id"))
    originals = Paper.objects.filter(alternative_of__isnull=True).prefetch_related(alternatives)
    items = meeting.agenda_items.prefetch_related(Prefetch("papers", queryset=originals))
    loose = originals.filter(meeting=meeting, agenda_item__isnull=True)
    return list(items), list(loose)


def registration_of(meeting: Meeting, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return Registration.objects.filter(meeting=meeting, person=person).first()


def upcoming_for(person: Person):
    """Meetings `person` is invited to, registered for or waiting for, soonest first."""
    return (
        Registration.objects.filter(person=person, meeting__ends_at__gte=timezone.now())
        .exclude(status=choices.RegistrationStatus.DECLINED)
        .select_related("meeting", "meeting__project", "meeting__body", "meeting__venue")
        .order_by("meeting__starts_at", "meeting_id")
    )


def past_attendance_for(person: Person):
    return person.meeting_attendance.select_related("meeting", "meeting__project", "meeting__body").order_by(
        "-meeting__starts_at"
    )


def open_actions_for(person: Person):
    return (
        Action.objects.filter(owner=person, status__in=choices.OPEN_ACTION_STATUSES)
        .select_related("meeting", "project", "body")
        .order_by("due_date", "id")
    )


def feed_meetings(person: Person):
    return (
        Meeting.objects.filter(
            registrations__person=person, registrations__status=choices.RegistrationStatus.REGISTERED
        )
        .filter(ends_at__gte=timezone.now() - timezone.timedelta(days=90))
        .select_related("venue", "project", "body")
    )


# --- The support summary ---------------------------------------------------------------------------------

# What the organiser must arrange, and how to tell who needs it from a registration.
SUPPORT_LINES = [
    (
        "bsl",
        "British Sign Language interpreter",
        lambda r: "bsl_interpreter" in r.access_needs or "bsl" in r.formats,
    ),
    ("hearing_loop", "Hearing loop", lambda r: "hearing_loop" in r.access_needs),
    ("step_free", "Step-free access", lambda r: "step_free" in r.access_needs),
    ("easy_read", "Easy read papers", lambda r: "easy_read" in r.formats),
    ("large_print", "Large print papers", lambda r: "large_print" in r.formats),
    ("audio", "Audio papers", lambda r: "audio" in r.formats),
    (
        "companion",
        "Coming with a companion",
        lambda r: "companion" in r.access_needs or bool(r.companion_name),
    ),
    ("taxi", "Help with transport (a taxi)", lambda r: "transport" in r.access_needs),
    ("quiet_room", "A quiet room", lambda r: "quiet_room" in r.access_needs),
    ("breaks", "Regular breaks", lambda r: "breaks" in r.access_needs),
    ("accessible_toilet", "Accessible toilet", lambda r: "accessible_toilet" in r.access_needs),
    ("parking", "Accessible parking", lambda r: "parking" in r.access_needs),
    ("papers_in_advance", "Papers well before the meeting", lambda r: "papers_in_advance" in r.access_needs),
    ("other_language", "Another language", lambda r: "other_language" in r.formats or bool(r.other_language)),
]
# Needs the venue itself must meet: a warning when someone needs it and the venue does not have it.
VENUE_FEATURE_FOR = {
    "hearing_loop": "hearing_loop",
    "step_free": "step_free",
    "quiet_room": "quiet_room",
    "accessible_toilet": "accessible_toilet",
    "parking": "parking",
}


@dataclass
class SupportLine:
    key: str
    label: str
    people: list = field(default_factory=list)
    venue_lacks_it: bool = False


def support_summary(meeting: Meeting) -> dict:
    """For each kind of support: who of the registered people needs it, plus the other details they gave."""
    registrations = list(
        meeting.registrations.filter(status=choices.RegistrationStatus.REGISTERED).select_related("person")
    )
    lines = []
    for key, label, needs in SUPPORT_LINES:
        line = SupportLine(key, label, [r for r in registrations if needs(r)])
        feature = VENUE_FEATURE_FOR.get(key)
        line.venue_lacks_it = bool(
            line.people
            and feature
            and meeting.venue
            and meeting.is_in_person
            and not getattr(meeting.venue, feature)
        )
        lines.append(line)
    return {
        "registered": len(registrations),
        "waiting": meeting.registrations.filter(status=choices.RegistrationStatus.WAITING).count(),
        "lines": lines,
        "details": [r for r in registrations if r.adjustments_detail or r.dietary_needs or r.other_language],
        "format_labels": dict(people_choices.Format.choices),
        "need_labels": dict(people_choices.AccessNeed.choices),
    }


# --- Attendance ------------------------------------------------------------------------------------------


def attendance_people(meeting: Meeting):
    """Who the attendance form lists: everyone invited or registered (not those who declined or were only
    waiting), and anyone who already has a row."""
    listed = Q(
        meeting_registrations__meeting=meeting,
        meeting_registrations__status__in=[
            choices.RegistrationStatus.REGISTERED,
            choices.RegistrationStatus.INVITED,
            choices.RegistrationStatus.CANCELLED,
        ],
    ) | Q(meeting_attendance__meeting=meeting)
    return Person.objects.filter(listed).distinct().order_by("name_search", "id")


# --- Decisions and actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    project: Project | None
    body: Body | None

    @property
    def owner(self):
        return self.project or self.body

    def filter(self) -> dict:
        return {"project": self.project} if self.project is not None else {"body": self.body}


def scope_for(user, kind: str, key) -> Scope:
    if kind == "project":
        owner = Project.objects.filter(pk=key).first()
        scope = Scope(owner, None)
    else:
        owner = Body.objects.filter(slug=key).first()
        scope = Scope(None, owner)
    if owner is None or not may_view_scope(user, (scope.project, scope.body)):
        raise Http404("Not found")
    return scope


def scope_meetings(scope: Scope):
    return Meeting.objects.filter(**scope.filter()).select_related("venue").order_by("-starts_at")


def tracker(scope: Scope, *, show: str, owner: int | None):
    today = timezone.localdate()
    actions = Action.objects.filter(**scope.filter()).select_related("owner", "meeting", "decision")
    if show == "open":
        actions = actions.filter(status__in=choices.OPEN_ACTION_STATUSES)
    elif show == "overdue":
        actions = actions.filter(status__in=choices.OPEN_ACTION_STATUSES, due_date__lt=today)
    elif show == "done":
        actions = actions.filter(status=choices.ActionStatus.DONE)
    if owner:
        actions = actions.filter(owner_id=owner)
    return actions.order_by("due_date", "id")


def action_owners(scope: Scope):
    return Person.objects.filter(pk__in=Action.objects.filter(**scope.filter()).values("owner")).order_by(
        "name_search"
    )


def decisions(scope: Scope, query: str = ""):
    """The scope's decisions, newest first; `query` words must all appear (normalised, any case)."""
    found = Decision.objects.filter(**scope.filter()).select_related("meeting")
    for word in normalise_text(query).split()[:8]:
        found = found.filter(text_search__contains=word)
    return found.order_by("-year", "-number")


def action_for(user, pk) -> Action:
    action = (
        Action.objects.select_related("meeting", "meeting__project", "meeting__body", "owner")
        .filter(pk=pk)
        .first()
    )
    if action is None or not user.has_perm("meetings.update_action", action):
        raise Http404("No such action")
    return action


def paper_for(user, pk) -> Paper:
    paper = Paper.objects.select_related("meeting", "meeting__project", "meeting__body").filter(pk=pk).first()
    if paper is None or not may_view_meeting(user, paper.meeting):
        raise Http404("No such paper")
    return paper


def owners_for(meeting: Meeting):
    """Who can own an action from this meeting: the team or body, and anyone registered for it."""
    from .services import scope_members

    registered = Person.objects.filter(meeting_registrations__meeting=meeting)
    return (scope_members(meeting) | registered).current().distinct().order_by("name_search", "id")


def visible_meetings(user):
    """Every meeting `user` may see (what may_view_meeting allows, as one query), for the API."""
    if is_meetings_officer(user):
        return Meeting.objects.all()
    organised = meetings_organisable_by(user).values("pk")
    person = person_of(user)
    if person is None:
        return Meeting.objects.filter(pk__in=organised)
    mine = Q(pk__in=organised) | Q(pk__in=Registration.objects.filter(person=person).values("meeting"))
    mine |= Q(project__team__person=person, project__team__left_at__isnull=True)
    mine |= Q(body__memberships__person=person, body__memberships__left_at__isnull=True)
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(mine).values("pk"))


def groups_of(person: Person) -> list[tuple[str, str]]:
    """(name, url) of the bodies and project teams `person` currently belongs to: where their trackers are."""
    from django.urls import reverse

    bodies = Body.objects.filter(memberships__person=person, memberships__left_at__isnull=True).distinct()
    projects = (
        Project.objects.filter(team__person=person, team__left_at__isnull=True).distinct().order_by("title")
    )
    return [(body.name, reverse("meetings:body_meetings", args=[body.slug])) for body in bodies] + [
        (project.title, reverse("meetings:project_meetings", args=[project.pk])) for project in projects
    ]


def _organised(user, row, what: str):
    if row is None or not may_organise(user, row.meeting):
        raise Http404(f"No such {what}")
    return row


def agenda_item_to_organise(user, pk) -> AgendaItem:
    item = AgendaItem.objects.select_related(*(f"meeting__{name}" for name in MEETING_RELATED)).filter(pk=pk)
    return _organised(user, item.first(), "agenda item")


def paper_to_organise(user, pk) -> Paper:
    paper = Paper.objects.select_related("alternative_of", *(f"meeting__{name}" for name in MEETING_RELATED))
    return _organised(user, paper.filter(pk=pk).first(), "paper")


def action_to_organise(user, pk) -> Action:
    action = Action.objects.select_related("owner", *(f"meeting__{name}" for name in MEETING_RELATED))
    return _organised(user, action.filter(pk=pk).first(), "action")


def people_to_reply_for(meeting: Meeting):
    """Who an officer may reply for: the team or body, and anyone already invited or registered."""
    from .services import scope_members

    invited = Person.objects.filter(meeting_registrations__meeting=meeting)
    return (scope_members(meeting) | invited).current().distinct().order_by("name_search", "id")
