"""Training: the five courses of the co-produced training programme, co-designed with members (named where
they agreed), and two years of sessions (every few weeks, three months ahead too) at Wyvernshire venues or
online. Each session is a meeting of the training body with its co-trainers (a lead with lived experience,
often a second co-trainer, sometimes a member of staff); learners are members and staff (staff with their
department and organisation), a few on a waiting list; past sessions have attendance, the co-trainers'
preparation (its own meeting, paid at the preparation rate) and feedback with varied comments, some typed
in from paper, some in easy read. The payments generator (run next) pays co-trainers at the training and
preparation rates through `ctx.pay_at`. Runs after the meetings generator."""

from __future__ import annotations

import datetime
from decimal import Decimal

from coproduce.accounts.models import Role, User
from coproduce.meetings.choices import AttendanceStatus, BodyKind, Mode, RegistrationStatus
from coproduce.meetings.models import Attendance, Body, Meeting, Registration, Venue
from coproduce.meetings.selectors import london_datetime
from coproduce.payments.choices import Activity, RateUnit
from coproduce.payments.models import ActivityRate, ExpenseRate
from coproduce.people.models import Person
from coproduce.projects.models import Organisation
from coproduce.training.choices import FeedbackSource, LearnerRole, TrainerKind, TrainerRole
from coproduce.training.models import Booking, CoDesigner, CoTrainer, Course, Feedback, Session

from .context import ANCHOR, BATCH_SIZE, DemoContext
from .payments import EXPENSE_RATES, _rate_years
from .projects import staff_people

# title, summary, audiences, outcomes, hours, format, e-learning link, weeks between sessions, places
COURSES = [
    (
        "Co-production: what it is and how to do it",
        "An introduction to working alongside people with lived experience as equals: sharing power from the "
        "start, and the difference between consulting people and co-producing with them.",
        ["staff", "members", "partners"],
        "Explain what co-production is and is not\nPlace a piece of work on the ladder of participation\n"
        "Plan the first meeting of a co-produced project\nName three ways to share power in practice",
        Decimal("3.0"),
        "in_person",
        "https://learning.wyvernshire.example/co-production-basics",
        6,
        16,
    ),
    (
        "Paying people fairly",
        "Why we pay people for their time and expertise, how the rate card works, and how to talk about "
        "benefits, vouchers and volunteering without putting anyone at risk.",
        ["staff", "partners"],
        "Use the rate card and claim process\nExplain the choices people have about payment\n"
        "Spot when a payment could affect someone's benefits",
        Decimal("2.0"),
        "online",
        "",
        8,
        20,
    ),
    (
        "Easy read and accessible meetings",
        "Writing papers people can read and running meetings people can take part in: easy read, plain "
        "English, timing, breaks, interpreters and venues.",
        ["staff", "members", "champions", "partners"],
        "Write an easy read summary\nCheck a venue for access\n"
        "Plan breaks, interpreters and papers in advance",
        Decimal("3.0"),
        "in_person",
        "",
        8,
        14,
    ),
    (
        "Chairing a co-produced meeting",
        "For co-chairs, champions and staff who chair: making space for every voice, handling disagreement "
        "and keeping decisions clear.",
        ["champions", "board", "staff"],
        "Open a meeting so everyone can take part\nHandle a disagreement fairly\n"
        "Sum up decisions and actions",
        Decimal("2.5"),
        "in_person",
        "",
        10,
        12,
    ),
    (
        "Peer research",
        "Doing research as a peer: ethics, consent, asking good questions, listening well, and looking after "
        "yourself and the people you interview.",
        ["members", "champions"],
        "Explain informed consent\nPlan and run a peer interview\n"
        "Look after yourself after a hard conversation",
        Decimal("5.0"),
        "in_person",
        "",
        12,
        10,
    ),
]
CONTRIBUTIONS = [
    "wrote the case studies",
    "shaped the learning outcomes",
    "tested the exercises",
    "made the easy read handout",
    "shared their story for the video",
    "reviewed the slides",
]
DEPARTMENTS = [
    "Adult social care",
    "Children's social work",
    "Public health",
    "Housing options",
    "Commissioning",
    "Highways",
    "Libraries",
    "Customer services",
    "Mental health services",
    "Community nursing",
]
WENT_WELL = [
    "Hearing real stories from the trainers made it stick.",
    "The trainers were warm and made it easy to ask questions.",
    "Small group work, and the examples from Wyvernshire projects.",
    "Clear slides and a good pace.",
    "I finally understand the ladder of participation.",
    "The role play about chairing was useful, if scary!",
    "Plenty of breaks and the easy read handout.",
    "Meeting people from other teams.",
    "Practical tips I can use next week.",
    "Honest conversation about power.",
    "The benefits section answered questions I'd been afraid to ask.",
    "Lovely venue, quiet room was appreciated.",
    "",
    "",
]
COULD_BE_BETTER = [
    "A bit long after lunch.",
    "More time for questions at the end.",
    "The room was cold.",
    "Send the slides beforehand please.",
    "The online link didn't work for the first ten minutes.",
    "I'd like a follow-up session in a few months.",
    "More examples from health, not just the council.",
    "Hard to hear people at the back.",
    "Too much to fit into one session.",
    "Would be good to have the handout in large print.",
    "",
    "",
    "",
]
WEEKS_BACK, WEEKS_AHEAD = 104, 13
# The rate card the programme's first training year was paid at (the payments generator adds the two Aprils
# after it): activity, unit, amount.
FIRST_YEAR_RATES = (
    (Activity.MEETING, RateUnit.HOUR, "19.50"),
    (Activity.TRAINING, RateUnit.HOUR, "24.00"),
    (Activity.PREPARATION, RateUnit.HOUR, "19.50"),
)


def _course_rows(officer_id) -> list[Course]:
    from django.utils.text import slugify

    courses = [
        Course(
            title=title,
            slug=slugify(title),
            summary=summary,
            audiences=audiences,
            learning_outcomes=outcomes,
            duration_hours=hours,
            format=fmt,
            elearning_link=link,
            created_by_id=officer_id,
            created_at=ANCHOR - datetime.timedelta(days=7 * WEEKS_BACK + 30),
        )
        for title, summary, audiences, outcomes, hours, fmt, link, *_ in COURSES
    ]
    Course.objects.bulk_create(courses)
    return courses


def _staff_learners(ctx, rng, organisations) -> list[tuple[Person, Organisation, str]]:
    """Staff who book training: the demo's staff project leads and officers (a profile each, as the projects
    generator gives staff on a team), each with an organisation and a department."""
    ids = sorted(set(ctx.user_ids_by_role[Role.PROJECT_LEAD]) | set(ctx.user_ids_by_role[Role.OFFICER]))
    profiles = staff_people(ids, ANCHOR - datetime.timedelta(days=400))
    staff = [profiles[pk] for pk in ids if pk in profiles]
    return [(person, rng.choice(organisations), rng.choice(DEPARTMENTS)) for person in staff]


def _first_year_rates(actor_id: int) -> None:
    """Two years of sessions reach back before the payments generator's rate cards: the April before them."""
    earlier, _ = _rate_years()
    start = earlier.replace(year=earlier.year - 1)
    ActivityRate.objects.bulk_create(
        ActivityRate(
            activity=activity, unit=unit, amount=Decimal(amount), effective_from=start, created_by_id=actor_id
        )
        for activity, unit, amount in FIRST_YEAR_RATES
    )
    ExpenseRate.objects.bulk_create(
        ExpenseRate(kind=kind, amount=Decimal(amount), effective_from=start, created_by_id=actor_id)
        for kind, amount in EXPENSE_RATES.items()
    )


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("training")
    body = Body.objects.get(kind=BodyKind.TRAINING)
    officer_id = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))[0]
    officer = User.objects.get(pk=officer_id)
    venues = list(Venue.objects.order_by("id"))
    organisations = list(Organisation.objects.order_by("id"))
    pool = list(
        Person.objects.filter(body_memberships__body=body, body_memberships__left_at__isnull=True)
        .exclude(recognition="")  # people with lived experience, not staff profiles
        .order_by("pk")
        .only("id", "access_needs", "formats", "other_language", "access_needs_detail")
    )
    members = list(
        Person.objects.current()
        .exclude(recognition="")
        .exclude(pk__in=[p.pk for p in pool])
        .order_by("pk")
        .only("id", "access_needs", "formats", "other_language", "access_needs_detail")[: ctx.scaled(400)]
    )
    if len(pool) < 2:  # a very small demo: any two members train
        pool += [person for person in members[:2] if person not in pool]
    staff = _staff_learners(ctx, rng, organisations)
    staff_trainers = [p for p, _, _ in staff[:4]]
    courses = _course_rows(officer_id)
    _first_year_rates((ctx.user_ids_by_role.get(Role.FINANCE_APPROVER) or [officer_id])[0])

    co_designers = []
    for course in courses:
        for person in rng.sample(pool, min(len(pool), rng.randint(2, 4))):
            consent = rng.random() < 0.8
            co_designers.append(
                CoDesigner(
                    course=course,
                    person=person,
                    contribution=rng.choice(CONTRIBUTIONS),
                    consents_to_credit=consent,
                    consent_recorded_at=course.created_at if consent else None,
                    added_by_id=officer_id,
                )
            )
    CoDesigner.objects.bulk_create(co_designers)

    # Sessions: each course on its own rhythm, two years back and three months ahead.
    planned = []
    monday = ANCHOR.date()
    for n, course in enumerate(courses):
        weeks, places = COURSES[n][7], COURSES[n][8]
        for week in range(-WEEKS_BACK + n, WEEKS_AHEAD, weeks):
            day = monday + datetime.timedelta(weeks=week, days=(n + week) % 4 + 1)
            online = course.format == "online"
            starts = london_datetime(day, datetime.time(10 if n % 2 else 13, 0 if n % 2 else 30))
            venue = None if online else venues[(n + week) % len(venues)]
            meeting = Meeting(
                body=body,
                title=course.title,
                purpose=course.summary,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=float(course.duration_hours)),
                mode=Mode.ONLINE if online else Mode.IN_PERSON,
                venue=venue,
                online_link="https://meet.wyvernshire.example/" + str(rng.randrange(10**8, 10**9))
                if online
                else "",
                capacity=places,
                organiser=officer,
                created_by=officer,
                created_at=starts - datetime.timedelta(days=42),
            )
            planned.append((course, meeting))
    Meeting.objects.bulk_create([m for _, m in planned], batch_size=BATCH_SIZE)
    sessions = [
        Session(course=course, meeting=meeting, starts_at=meeting.starts_at) for course, meeting in planned
    ]
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)

    trainers, registrations, bookings, attendance, prep_meetings = [], [], [], [], []
    learner_rows = []  # (session, booking, present)
    for session in sessions:
        meeting = session.meeting
        past = meeting.ends_at < ANCHOR
        lead, *others = rng.sample(pool, 2)
        rows = [
            CoTrainer(session=session, person=lead, role=TrainerRole.LEAD, kind=TrainerKind.LIVED_EXPERIENCE)
        ]
        if rng.random() < 0.7:
            rows.append(
                CoTrainer(
                    session=session,
                    person=others[0],
                    role=TrainerRole.CO_TRAINER,
                    kind=TrainerKind.LIVED_EXPERIENCE,
                )
            )
        staff_trainer = rng.choice(staff_trainers) if staff_trainers and rng.random() < 0.4 else None
        if staff_trainer is not None and staff_trainer.pk not in {row.person.pk for row in rows}:
            rows.append(
                CoTrainer(
                    session=session, person=staff_trainer, role=TrainerRole.CO_TRAINER, kind=TrainerKind.STAFF
                )
            )
        for row in rows:
            row.preparation_hours = (
                Decimal(rng.choice(["1.00", "1.50", "2.00", "2.00", "3.00"]))
                if past and row.is_paid
                else Decimal("0.00")
            )
        trainers += rows
        # Learners: how popular the session was varies; future ones are still filling up.
        capacity = meeting.capacity
        demand = rng.randint(capacity // 2, capacity + 3) if past else rng.randint(0, capacity)
        trainer_ids = {row.person_id for row in rows}
        chosen_members = [
            p for p in rng.sample(members, min(len(members), demand)) if p.pk not in trainer_ids
        ]
        audiences = set(session.course.audiences)
        staff_share = 0.6 if "staff" in audiences else 0.0
        people = []
        for person in chosen_members:
            if rng.random() < staff_share:
                person, organisation, department = rng.choice(staff)
                role = LearnerRole.STAFF if organisation.kind in ("council", "nhs") else LearnerRole.PARTNER
            else:
                organisation, department = None, ""
                role = (
                    LearnerRole.CHAMPION
                    if "champions" in audiences and rng.random() < 0.3
                    else LearnerRole.MEMBER
                )
            if person.pk in trainer_ids or person.pk in {p.pk for p, *_ in people}:
                continue
            people.append((person, role, organisation, department))
        for n, (person, role, organisation, department) in enumerate(people):
            status = RegistrationStatus.REGISTERED if n < capacity else RegistrationStatus.WAITING
            booked_at = meeting.starts_at - datetime.timedelta(days=rng.randint(3, 40))
            registration = Registration(
                meeting=meeting,
                person=person,
                status=status,
                status_changed_at=booked_at,
                access_needs=list(person.access_needs or []),
                formats=list(person.formats or []),
                other_language=person.other_language or "",
                adjustments_detail=person.access_needs_detail or "",
                reminder_sent_at=meeting.starts_at - datetime.timedelta(days=2)
                if past and status == "registered"
                else None,
                on_behalf_by=officer
                if role in (LearnerRole.STAFF, LearnerRole.PARTNER) and rng.random() < 0.5
                else None,
            )
            registrations.append(registration)
            booking = Booking(
                session=session,
                person=person,
                registration=registration,
                role=role,
                department=department,
                organisation=organisation,
                booked_by=officer,
                booked_at=booked_at,
                starts_at=meeting.starts_at,
            )
            bookings.append(booking)
            if past and status == RegistrationStatus.REGISTERED:
                roll = rng.random()
                present = roll < 0.85
                learner_rows.append((session, booking, present))
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        status=AttendanceStatus.PRESENT
                        if present
                        else (AttendanceStatus.APOLOGIES if roll < 0.95 else AttendanceStatus.ABSENT),
                        hours=meeting.duration_hours if present else Decimal("0.00"),
                        recorded_by=officer,
                        recorded_at=meeting.ends_at + datetime.timedelta(hours=3),
                        first_recorded_at=meeting.ends_at + datetime.timedelta(hours=3),
                    )
                )
                ctx.pay_at[(meeting.pk, person.pk)] = ("", Decimal("0.00"))
        if past:
            for row in rows:
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person_id=row.person_id,
                        status=AttendanceStatus.PRESENT,
                        hours=meeting.duration_hours,
                        recorded_by=officer,
                        recorded_at=meeting.ends_at + datetime.timedelta(hours=3),
                        first_recorded_at=meeting.ends_at + datetime.timedelta(hours=3),
                    )
                )
                paid = row.is_paid
                ctx.pay_at[(meeting.pk, row.person_id)] = (
                    (Activity.TRAINING, meeting.duration_hours) if paid else ("", Decimal("0.00"))
                )
            starts = meeting.starts_at - datetime.timedelta(days=rng.randint(2, 6))
            prep_meetings.append(
                (
                    session,
                    Meeting(
                        body=body,
                        title=f"Preparing: {session.course.title}",
                        purpose=f"Co-trainers' preparation for the session on {meeting.starts_at:%d %B %Y}.",
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(hours=3),
                        mode=Mode.ONLINE,
                        organiser=officer,
                        created_by=officer,
                        created_at=meeting.ends_at,
                    ),
                    [row for row in rows if row.is_paid],
                )
            )
    CoTrainer.objects.bulk_create(trainers, batch_size=BATCH_SIZE)
    Meeting.objects.bulk_create([m for _, m, _ in prep_meetings], batch_size=BATCH_SIZE)
    for session, prep, paid_rows in prep_meetings:
        session.preparation_meeting = prep
        for row in paid_rows:
            attendance.append(
                Attendance(
                    meeting=prep,
                    person_id=row.person_id,
                    status=AttendanceStatus.PRESENT,
                    hours=row.preparation_hours,
                    recorded_by=officer,
                    recorded_at=session.meeting.ends_at + datetime.timedelta(hours=4),
                    first_recorded_at=session.meeting.ends_at + datetime.timedelta(hours=4),
                )
            )
            ctx.pay_at[(prep.pk, row.person_id)] = (Activity.PREPARATION, row.preparation_hours)
    Session.objects.bulk_update(
        [s for s, _, _ in prep_meetings], ["preparation_meeting"], batch_size=BATCH_SIZE
    )
    Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)
    for booking in bookings:
        booking.registration_id = booking.registration.pk
    Booking.objects.bulk_create(bookings, batch_size=BATCH_SIZE)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)

    feedback = []
    for session, booking, present in learner_rows:
        if not present or rng.random() < 0.35:
            continue
        mood = rng.choice([5, 5, 4, 4, 4, 3, 5, 4, 2])
        source = rng.choices(
            [FeedbackSource.ONLINE, FeedbackSource.EASY_READ, FeedbackSource.PAPER], weights=[6, 2, 2]
        )[0]
        feedback.append(
            Feedback(
                session=session,
                booking=booking,
                overall=mood,
                learned=max(1, min(5, mood + rng.choice([-1, 0, 0, 1]))),
                accessible=max(1, min(5, mood + rng.choice([-1, 0, 0, 0, 1]))),
                went_well=rng.choice(WENT_WELL) if mood >= 3 else rng.choice(WENT_WELL[-6:]),
                could_be_better=rng.choice(COULD_BE_BETTER),
                source=source,
                entered_by=officer if source == FeedbackSource.PAPER else None,
                submitted_at=session.meeting.ends_at + datetime.timedelta(days=rng.randint(0, 10)),
                starts_at=session.starts_at,
            )
        )
    Feedback.objects.bulk_create(feedback, batch_size=BATCH_SIZE)

    for course in courses:
        ctx.audit.add(
            "training.course_created", course, ["title", "summary", "audiences", "learning_outcomes"]
        )
    for session in sessions:
        ctx.audit.add("training.session_created", session, ["course", "meeting", "co_trainers"])
    for booking in bookings:
        ctx.audit.add("training.booked", booking, ["role", "department", "organisation"])
    for row in feedback:
        ctx.audit.add("training.feedback_given", row, ["overall", "learned", "accessible", "source"])
    ctx.audit.flush()
    ctx.counts["training courses"] = len(courses)
    ctx.counts["training sessions"] = len(sessions)
    ctx.counts["training bookings"] = len(bookings)
    ctx.counts["training feedback"] = len(feedback)
