"""Reads for the meetings pages and API: each page's queries come from here, with related rows joined or
prefetched so a page's query count does not grow with its rows."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe

from coproduce.accounts.models import Role, User
from coproduce.core.errors import ServiceError
from coproduce.core.links import link
from coproduce.core.prepared import Bound, Prepared, PreparedRows, Slot, adapt_datetime
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.people import choices as people_choices
from coproduce.people.models import Person, normalise_text
from coproduce.projects import selectors as projects_selectors
from coproduce.projects.models import Project, TeamMember
from coproduce.projects.rules import ARRANGES_MEETINGS, projects_arranged_by, remember_on_any_team

from . import choices
from .choices import AttendanceStatus
from .models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    CalendarFeed,
    Decision,
    Meeting,
    Paper,
    Registration,
    Venue,
)
from .rules import (
    boards_co_chaired_by,
    is_meetings_officer,
    may_organise,
    may_view_meeting,
    may_view_scope,
)

MEETING_RELATED = ("project", "body", "venue", "organiser")
# What the organisers' list shows of each meeting (a meeting row with its project, body, venue and organiser
# is wide: every column of 50 rows read and converted was a third of the page).
MEETING_LIST_COLUMNS = (
    "id", "title", "starts_at", "ends_at", "cancelled_at", "mode", "capacity", "project_id",
    "project__title", "body__name", "venue__name",
)  # fmt: skip


def organisable_scopes(user) -> dict[str, object]:
    """The projects and bodies `user` may create meetings for, keyed "project:<id>" / "body:<id>"."""
    if is_meetings_officer(user):
        projects = Project.objects.active().order_by("title")
        bodies = Body.objects.all()
    else:
        # Who may arrange a project's meetings is the projects app's rule.
        projects = projects_arranged_by(user).active().order_by("title")
        bodies = Body.objects.filter(pk__in=boards_co_chaired_by(user))
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
    administrators; with the staff project lead role, whoever may arrange a project's meetings (the lead who
    requested it, its current staff lead or facilitator: coproduce.projects.rules); the board's current
    co-chairs with the board member role."""
    who = Q(role_grants__role__in=OFFICER_ROLES)
    if projects:
        who |= Q(
            role_grants__role=Role.PROJECT_LEAD,
            pk__in=projects_selectors.users_holding(projects, ARRANGES_MEETINGS),
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


def organiser_rows(meetings) -> list[dict]:
    """One page of the organisers' list (a sliced queryset, read as `MEETING_LIST_COLUMNS`: the paginator's
    COUNT stays on the meeting table) as its rows, cells ready to place
    (decision 0011: fifty rows each took an include, four date filters, a `{% url %}` and three related
    instances), with `registered` counted for that page only, so the list's cost does not grow with every
    meeting's registrations."""
    meetings = list(meetings.values(*MEETING_LIST_COLUMNS))
    counts = dict(
        Registration.objects.filter(
            meeting__in=[m["id"] for m in meetings], status=choices.RegistrationStatus.REGISTERED
        )
        .values_list("meeting")
        .annotate(n=Count("id"))
        .values_list("meeting", "n")
    )
    zone, days = timezone.get_current_timezone(), {}
    overview = link("meetings_manage:overview", args=(0,)).removesuffix("0/")
    rows = []
    for meeting in meetings:
        mode = meeting["mode"]
        in_person = mode in IN_PERSON_MODES
        place = meeting["venue__name"] if in_person and meeting["venue__name"] else ""
        if mode in ONLINE_MODES:
            place += " and online" if in_person else "online"
        registered = counts.get(meeting["id"], 0)
        rows.append(
            {
                "url": f"{overview}{meeting['id']}/",
                "title": meeting["title"],
                "owner": meeting["project__title"] if meeting["project_id"] else meeting["body__name"],
                "cancelled": meeting["cancelled_at"] is not None,
                "when": meeting_when(meeting["starts_at"], meeting["ends_at"], zone=zone, days=days),
                "place": place,
                "registered": f"{registered} of {meeting['capacity']}" if meeting["capacity"] else registered,
            }
        )
    return rows


def meetings_organisable_by(user):
    """Every meeting for officers; otherwise those the user organises or whose project or body they may
    organise for."""
    if is_meetings_officer(user):
        return Meeting.objects.all()
    # The ids organisable_scopes(user) would give, without reading the projects' and boards' rows.
    project_ids = list(projects_arranged_by(user).active().order_by().values_list("pk", flat=True).distinct())
    body_ids = boards_co_chaired_by(user)
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


def training_session_of(meeting: Meeting):
    """The training session a meeting of the training body holds (or is the co-trainers' preparation for):
    it has its own pages, without agenda, minutes or decisions. None for any other meeting (no query)."""
    if meeting.body_id is None or meeting.body.kind != choices.BodyKind.TRAINING:
        return None
    return getattr(meeting, "training_session", None) or getattr(meeting, "training_preparation_for", None)


def registration_of(meeting: Meeting, person: Person | None) -> Registration | None:
    if person is None:
        return None
    return Registration.objects.filter(meeting=meeting, person=person).first()


# The tag a member sees against their reply (the markup of meetings/member/_status_tag.html).
REPLY_TAGS = {
    choices.RegistrationStatus.REGISTERED: ("govuk-tag--green", "Registered"),
    choices.RegistrationStatus.WAITING: ("govuk-tag--yellow", "Waiting list"),
    choices.RegistrationStatus.INVITED: ("", "Invited: please reply"),
    choices.RegistrationStatus.DECLINED: ("govuk-tag--grey", "Not coming"),
    choices.RegistrationStatus.CANCELLED: ("govuk-tag--grey", "Cancelled"),
}
IN_PERSON_MODES = frozenset({choices.Mode.IN_PERSON, choices.Mode.HYBRID})
ONLINE_MODES = frozenset({choices.Mode.ONLINE, choices.Mode.HYBRID})


@dataclass(frozen=True, slots=True)
class UpcomingRow:
    """A meeting on the member's "coming up" list, its text prepared (fifteen rows each took two includes,
    five model instances and six filters)."""

    url: str
    title: str
    when: str  # safe HTML: the markup of meetings/member/_when.html
    place: str  # " at <venue>", " or online", "" …
    owner: str
    cancelled: bool
    tag_class: str
    tag: str


def _upcoming_rows():
    return (
        Registration.objects.filter(
            person_id=Slot("person"), meeting__ends_at__gte=Slot("now", output_field=DateTimeField())
        )
        .exclude(status=choices.RegistrationStatus.DECLINED)
        .order_by("meeting__starts_at", "meeting_id")
        .values_list(
            "meeting_id", "meeting__title", "meeting__starts_at", "meeting__ends_at", "meeting__mode",
            "meeting__venue__name", "meeting__project__title", "meeting__body__name", "meeting__cancelled_at",
            "status",
        )
    )  # fmt: skip


# The member's meetings page reads four lists of their own; each is compiled once per process
# (core.prepared: building and compiling them cost more than running them; decision 0011, session 13).
UPCOMING_ROWS = PreparedRows(_upcoming_rows)


def upcoming_rows(person: Person) -> list[UpcomingRow]:
    """Meetings `person` is invited to, registered for or waiting for, soonest first."""
    rows = UPCOMING_ROWS.rows(person=person.pk, now=adapt_datetime(timezone.now()))
    found = []
    for meeting_id, title, starts_at, ends_at, mode, venue, project, body, cancelled_at, status in rows:
        place = f" at {venue}" if venue is not None and mode in IN_PERSON_MODES else ""
        if mode in ONLINE_MODES:
            place += " or online" if mode in IN_PERSON_MODES else " online"
        tag_class, tag = REPLY_TAGS.get(status, ("", ""))
        found.append(
            UpcomingRow(
                url=link("meetings:detail", args=(meeting_id,)),
                title=title,
                when=meeting_when(starts_at, ends_at),
                place=place,
                owner=project if project is not None else (body or ""),
                cancelled=cancelled_at is not None,
                tag_class=tag_class,
                tag=tag,
            )
        )
    return found


def meeting_when(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    zone: datetime.tzinfo | None = None,
    days: dict | None = None,
) -> str:
    """The markup of meetings/member/_when.html for one meeting, in local time. A list passes the `zone` it
    read once and a `days` dict that keeps each day's words (its meetings share a few days; each day's
    name and month are translated lookups)."""
    zone = zone or timezone.get_current_timezone()
    starts, ends = starts_at.astimezone(zone), ends_at.astimezone(zone)
    day = starts.date()
    words = days.get(day) if days is not None else None
    if words is None:
        words = escape(format_date(starts, "l j F Y"))
        if days is not None:
            days[day] = words
    return mark_safe(  # noqa: S308 - the words are escaped above; the rest are digits and signs
        f'<time datetime="{starts.isoformat()}">{words}, {starts:%H:%M}</time>'
        f' to <time datetime="{ends.isoformat()}">{ends:%H:%M}</time>'
    )


@dataclass(frozen=True, slots=True)
class AttendedRow:
    url: str
    title: str
    date: str
    status: str
    hours: Decimal | None


ATTENDANCE_LABELS = dict(AttendanceStatus.choices)


def _attended_rows(limit: int):
    return (
        Attendance.objects.filter(person_id=Slot("person"))
        .order_by("-meeting__starts_at")
        .values_list("meeting_id", "meeting__title", "meeting__starts_at", "status", "hours")[:limit]
    )


ATTENDED_ROWS = PreparedRows(_attended_rows)


def attended_rows(person: Person, limit: int = 50) -> list[AttendedRow]:
    """The person's attendance, latest meeting first: the columns their list shows, no model instances."""
    rows = ATTENDED_ROWS.rows(limit, person=person.pk)
    return [
        AttendedRow(
            url=link("meetings:detail", args=(meeting_id,)),
            title=title,
            date=format_date(timezone.localtime(starts_at), "j F Y"),
            status=ATTENDANCE_LABELS.get(status, status),
            hours=hours,
        )
        for meeting_id, title, starts_at, status, hours in rows
    ]


def attended_table_rows(rows: list[AttendedRow]) -> str:
    """The table rows of `attended_rows`, written once in Python: the list reaches its fifty rows after a few
    years, and the template's lookups per cell made the page grow with a member's history (session 12)."""
    cell = '<td class="govuk-table__cell">'
    return mark_safe(  # noqa: S308 - every value is escaped here; the rest is fixed markup
        "".join(
            f'<tr class="govuk-table__row">{cell}<a class="govuk-link" href="{escape(row.url)}">'
            f"{escape(row.title)}</a></td>{cell}{escape(row.date)}</td>{cell}{escape(row.status)}"
            + (f"<br>{escape(localize(row.hours))} hours" if row.hours else "")
            + "</td></tr>\n"
            for row in rows
        )
    )


def open_actions_for(person: Person):
    return (
        Action.objects.filter(owner=person, status__in=choices.OPEN_ACTION_STATUSES)
        .select_related("meeting", "project", "body")
        .order_by("due_date", "id")
    )


@dataclass(frozen=True, slots=True)
class OpenActionRow:
    """An open action on the member's meetings page, formatted once: the page's one list that grows with the
    years a member has been involved (decision 0011, session 12)."""

    description: str
    short: str  # the first eight words, for the update link's hidden text
    meeting: str
    due: str
    overdue: bool
    status: str
    update_url: str


ACTION_LABELS = dict(choices.ActionStatus.choices)


def _open_action_rows():
    return (
        Action.objects.filter(owner_id=Slot("person"), status__in=choices.OPEN_ACTION_STATUSES)
        .order_by("due_date", "id")
        .values_list("pk", "description", "meeting__title", "due_date", "status")
    )


OPEN_ACTION_ROWS = PreparedRows(_open_action_rows)


def open_action_rows(person: Person) -> list[OpenActionRow]:
    """`open_actions_for` with only the columns the member's meetings page shows."""
    from django.template.defaultfilters import truncatewords

    today = timezone.localdate()
    rows = OPEN_ACTION_ROWS.rows(person=person.pk)
    return [
        OpenActionRow(
            description=description,
            short=truncatewords(description, 8),
            meeting=title,
            due=format_date(due_date, "j F Y") if due_date else "",
            overdue=due_date is not None and due_date < today,
            status=ACTION_LABELS.get(status, status),
            update_url=link("meetings:update_action", args=(pk,)),
        )
        for pk, description, title, due_date, status in rows
    ]


def actions_waiting_for(person: Person, limit: int = 5) -> list[Action]:
    """The first of `open_actions_for`, with only what the home page shows of them."""
    return list(
        Action.objects.filter(owner=person, status__in=choices.OPEN_ACTION_STATUSES)
        .only("description", "due_date")
        .order_by("due_date", "id")[:limit]
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

# What the organiser must arrange, and how to tell who needs it from a registration; the labels are the
# people app's vocabulary (people.choices), so the summary says what the member ticked.
NEED = people_choices.AccessNeed
FORMAT = people_choices.Format
SUPPORT_LINES = [
    ("bsl", NEED.BSL_INTERPRETER.label, lambda r: "bsl_interpreter" in r.access_needs or "bsl" in r.formats),
    ("hearing_loop", NEED.HEARING_LOOP.label, lambda r: "hearing_loop" in r.access_needs),
    ("step_free", NEED.STEP_FREE.label, lambda r: "step_free" in r.access_needs),
    ("easy_read", f"{FORMAT.EASY_READ.label} papers", lambda r: "easy_read" in r.formats),
    ("large_print", f"{FORMAT.LARGE_PRINT.label} papers", lambda r: "large_print" in r.formats),
    ("audio", f"{FORMAT.AUDIO.label} papers", lambda r: "audio" in r.formats),
    (
        "companion",
        "Coming with a companion",
        lambda r: "companion" in r.access_needs or bool(r.companion_name),
    ),
    ("taxi", NEED.TRANSPORT.label, lambda r: "transport" in r.access_needs),
    ("quiet_room", NEED.QUIET_ROOM.label, lambda r: "quiet_room" in r.access_needs),
    ("breaks", NEED.BREAKS.label, lambda r: "breaks" in r.access_needs),
    ("accessible_toilet", NEED.ACCESSIBLE_TOILET.label, lambda r: "accessible_toilet" in r.access_needs),
    ("parking", NEED.PARKING.label, lambda r: "parking" in r.access_needs),
    ("papers_in_advance", NEED.PAPERS_IN_ADVANCE.label, lambda r: "papers_in_advance" in r.access_needs),
    (
        "other_language",
        FORMAT.OTHER_LANGUAGE.label,
        lambda r: "other_language" in r.formats or bool(r.other_language),
    ),
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


# People coming without a Registration, added by other apps (the network's public event bookings): each
# source is a function (meeting) -> rows with the Registration attributes the summary reads (person.full_name,
# access_needs, formats, companion_name, other_language, dietary_needs, adjustments_detail).
_support_sources: list = []


def add_support_source(source) -> None:
    if source not in _support_sources:
        _support_sources.append(source)


def support_summary(meeting: Meeting) -> dict:
    """For each kind of support: who of the registered people (and anyone booked another way, such as the
    public at a public event) needs it, plus the other details they gave."""
    registrations = list(
        meeting.registrations.filter(status=choices.RegistrationStatus.REGISTERED).select_related("person")
    )
    booked = [row for source in _support_sources for row in source(meeting)]
    registered = len(registrations)
    registrations += booked
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
        "registered": registered,
        "booked": len(booked),
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

    registered = Person.objects.filter(meeting_registrations__meeting=meeting)
    return (scope_members(meeting) | registered).current().distinct().order_by("name_search", "id")


def visible_meetings(user):
    """Every meeting `user` may see (what may_view_meeting allows, as one query), for the API."""
    if is_meetings_officer(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(pk__in=visible_meeting_ids(user).as_expression())


def visible_meeting_ids(user) -> Bound:
    """The SQL of the ids of visible_meetings(user) for someone signed in who is not a meetings officer:
    a union of the ways in, each read by its own index. PostgreSQL estimates a union of a few small lists as
    few rows, where it took the same rule written as an OR of semi-joins for most meetings (a scan of every
    meeting, and a plan costly enough to be compiled by JIT). The rule is compiled once per process
    (core.prepared): building and compiling its five querysets cost more than running it."""
    return _VISIBLE_MEETING_IDS(user.has_role(Role.BOARD_MEMBER)).bind(user=user.pk)


def _visible_meeting_ids(board_member: bool):
    user = Slot("user")
    # person_of(user): their profile, unless it has been erased.
    person = {"person__user_id": user, "person__erased_at__isnull": True}
    teams = TeamMember.objects.filter(left_at__isnull=True, **person).values("project_id")
    bodies = BodyMembership.objects.filter(left_at__isnull=True, **person).values("body_id")
    ways = [
        *_ways_to_organise(user, board_member),
        Registration.objects.filter(**person).order_by().values("meeting"),
        Meeting.objects.filter(project_id__in=teams).order_by().values("pk"),
        Meeting.objects.filter(body_id__in=bodies).order_by().values("pk"),
    ]
    return ways[0].union(*ways[1:])


_VISIBLE_MEETING_IDS = Prepared(_visible_meeting_ids)


def _ways_to_organise(user, board_member: bool) -> list:
    """meetings_organisable_by for the user with this id (a Slot) who is not a meetings officer, as one
    queryset of ids per way in (organiser; a project they arrange meetings for; a board they co-chair, which
    needs the board member role too: meetings.rules.co_chairs_body), each read by its own index."""
    ways = [Meeting.objects.filter(organiser_id=user).order_by().values("pk")]
    for arranged in projects_selectors.projects_held_by_each_way(user, ARRANGES_MEETINGS):
        ways.append(
            Meeting.objects.filter(project_id__in=arranged.active().values("pk")).order_by().values("pk")
        )
    if board_member:
        boards = BodyMembership.objects.current().filter(
            person__user_id=user,
            person__erased_at__isnull=True,
            role=choices.BodyRole.CO_CHAIR,
            body__kind=choices.BodyKind.BOARD,
        )
        ways.append(
            Meeting.objects.filter(body_id__in=boards.order_by().values("body_id")).order_by().values("pk")
        )
    return ways


def groups_of(person: Person) -> list[tuple[str, str]]:
    """(name, url) of the bodies and project teams `person` currently belongs to: where their trackers are."""
    return groups_and_feed(person)[0]


def _groups_and_feed():
    bodies = (
        Body.objects.filter(memberships__person_id=Slot("person"), memberships__left_at__isnull=True)
        .annotate(leg=Value(0), label=F("name"), key=F("slug"))
        .values_list("leg", "label", "key")
        .distinct()
        .order_by()
    )
    projects = (
        Project.objects.filter(team__person_id=Slot("person"), team__left_at__isnull=True)
        .annotate(leg=Value(1), label=F("title"), key=Cast("pk", CharField()))
        .values_list("leg", "label", "key")
        .distinct()
        .order_by()
    )
    feed = (
        CalendarFeed.objects.filter(person_id=Slot("person"))
        .annotate(leg=Value(2), label=Value(""), key=Value(""))
        .values_list("leg", "label", "key")
        .order_by()
    )
    return bodies.union(projects, feed).order_by("leg", "label")


GROUPS_AND_FEED = PreparedRows(_groups_and_feed)


def groups_and_feed(person: Person) -> tuple[list[tuple[str, str]], bool]:
    """`groups_of` and `has_calendar_feed` in one query (a union): the bodies, then the projects, each by
    name, then a row if the person has a feed."""
    from django.urls import reverse

    groups, on_a_team, has_feed = [], False, False
    for leg, label, key in GROUPS_AND_FEED.rows(person=person.pk):
        if leg == 0:
            groups.append((label, reverse("meetings:body_meetings", args=[key])))
        elif leg == 1:
            groups.append((label, link("meetings:project_meetings", args=(int(key),))))
            on_a_team = True
        else:
            has_feed = True
    remember_on_any_team(person, on_a_team)
    return groups, has_feed


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

    invited = Person.objects.filter(meeting_registrations__meeting=meeting)
    return (scope_members(meeting) | invited).current().distinct().order_by("name_search", "id")


class NonexistentLocalTime(ServiceError, ValueError):
    """A clock time skipped when the clocks go forward (e.g. 01:30 on the last Sunday of March)."""


def london_datetime(day: datetime.date, clock: datetime.time) -> datetime.datetime:
    """The aware moment a Europe/London wall-clock time names. An hour repeated when the clocks go back
    means its first occurrence (still summer time); a skipped hour is refused."""
    local = datetime.datetime.combine(day, clock, tzinfo=LONDON)
    round_trip = local.astimezone(datetime.UTC).astimezone(LONDON)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{clock:%H:%M} does not exist on {day:%-d %B %Y} (the clocks go forward)")
    return local


def venue_clashes(meeting: Meeting):
    """Other meetings booked at the same venue at overlapping times (a warning, never a refusal)."""
    if meeting.venue_id is None or not meeting.is_in_person:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(
            venue_id=meeting.venue_id,
            cancelled_at__isnull=True,
            starts_at__lt=meeting.ends_at,
            ends_at__gt=meeting.starts_at,
        )
        .exclude(pk=meeting.pk)
        .select_related("project", "body")
    )


def scope_members(meeting: Meeting):
    """The people a meeting's invitations go to: the project's current team or the body's current members."""
    if meeting.project_id:
        return Person.objects.current().filter(
            project_memberships__project_id=meeting.project_id, project_memberships__left_at__isnull=True
        )
    return Person.objects.current().filter(
        body_memberships__body_id=meeting.body_id, body_memberships__left_at__isnull=True
    )


def adjustments_from_profile(person: Person) -> dict:
    """A registration's adjustments as the person's profile states them (the form starts from these)."""
    return {
        "access_needs": list(person.access_needs or []),
        "formats": list(person.formats or []),
        "other_language": person.other_language,
        "adjustments_detail": person.access_needs_detail,
    }


def places_left(meeting: Meeting) -> int | None:
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.registrations.coming().count(), 0)


def decision_reference(meeting: Meeting, year: int, number: int) -> str:
    prefix = meeting.body.code if meeting.body_id else f"P{meeting.project_id}"
    return f"{prefix}-{year}-{number:03d}"


def default_hours(meeting: Meeting, status: str) -> Decimal:
    return meeting.duration_hours if status == AttendanceStatus.PRESENT else Decimal("0.00")


def is_late(meeting: Meeting, now=None) -> bool:
    window = datetime.timedelta(days=settings.COPRODUCE["ATTENDANCE_CORRECTION_DAYS"])
    return (now or timezone.now()) > meeting.ends_at + window


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_owner(token: str) -> Person | None:
    feed = CalendarFeed.objects.select_related("person").filter(token_hash=hash_token(token)).first()
    if feed is None or feed.person.erased_at is not None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    return feed.person


LONDON = ZoneInfo("Europe/London")


# --- Attendance, for other apps (payments reads it here, not from the model) ------------------------------


def attendance_of(person_id: int, meeting_id: int) -> Attendance | None:
    """The person's attendance row at the meeting, if any was recorded."""
    return Attendance.objects.filter(person_id=person_id, meeting_id=meeting_id).first()


def present_attendance(person, meeting) -> Attendance | None:
    """The person's attendance at the meeting when they were recorded as present."""
    return Attendance.objects.filter(
        person=person, meeting=meeting, status=choices.AttendanceStatus.PRESENT
    ).first()


def meetings_attended(person) -> QuerySet[Meeting]:
    """Meetings the person was recorded as present at."""
    return Meeting.objects.filter(
        attendance__person=person, attendance__status=choices.AttendanceStatus.PRESENT
    )


# --- What the pages and the API read ----------------------------------------------------------------------


def bodies() -> list[Body]:
    return list(Body.objects.order_by("name"))


def body_by_slug(slug: str) -> Body | None:
    return Body.objects.filter(slug=slug).first()


def venues() -> list[Venue]:
    return list(Venue.objects.all())


def venue_by_id(pk) -> Venue | None:
    return Venue.objects.filter(pk=pk).first()


def has_calendar_feed(person) -> bool:
    return CalendarFeed.objects.filter(person=person).exists()


def registered_meeting_ids(person) -> list[int]:
    """The meetings `person` is registered for (not waiting): their online links show."""
    if person is None:
        return []
    return list(
        Registration.objects.filter(person=person, status=choices.RegistrationStatus.REGISTERED).values_list(
            "meeting_id", flat=True
        )
    )


def decisions_visible_to(user, query: str = ""):
    """Decisions of the meetings `user` may see, newest first, narrowed by the words of `query`."""
    decisions = Decision.objects.filter(meeting__in=visible_meetings(user))
    for word in normalise_text(query).split()[:8]:
        decisions = decisions.filter(text_search__contains=word)
    return decisions.order_by("-year", "-number")


def actions_of(user, person):
    """The caller's own actions and those of meetings they organise."""
    mine = Q(meeting__in=meetings_organisable_by(user).values("pk"))
    if person is not None:
        mine |= Q(owner=person)
    return Action.objects.filter(mine).select_related("owner", "meeting").order_by("due_date", "id")


def organised_rows(user, model):
    """Rows of `model` (agenda items, papers) of the meetings `user` organises."""
    meetings = meetings_organisable_by(user).values("pk")
    return model.objects.filter(meeting__in=meetings).select_related("meeting")


# --- The board's meetings, decisions and actions, for the programme app (its pages and board pack) ----------


def board_body() -> Body:
    return Body.objects.get(kind=choices.BodyKind.BOARD, slug="board")


def board_meetings(*, upcoming: bool):
    """The board's meetings not cancelled: coming ones soonest first, or past ones newest first."""
    now = timezone.now()
    meetings = Meeting.objects.filter(body__slug="board", cancelled_at__isnull=True).select_related("body")
    if upcoming:
        return meetings.filter(starts_at__gte=now).order_by("starts_at", "id")
    return meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id")


def board_meeting(pk: int) -> Meeting | None:
    return Meeting.objects.select_related("body", "venue").filter(pk=pk, body__slug="board").first()


def board_decisions():
    return (
        Decision.objects.filter(body__slug="board")
        .select_related("meeting", "body")
        .order_by("-year", "-number")
    )


def board_action_counts() -> dict[str, int]:
    """Open and overdue actions of the board (one indexed, filtered count)."""
    open_ = Q(status__in=choices.OPEN_ACTION_STATUSES)
    return Action.objects.filter(body__slug="board").aggregate(
        open=Count("id", filter=open_),
        overdue=Count("id", filter=open_ & Q(due_date__lt=timezone.localdate())),
    )


def board_open_actions():
    return (
        Action.objects.filter(body__slug="board", status__in=choices.OPEN_ACTION_STATUSES)
        .select_related("owner", "meeting")
        .order_by("due_date", "id")
    )


# --- For payments (claims are made from attendance) ---------------------------------------------------


def paid_attendance():
    """Attendance that is paid for unless the person chose otherwise: present, with hours, of someone not
    erased. Payments narrows it to the rows with no matching claim (its reconcile and work queue)."""
    return Attendance.objects.filter(
        status=choices.AttendanceStatus.PRESENT, hours__gt=0, person__erased_at__isnull=True
    )


def chairs_body_at(attendance: Attendance) -> bool:
    """Whether the person co-chairs the board whose meeting this is (a current co-chair membership)."""
    body = attendance.meeting.body
    return bool(
        body is not None
        and body.kind == choices.BodyKind.BOARD
        and body.memberships.current()
        .filter(person_id=attendance.person_id, role=choices.BodyRole.CO_CHAIR)
        .exists()
    )


# --- Public events and bodies (read by the champions network) -------------------------------------------


def body_of_kind(kind: str) -> Body | None:
    """The programme body of a kind (the board, the champions network, training), or None."""
    return Body.objects.filter(kind=kind).order_by("pk").first()


def public_events(*, upcoming: bool = True):
    """Public events anyone may see, with their venue: upcoming soonest first, or past newest first."""
    events = Meeting.objects.filter(is_public=True, cancelled_at__isnull=True).select_related("venue")
    now = timezone.now()
    if upcoming:
        return events.filter(ends_at__gte=now).order_by("starts_at", "id")
    return events.filter(ends_at__lt=now).order_by("-starts_at", "-id")


def public_event(pk) -> Meeting:
    """A public event (past or upcoming, not cancelled), or 404."""
    event = Meeting.objects.filter(pk=pk, is_public=True).select_related("venue").first()
    if event is None:
        raise Http404("No such event")
    return event


def is_bookable_public_event(meeting: Meeting) -> bool:
    return bool(meeting.is_public and meeting.cancelled_at is None and meeting.starts_at > timezone.now())


def upcoming_body_meetings(body: Body | None, limit: int = 5) -> list[Meeting]:
    if body is None:
        return []
    return list(
        Meeting.objects.upcoming()
        .filter(body=body)
        .select_related("venue")
        .order_by("starts_at", "id")[:limit]
    )


# --- Involvement (read by opportunities' matching and the network's new-voices report) ---------------------


def times_involved_since(since: datetime.date, ref: str = "pk"):
    """An expression for a Person queryset (or, with `ref`, any queryset naming a person, e.g. "person_id"):
    meetings the person attended (present) since `since`. A correlated subquery on the indexed
    (person, status) pair, so a page of people costs one query."""
    from django.db.models import IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    attended = (
        Attendance.objects.filter(
            person_id=OuterRef(ref),
            status=choices.AttendanceStatus.PRESENT,
            meeting__starts_at__date__gte=since,
        )
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(attended, output_field=IntegerField()), Value(0))


def involvement_since(since: datetime.date) -> dict:
    """How many people attended a meeting since `since`, and how many of them had never attended one before
    (new to the programme). Two counts over the attendance index."""
    present = Attendance.objects.filter(status=choices.AttendanceStatus.PRESENT)
    involved = present.filter(meeting__starts_at__date__gte=since).values("person_id")
    before = present.filter(meeting__starts_at__date__lt=since).values("person_id")
    total = Person.objects.filter(pk__in=involved).count()
    new = Person.objects.filter(pk__in=involved).exclude(pk__in=before).count()
    return {"involved": total, "new": new}


# --- For evaluation and reports -----------------------------------------------------------------------


def body_people(kind: str):
    """People currently in the programme bodies of `kind` (board, network, training), as a queryset."""
    return Person.objects.filter(body_memberships__body__kind=kind, body_memberships__left_at__isnull=True)


def hours_between(starts, ends):
    """Hours people attended meetings that started in [starts, ends) (one aggregate over an indexed range)."""
    from django.db.models import Sum

    total = Attendance.objects.filter(
        status=choices.AttendanceStatus.PRESENT, meeting__starts_at__gte=starts, meeting__starts_at__lt=ends
    ).aggregate(total=Sum("hours"))["total"]
    return total or 0


def people_attending_between(starts, ends):
    return Person.objects.filter(
        meeting_attendance__status=choices.AttendanceStatus.PRESENT,
        meeting_attendance__meeting__starts_at__gte=starts,
        meeting_attendance__meeting__starts_at__lt=ends,
    ).distinct()


def meetings_held_between(starts, ends) -> list[int]:
    """Ids of meetings (not cancelled) that ended in [starts, ends) with someone marked present: the meetings
    evaluation sends its survey after."""
    return list(
        Meeting.objects.filter(
            cancelled_at__isnull=True,
            ends_at__gte=starts,
            ends_at__lt=ends,
            attendance__status=choices.AttendanceStatus.PRESENT,
        )
        .distinct()
        .order_by("ends_at", "pk")
        .values_list("pk", flat=True)
    )


def held_meeting(pk: int, since, now) -> Meeting | None:
    """The meeting if it ended in [since, now] and was not cancelled, else None."""
    return (
        Meeting.objects.select_related("project", "body")
        .filter(pk=pk, cancelled_at__isnull=True, ends_at__gte=since, ends_at__lte=now)
        .first()
    )


def people_present_at(meeting_id: int):
    """Current (not erased) people marked present at a meeting, as a queryset."""
    return Person.objects.current().filter(
        meeting_attendance__meeting_id=meeting_id,
        meeting_attendance__status=choices.AttendanceStatus.PRESENT,
    )


# --- A member's home page -----------------------------------------------------------------------------------


def next_meeting_for(person: Person) -> Registration | None:
    """The next meeting `person` is coming to (or waiting for a place at), with the support they asked for."""
    return upcoming_for_home(person)[0]


def replies_asked_of(person: Person, limit: int = 5) -> list[Registration]:
    """Invitations to meetings still to come that `person` has not answered."""
    return upcoming_for_home(person, limit)[1]


def upcoming_for_home(person: Person, limit: int = 5) -> tuple[Registration | None, list[Registration]]:
    """`next_meeting_for` and `replies_asked_of` in one query: the person's registrations for meetings still
    to come, the first `limit` of each status (a window, so a long list of invitations is not read)."""
    statuses = [*choices.COMING, choices.RegistrationStatus.INVITED]
    rows = (
        Registration.objects.filter(
            person=person,
            status__in=statuses,
            meeting__starts_at__gte=timezone.now(),
            meeting__cancelled_at__isnull=True,
        )
        .select_related("meeting", "meeting__venue")
        # What the home page shows: a registration and its meeting have some thirty columns between them.
        .only(
            "status", "access_needs", "formats", "adjustments_detail", "meeting__title", "meeting__starts_at",
            "meeting__mode", "meeting__venue__name",
        )
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("status")], order_by=[F("meeting__starts_at"), F("meeting_id")]
            )
        )
        .filter(place__lte=limit)
        .order_by("meeting__starts_at", "meeting_id")
    )  # fmt: skip
    next_meeting, replies = None, []
    for registration in rows:
        if registration.status == choices.RegistrationStatus.INVITED:
            replies.append(registration)
        elif next_meeting is None:
            next_meeting = registration
    return next_meeting, replies
