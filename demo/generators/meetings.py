"""Meetings: fifteen months of them (a year back, three months ahead) for the board, the champions network,
the training programme and every active demo project, at Wyvernshire venues with varied access. Past meetings
have attendance (hours from the meeting's times, a few partial), minutes, numbered decisions and actions;
registrations carry adjustments taken from each person's profile, sometimes changed for the meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from coproduce.accounts.models import Role, User
from coproduce.meetings.choices import AttendanceStatus, BodyRole, Mode, RegistrationStatus
from coproduce.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    Decision,
    Meeting,
    Registration,
    Venue,
)
from coproduce.meetings.selectors import LONDON, decision_reference, london_datetime
from coproduce.people.models import Person
from coproduce.projects.choices import STAFF_ROLES, Stage
from coproduce.projects.models import Project, TeamMember

from ..logins import DEMO_LOGIN_BY_ROLE
from . import board_meetings
from .context import ANCHOR, BATCH_SIZE, DemoContext
from .projects import staff_people

FACILITIES = ("step_free", "hearing_loop", "accessible_toilet", "parking", "public_transport", "quiet_room")
EVERY_FACILITY = frozenset(FACILITIES)
VENUES = [
    # name, address, postcode, the facilities it has (Venue's flags)
    ("County Hall, Council Chamber", "Market Square\nWyvernbridge", "WY1 1AA", EVERY_FACILITY),
    (
        "Oakhollow Community Centre",
        "12 Mill Lane\nOakhollow",
        "WY4 2BD",
        EVERY_FACILITY - {"hearing_loop", "public_transport"},
    ),
    ("Brackenford Library", "The Green\nBrackenford", "WY7 3CE", EVERY_FACILITY - {"parking", "quiet_room"}),
    ("St Anne's Church Hall", "Church Street\nSloeby", "WY9 4DF", {"parking", "public_transport"}),
    ("Kestrel Down Health Centre", "Station Road\nKestrel Down", "WY12 5EG", EVERY_FACILITY),
    (
        "Larchmere Family Hub",
        "4 Orchard Close\nLarchmere",
        "WY15 6FH",
        EVERY_FACILITY - {"hearing_loop", "parking"},
    ),
]
ACCESS_NOTES = "Lift to all floors. Ask at reception for the quiet room. Assistance dogs welcome."

# (body slug, members at scale 1, weeks between meetings, weekday, start, hours, title, venue index, mode)
BODY_PLANS = [
    ("board", 14, 4, 1, datetime.time(10, 0), 2, "Co-production Board", 0, Mode.HYBRID),
    ("champions", 60, 8, 3, datetime.time(18, 0), 1.5, "Champions network get-together", 1, Mode.HYBRID),
    ("training", 30, 4, 2, datetime.time(13, 30), 3, "Co-production training session", 2, Mode.IN_PERSON),
]
# A full year back, so a year of attendance, claims and payments; three months ahead for invitations.
WEEKS_BACK, WEEKS_AHEAD = 52, 13  # weeks of history per year of the demo (ctx.years), weeks ahead
# The board has met monthly (every four weeks) for two years: its history is the programme's story.
BOARD_WEEKS_BACK = 104
AGENDA = [
    "Welcome and introductions",
    "Notes of the last meeting",
    "Updates",
    "Main discussion",
    "Any other business",
]
DECISIONS = [
    "Agree the terms of reference for the year",
    "Pay involvement within ten working days of a meeting",
    "Offer easy read papers for every meeting by default",
    "Hold one meeting in three in the evening",
    "Ask the project team to come back with a plan for reaching younger carers",
    "Adopt the revised concordat",
    "Publish 'you said, we did' updates every quarter",
    "Fund taxis for anyone who needs one to attend",
]
ACTIONS = [
    "Circulate the notes within a week",
    "Book a BSL interpreter for the next meeting",
    "Draft an easy read summary of the plan",
    "Contact the voluntary sector forum about membership",
    "Check the venue's hearing loop works",
    "Bring the budget breakdown to the next meeting",
    "Write to the service manager with the group's questions",
]
SUPPORT_EXTRAS = [
    "",
    "",
    "",
    "I may need to leave early for my care",
    "Please send papers by post",
    "Vegetarian",
]


def _venues() -> list[Venue]:
    venues = [
        Venue(
            name=name,
            address=address,
            postcode=postcode,
            access_notes=ACCESS_NOTES if {"step_free", "quiet_room"} <= facilities else "",
            **{flag: flag in facilities for flag in FACILITIES},
        )
        for name, address, postcode, facilities in VENUES
    ]
    Venue.objects.bulk_create(venues)
    return venues


def _demo_user(role: str) -> User:
    return User.objects.get(email=DEMO_LOGIN_BY_ROLE[role].email)


def _body_members(
    ctx, rng, people, member_person, board_person, champion_person, officer_co_chair
) -> dict[int, list[Person]]:
    """Members of each body; the board's first two are its co-chairs, the board demo login (the co-chair with
    lived experience) first, then a senior officer who also signs in; the champion demo login is on the
    champions network."""
    members, rows = {}, []
    for slug, base, *_ in BODY_PLANS:
        body = Body.objects.get(slug=slug)
        # A board is about 14 people whatever the size of the programme; the other bodies grow with it.
        size = base if slug == "board" else ctx.scaled(base)
        chosen = rng.sample(people, min(len(people), size))
        if slug in ("champions", "training") and member_person is not None:
            chosen = [member_person, *[p for p in chosen if p.pk != member_person.pk]]
        if slug == "champions":
            chosen = [champion_person, *chosen]
        if slug == "board":
            chosen = [
                board_person,
                officer_co_chair,
                *[p for p in chosen if p.pk not in (board_person.pk, officer_co_chair.pk)],
            ][: len(chosen)]
        members[body.pk] = chosen
        for n, person in enumerate(chosen):
            role = BodyRole.CO_CHAIR if slug == "board" and n < 2 else BodyRole.MEMBER
            rows.append(
                BodyMembership(
                    body=body, person=person, role=role, joined_at=ANCHOR - datetime.timedelta(days=400)
                )
            )
    BodyMembership.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return members


def _meeting_dates(
    weeks_between: int, weekday: int, offset: int, weeks_back: int = WEEKS_BACK, years: int = 1
):
    monday = ANCHOR.date()
    for week in range(-max(weeks_back, WEEKS_BACK * years) + offset, WEEKS_AHEAD, weeks_between):
        yield monday + datetime.timedelta(weeks=week, days=weekday)


def _plan_meetings(ctx, rng, venues, officer, board_user, projects):
    planned = []  # (meeting, invitees)
    for slug, _, weeks, weekday, start, hours, title, venue_index, mode in BODY_PLANS:
        if slug == "training":
            continue  # Its members are the co-trainers; the training generator holds its sessions.
        body = Body.objects.get(slug=slug)
        weeks_back = BOARD_WEEKS_BACK if slug == "board" else WEEKS_BACK
        for day in _meeting_dates(weeks, weekday, offset=0, weeks_back=weeks_back, years=ctx.years):
            planned.append(
                (
                    body,
                    None,
                    day,
                    start,
                    hours,
                    title,
                    venues[venue_index],
                    mode,
                    board_user if slug == "board" else officer,
                )
            )
    for n, (project, lead_user) in enumerate(projects):
        venue = venues[3 + n % 3]
        for day in _meeting_dates(6, n % 5, offset=n % 6, years=ctx.years):
            mode = rng.choice([Mode.IN_PERSON, Mode.IN_PERSON, Mode.ONLINE, Mode.HYBRID])
            planned.append(
                (
                    None,
                    project,
                    day,
                    datetime.time(10 + n % 5, 0),
                    2,
                    f"{project.title}: working group",
                    venue,
                    mode,
                    lead_user or officer,
                )
            )
    meetings = []
    for body, project, day, start, hours, title, venue, mode, organiser in planned:
        starts_at = london_datetime(day, start)
        meetings.append(
            Meeting(
                body=body,
                project=project,
                title=title,
                purpose=f"The regular meeting of {body or project}: updates, discussion and decisions.",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                mode=mode,
                venue=None if mode == Mode.ONLINE else venue,
                online_link="https://meet.wyvernshire.example/" + str(rng.randrange(10**8, 10**9))
                if mode != Mode.IN_PERSON
                else "",
                capacity=None
                if body is None or body.slug == "board"
                else (ctx.scaled(25) if body.slug == "training" else None),
                organiser=organiser,
                created_by=organiser,
                created_at=starts_at - datetime.timedelta(days=28),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH_SIZE)
    return meetings


def _adjustments(rng, person: Person) -> dict:
    needs, formats = list(person.access_needs or []), list(person.formats or [])
    if rng.random() < 0.15:
        needs.append(rng.choice(["transport", "companion", "breaks", "quiet_room"]))
    return {
        "access_needs": sorted(set(needs)),
        "formats": formats,
        "other_language": person.other_language,
        "adjustments_detail": rng.choice(SUPPORT_EXTRAS) or person.access_needs_detail,
        "companion_name": "A family member" if "companion" in needs else "",
    }


def _registrations(rng, meeting, invitees, now):
    rows, present = [], []
    for person in invitees:
        roll = rng.random()
        status = (
            RegistrationStatus.REGISTERED
            if roll < 0.75
            else (RegistrationStatus.DECLINED if roll < 0.9 else RegistrationStatus.INVITED)
        )
        invited_at = meeting.starts_at - datetime.timedelta(days=21)
        extra = _adjustments(rng, person) if status == RegistrationStatus.REGISTERED else {}
        rows.append(
            Registration(
                meeting=meeting,
                person=person,
                status=status,
                invited_at=invited_at,
                status_changed_at=invited_at + datetime.timedelta(days=rng.randrange(1, 14)),
                reminder_sent_at=meeting.starts_at - datetime.timedelta(days=2)
                if meeting.starts_at < now
                else None,
                **extra,
            )
        )
        if status == RegistrationStatus.REGISTERED:
            present.append(person)
    return rows, present


def _attendance(rng, meeting, coming, recorder_id):
    rows = []
    full = meeting.duration_hours
    for person in coming:
        roll = rng.random()
        status = (
            AttendanceStatus.PRESENT
            if roll < 0.82
            else (AttendanceStatus.APOLOGIES if roll < 0.94 else AttendanceStatus.ABSENT)
        )
        hours = Decimal("0.00")
        if status == AttendanceStatus.PRESENT:
            hours = full if rng.random() < 0.88 else max(Decimal("0.50"), full - Decimal("0.50"))
        recorded_at = meeting.ends_at + datetime.timedelta(hours=rng.randrange(2, 72))
        rows.append(
            Attendance(
                meeting=meeting,
                person=person,
                status=status,
                hours=hours,
                recorded_by_id=recorder_id,
                recorded_at=recorded_at,
                first_recorded_at=recorded_at,
            )
        )
    return rows


@dataclass(frozen=True)
class FollowUp:
    """How a group follows its actions up: the days an action is given, the share done by now, the note."""

    due_days: tuple[int, ...] = (7, 14, 28)
    done_share: float = 0.7
    done_note: str = "Done and reported back."


# The board gives longer and reports back at its next meeting.
BOARD_FOLLOW_UP = FollowUp(
    due_days=(14, 21, 28), done_share=0.8, done_note="Done; reported at the next meeting."
)


def _decisions_and_actions(
    rng, meeting, attendees, numbers, recorder_id, today, decision_texts, action_texts, follow_up=FollowUp()
):
    """Numbered decisions (numbers: the last decision number per scope) and actions owned by attendees."""
    year = meeting.starts_at.astimezone(LONDON).year
    scope = (meeting.project_id, meeting.body_id, year)
    decisions = []
    for text in decision_texts:
        numbers[scope] = numbers.get(scope, 0) + 1
        decisions.append(
            Decision(
                meeting=meeting,
                project_id=meeting.project_id,
                body_id=meeting.body_id,
                year=year,
                number=numbers[scope],
                reference=decision_reference(meeting, year, numbers[scope]),
                text=text,
                recorded_by_id=recorder_id,
                recorded_at=meeting.minutes_updated_at,
            )
        )
    actions = []
    for text in action_texts if attendees else []:
        due = (meeting.starts_at + datetime.timedelta(days=rng.choice(follow_up.due_days))).date()
        done = due < today and rng.random() < follow_up.done_share
        actions.append(
            Action(
                meeting=meeting,
                project_id=meeting.project_id,
                body_id=meeting.body_id,
                description=text,
                owner=rng.choice(attendees),
                due_date=due,
                status="done" if done else rng.choice(["open", "in_progress"]),
                notes=follow_up.done_note if done else "",
                created_by_id=recorder_id,
                created_at=meeting.ends_at,
                updated_at=meeting.ends_at,
                completed_at=datetime.datetime.combine(due, datetime.time(12), tzinfo=LONDON)
                if done
                else None,
            )
        )
    return decisions, actions


def _outcomes(rng, meeting, attendees, numbers, recorder_id, today):
    """Minutes, agenda, decisions and actions for a past meeting (numbers: next decision number per scope)."""
    agenda = [AgendaItem(meeting=meeting, order=n + 1, title=title) for n, title in enumerate(AGENDA)]
    meeting.minutes = (
        f"{len(attendees)} people took part. We went through the updates, discussed the main item in small "
        "groups and agreed the decisions and actions below."
    )
    meeting.minutes_updated_at = meeting.ends_at + datetime.timedelta(days=2)
    decision_texts = rng.sample(DECISIONS, rng.randrange(0, 3))
    action_texts = rng.sample(ACTIONS, rng.randrange(1, 4)) if attendees else []
    decisions, actions = _decisions_and_actions(
        rng, meeting, attendees, numbers, recorder_id, today, decision_texts, action_texts
    )
    return agenda, decisions, actions


def _board_outcomes(rng, meeting, attendees, numbers, recorder_id, today, n):
    """The board's n-th past meeting (oldest first): its own agenda, minutes, decisions and actions."""
    main, second, minutes, decision_texts, action_texts = board_meetings.TOPICS[
        n % len(board_meetings.TOPICS)
    ]
    lap = n // len(board_meetings.TOPICS)  # only if the board ever outlives its written history
    titles = [*board_meetings.OPENING, main, second, *board_meetings.CLOSING]
    agenda = [
        AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            led_by="Co-chairs" if order <= 2 else "",
            minutes_allowed=40 if title == main else (20 if title == second else 10),
        )
        for order, title in enumerate(titles, start=1)
    ]
    meeting.purpose = f"{main}; {second.lower()}."
    meeting.minutes = f"{len(attendees)} members took part. {minutes}" + (
        f" (Year {lap + 1}.)" if lap else ""
    )
    meeting.minutes_updated_at = meeting.ends_at + datetime.timedelta(days=3)
    decisions, actions = _decisions_and_actions(
        rng, meeting, attendees, numbers, recorder_id, today, decision_texts, action_texts, BOARD_FOLLOW_UP
    )
    return agenda, decisions, actions


def _projects_with_teams():
    """Accepted, active projects with a team: their current team (people) and the user of a staff lead, if
    any. A request not yet accepted has no working group to meet."""
    # One join rather than a prefetch: at large demo scales a prefetch's IN list of every project is more
    # than SQLite will parse.
    teams: dict[int, list] = {}
    current = (
        TeamMember.objects.filter(left_at__isnull=True, project__in=Project.objects.active())
        .exclude(project__stage=Stage.REQUESTED)
        .select_related("project", "person__user")
        .order_by("project_id", "id")
    )
    for member in current:
        teams.setdefault(member.project_id, []).append(member)
    result = []
    for team in teams.values():
        lead = next((m.person.user for m in team if m.role in STAFF_ROLES and m.person.user_id), None)
        result.append(((team[0].project, lead), [m.person for m in team]))
    return result


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("meetings")
    now, today = ANCHOR, ANCHOR.date()
    venues = _venues()
    officer = User.objects.get(pk=sorted(set(ctx.user_ids_by_role[Role.OFFICER]))[0])
    board_user = _demo_user(Role.BOARD_MEMBER)
    member_person = Person.objects.filter(user__email=DEMO_LOGIN_BY_ROLE[Role.MEMBER].email).first()
    people = list(
        Person.objects.current()
        .order_by("pk")
        .only(
            "id", "full_name", "access_needs", "formats", "other_language", "access_needs_detail", "user_id"
        )
    )
    # Only the board's co-chairs organise its meetings, and co-chairing is a BodyMembership, so the board
    # demo login gets a profile (as the projects generator gives staff on a team).
    # The champion demo login holds the champion role alone, so has no profile from the people generator
    # either: it gets one on the champions network, or it could not see the network's meetings.
    champion_user = _demo_user(Role.CHAMPION)
    # The board's other co-chair is a senior officer who holds the board member role and signs in too.
    # At the smallest scales there may be no second board member account: an officer co-chairs then.
    others = [pk for pk in sorted(set(ctx.user_ids_by_role[Role.BOARD_MEMBER])) if pk != board_user.pk]
    officer_co_chair_id = (others or sorted(set(ctx.user_ids_by_role[Role.OFFICER])))[0]
    profiles = staff_people(
        [board_user.pk, champion_user.pk, officer_co_chair_id], ANCHOR - datetime.timedelta(days=800)
    )
    board_person, champion_person = profiles[board_user.pk], profiles[champion_user.pk]
    members = _body_members(
        ctx, rng, people, member_person, board_person, champion_person, profiles[officer_co_chair_id]
    )
    projects = _projects_with_teams()
    meetings = _plan_meetings(ctx, rng, venues, officer, board_user, [p for p, _ in projects])
    team_by_project = {p.pk: team for (p, _), team in projects}

    registrations, attendance, agenda, decisions, actions, numbers = [], [], [], [], [], {}
    board_held = 0
    for meeting in meetings:
        invitees = members[meeting.body_id] if meeting.body_id else team_by_project[meeting.project_id]
        rows, coming = _registrations(rng, meeting, invitees, now)
        registrations += rows
        if meeting.ends_at < now:
            rows = _attendance(rng, meeting, coming, meeting.organiser_id)
            attendance += rows
            attendees = [row.person for row in rows if row.status == AttendanceStatus.PRESENT]
            if meeting.body_id and meeting.body.slug == "board":
                items, made, todo = _board_outcomes(
                    rng, meeting, attendees, numbers, meeting.organiser_id, today, board_held
                )
                board_held += 1
            else:
                items, made, todo = _outcomes(rng, meeting, attendees, numbers, meeting.organiser_id, today)
            agenda += items
            decisions += made
            actions += todo
    Meeting.objects.bulk_update(
        [m for m in meetings if m.minutes],
        ["purpose", "minutes", "minutes_updated_at"],
        batch_size=BATCH_SIZE,
    )
    Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH_SIZE)
    for decision in decisions:
        decision.text_search = " ".join(f"{decision.reference} {decision.text}".lower().split())
    Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
    Action.objects.bulk_create(actions, batch_size=BATCH_SIZE)

    for venue in venues:
        ctx.audit.add("meetings.venue_created", venue, ["name", "address", "access"])
    for meeting in meetings:
        ctx.audit.add("meetings.meeting_created", meeting, ["title", "starts_at", "ends_at", "venue"])
    for row in registrations:
        ctx.audit.add("meetings.registered", row, ["status", "access_needs", "formats"])
    for row in attendance:
        ctx.audit.add("meetings.attendance_recorded", row, ["status", "hours"])
    for decision in decisions:
        ctx.audit.add("meetings.decision_recorded", decision, ["text"])
    for action in actions:
        ctx.audit.add("meetings.action_added", action, ["description", "owner", "due_date"])
    ctx.audit.flush()
    ctx.counts["meetings"] = len(meetings)
    ctx.counts["meeting registrations"] = len(registrations)
    ctx.counts["attendance records"] = len(attendance)
    ctx.counts["decisions"] = len(decisions)
    ctx.counts["actions"] = len(actions)
