"""Opportunities: a few for each active project the projects generator made (scoping, designing, delivering)
and a few programme-wide ones (the board, a reading panel, an interview panel, co-trainers), some open, some
closed awaiting a decision, some filled; expressions of interest from people whose lived experience fits,
some selected (they join the project team), some not, some withdrawn; a few invitations. With no projects,
only the programme-wide ones are made."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from coproduce.accounts.models import Role
from coproduce.opportunities import emails
from coproduce.opportunities.choices import CameIn, InterestStatus, InvitationMethod, Mode, OtherWay, Status
from coproduce.opportunities.models import ExpressionOfInterest, Invitation, Opportunity
from coproduce.opportunities.reward import RewardUnit
from coproduce.payments.choices import Activity
from coproduce.people.choices import Day, TimeOfDay
from coproduce.people.models import Interest, LivedExperienceArea, Person
from coproduce.projects.choices import Stage, TeamRole
from coproduce.projects.models import Project, TeamMember

from .context import ANCHOR, BATCH_SIZE, DemoContext

ACTIVE_STAGES = (Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING)
TODAY = ANCHOR.date()


@dataclass(frozen=True)
class Template:
    title: str
    description: str
    time_commitment: str
    mode: str
    location: str
    reward: tuple[Decimal | None, str, str]  # a stated amount, the unit, a rate-card activity
    places: int
    areas: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    status: str = ""  # fixed for programme-wide ones; drawn for project ones


PROGRAMME_WIDE = (
    Template(
        "Join the co-production board",
        "The board checks, challenges, advises and supports the programme. We are looking for a member with "
        "lived experience, who may later become co-chair. Papers are sent a week before each meeting.",
        "3 hours every two months, for two years",
        Mode.HYBRID,
        "County Hall, Market Square, Wyvernbridge, or online",
        (None, RewardUnit.RATE_CARD, Activity.CO_CHAIRING),
        2,
        ("Adult social care", "Unpaid carer", "Mental health"),
        ("Commissioning and contracts", "Community groups"),
        Status.OPEN,
    ),
    Template(
        "Reading panel for easy-read leaflets",
        "Read draft leaflets and letters at home and tell us what is hard to understand. We post them or "
        "email them, whichever you prefer.",
        "About 1 hour a month, from home",
        Mode.ONLINE,
        "",
        (Decimal("20.00"), RewardUnit.PER_HOUR, ""),
        8,
        ("Learning disability", "Autism", "Sensory impairment"),
        ("Information and advice",),
        Status.OPEN,
    ),
    Template(
        "Interview panel for a new director",
        "Sit on the panel that interviews candidates for Director of Adult Social Care. We will prepare "
        "questions together beforehand.",
        "One preparation session and one interview day",
        Mode.IN_PERSON,
        "County Hall, Market Square, Wyvernbridge",
        (None, RewardUnit.RATE_CARD, Activity.INTERVIEW_PANEL),
        2,
        ("Adult social care", "Older age", "Physical disability"),
        ("Training staff",),
        Status.FILLED,
    ),
    Template(
        "Co-trainer for the co-production course",
        "Deliver our half-day introduction to co-production alongside a member of staff, sharing your own "
        "experience. Training for co-trainers is provided.",
        "Four half days a year",
        Mode.IN_PERSON,
        "Oakhollow Community Centre",
        (None, RewardUnit.RATE_CARD, Activity.TRAINING),
        3,
        ("Mental health", "Unpaid carer", "Learning disability"),
        ("Training staff",),
        Status.CLOSED,
    ),
)

PROJECT_ROLES = (
    (
        "Member of the design group",
        "Work with staff and other people with lived experience to redesign {project}. We meet, talk through "
        "ideas and decide together what to try.",
        "2 hours a month for 6 months",
        (None, RewardUnit.RATE_CARD, Activity.MEETING),
        6,
    ),
    (
        "Peer researcher",
        "Talk to people who use the service about their experience, with training and support, and help make "
        "sense of what they say for {project}.",
        "About 4 hours a week for 3 months",
        (None, RewardUnit.RATE_CARD, Activity.PEER_RESEARCH),
        3,
    ),
    (
        "Co-lead with lived experience",
        "Lead {project} side by side with the staff lead: plan meetings, chair some of them and make sure "
        "everyone's voice is heard.",
        "Half a day a week",
        (None, RewardUnit.RATE_CARD, Activity.HALF_DAY),
        1,
    ),
    (
        "Join a one-off workshop",
        "Spend a morning with us sharing what works and what does not in {project}. Lunch is provided.",
        "One morning",
        (None, RewardUnit.VOLUNTARY, ""),
        12,
    ),
)
TOWNS = ("Wyvernbridge", "Oakhollow", "Marsh Tansy", "Brackenford", "Kestrel Down", "Sloeby", "Larchmere")
WHY = (
    "I have used this service for years and know where it works and where it does not.",
    "I care for my mum and want other carers to have an easier time than we did.",
    "I want to make sure people like me are listened to.",
    "I have been on the receiving end and I think I can help put things right.",
    "Something like this helped me, and I would like to give something back.",
)
BRINGS = (
    "Patience, and my own experience of waiting for support.",
    "I used to work in an office, so I am happy reading papers.",
    "I know lots of people in my village who use the service.",
    "I am good at listening and at asking awkward questions.",
    "Experience of sitting on a patient group.",
)
STATUS_WEIGHTS = {Status.OPEN: 0.5, Status.CLOSED: 0.2, Status.FILLED: 0.25, Status.DRAFT: 0.05}


@dataclass
class Made:
    opportunities: list[Opportunity] = field(default_factory=list)
    areas: dict[int, list[int]] = field(default_factory=dict)  # opportunity index -> area ids
    interests: dict[int, list[int]] = field(default_factory=dict)
    expressions: list[ExpressionOfInterest] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)


def dates_for(rng, status: str) -> tuple[datetime.date, datetime.date]:
    """(published, closes) for an opportunity in this status, around the demo's anchor week."""
    if status in (Status.OPEN, Status.DRAFT):
        closes = TODAY + datetime.timedelta(days=rng.randint(7, 42))
    elif status == Status.CLOSED:
        closes = TODAY - datetime.timedelta(days=rng.randint(2, 20))
    else:
        closes = TODAY - datetime.timedelta(days=rng.randint(20, 90))
    return closes - datetime.timedelta(days=rng.randint(21, 42)), closes


WEEKDAYS = [Day.MONDAY, Day.TUESDAY, Day.WEDNESDAY, Day.THURSDAY, Day.FRIDAY]


def when_it_runs(template: Template, seed: int, number: int) -> tuple[list[str], list[str]]:
    """(days, times of day) of the `number`th opportunity planned: about a third flexible, the rest one or two
    weekdays (a Saturday now and then) at one time of day, online ones mostly in the evening. Drawn from their
    own seeded generator, so the rest of the demo is the same with or without them; never from a database id,
    which differs from one load to the next."""
    rng = random.Random(f"when:{seed}:{number}:{template.title}")
    if rng.random() < 0.35:
        return [], []
    days = rng.sample(WEEKDAYS, rng.randint(1, 2)) + ([Day.SATURDAY] if rng.random() < 0.1 else [])
    evening = template.mode == Mode.ONLINE and rng.random() < 0.7
    time = TimeOfDay.EVENING if evening else rng.choice([TimeOfDay.MORNING, TimeOfDay.AFTERNOON])
    return [day for day in Day.values if day in days], [time]


def opportunity_from(rng, template: Template, project_id, officer_id, status, when) -> Opportunity:
    published, closes = dates_for(rng, status)
    days, times = when
    amount, unit, activity = template.reward
    in_person = template.mode != Mode.ONLINE
    return Opportunity(
        project_id=project_id,
        title=template.title,
        description=template.description,
        time_commitment=template.time_commitment,
        starts_on=closes + datetime.timedelta(days=14),
        ongoing=rng.random() < 0.3,
        days=days,
        times_of_day=times,
        mode=template.mode,
        location=template.location,
        access_support=rng.sample(
            ["step_free", "hearing_loop", "breaks", "transport", "papers_in_advance"], 3
        )
        if in_person
        else ["papers_in_advance", "breaks"],
        access_support_detail="We pay for travel, and for a companion's travel too.",
        reward_amount=amount,
        reward_unit=unit,
        reward_activity=activity,
        places=template.places,
        closes_on=closes,
        other_ways=[OtherWay.PHONE, OtherWay.POST] + ([OtherWay.PARTNER] if rng.random() < 0.4 else []),
        other_ways_detail="Phone the co-production team on 01632 960 000, or write to County Hall, Market "
        "Square, Wyvernbridge WY1 1AA. Wyvernshire Carers Centre can also pass your interest on.",
        status=status,
        created_by_id=officer_id,
        created_at=datetime.datetime.combine(published, datetime.time(10), tzinfo=datetime.UTC),
        published_at=None
        if status == Status.DRAFT
        else datetime.datetime.combine(published, datetime.time(11), tzinfo=datetime.UTC),
    )


def project_templates(rng, project, area_names, interest_names) -> list[Template]:
    chosen = rng.sample(PROJECT_ROLES, rng.randint(1, 2))
    templates = []
    for title, description, time, reward, places in chosen:
        mode = rng.choice([Mode.IN_PERSON, Mode.HYBRID, Mode.ONLINE])
        templates.append(
            Template(
                title,
                description.format(project=project.title.lower()),
                time,
                mode,
                "" if mode == Mode.ONLINE else f"{rng.choice(TOWNS)} Library meeting room",
                reward,
                places,
                tuple(rng.sample(area_names, 2)),
                tuple(rng.sample(interest_names, 2)),
            )
        )
    return templates


def candidates_by_area() -> dict[int, list[dict]]:
    """People who agreed to be contacted, by lived-experience area (in id order)."""
    people = {
        row["id"]: row
        for row in Person.objects.current()
        .filter(consents_to_contact=True)
        .order_by("pk")
        .values("id", "user_id", "access_needs", "access_needs_detail", "preferred_contact", "email")
    }
    by_area: dict[int, list[dict]] = defaultdict(list)
    for person_id, area_id in (
        Person.lived_experience.through.objects.filter(person_id__in=list(people))
        .order_by("person_id", "livedexperiencearea_id")
        .values_list("person_id", "livedexperiencearea_id")
    ):
        by_area[area_id].append(people[person_id])
    return by_area


def interest_statuses(rng, opportunity: Opportunity, count: int) -> list[str]:
    """What became of each expression, in order of arrival."""
    statuses = [
        InterestStatus.WITHDRAWN if rng.random() < 0.1 else InterestStatus.ACTIVE for _ in range(count)
    ]
    if opportunity.status == Status.FILLED:
        live = [i for i, status in enumerate(statuses) if status == InterestStatus.ACTIVE]
        selected = set(rng.sample(live, min(opportunity.places, len(live))))
        statuses = [
            status
            if status == InterestStatus.WITHDRAWN
            else (InterestStatus.SELECTED if i in selected else InterestStatus.NOT_SELECTED)
            for i, status in enumerate(statuses)
        ]
    return statuses


def expressions_for(rng, opportunity, area_ids, by_area, officer_ids) -> list[ExpressionOfInterest]:
    pool = {person["id"]: person for area_id in area_ids for person in by_area.get(area_id, [])}
    if opportunity.status == Status.DRAFT or not pool:
        return []
    people = rng.sample(sorted(pool.values(), key=lambda p: p["id"]), min(len(pool), rng.randint(3, 14)))
    published = opportunity.published_at
    window = max(1, (opportunity.closes_on - published.date()).days)
    made = []
    for person, status in zip(people, interest_statuses(rng, opportunity, len(people)), strict=True):
        online = person["user_id"] is not None and rng.random() < 0.85
        created = published + datetime.timedelta(days=rng.randrange(window), hours=rng.randint(1, 8))
        decided = status in (InterestStatus.SELECTED, InterestStatus.NOT_SELECTED)
        made.append(
            ExpressionOfInterest(
                opportunity=opportunity,
                person_id=person["id"],
                why=rng.choice(WHY),
                brings=rng.choice(BRINGS),
                access_needs=person["access_needs"],
                access_needs_detail=person["access_needs_detail"],
                contact_method=person["preferred_contact"],
                status=status,
                came_in=CameIn.ONLINE
                if online
                else rng.choice([CameIn.PHONE, CameIn.POST, CameIn.IN_PERSON]),
                came_in_note="" if online else "Taken down by the co-production team",
                recorded_by_id=person["user_id"] if online else rng.choice(officer_ids),
                created_at=created,
                withdrawn_at=created + datetime.timedelta(days=2)
                if status == InterestStatus.WITHDRAWN
                else None,
                decided_at=opportunity.created_at + datetime.timedelta(days=window + 45) if decided else None,
                decided_by_id=opportunity.created_by_id if decided else None,
                outcome_message=(
                    emails.SELECTED_MESSAGE
                    if status == InterestStatus.SELECTED
                    else emails.NOT_SELECTED_MESSAGE
                )
                if decided
                else "",
            )
        )
    return made


def invitations_for(rng, opportunity, area_ids, by_area, applied: set[int], officer_ids) -> list[Invitation]:
    if opportunity.status != Status.OPEN:
        return []
    pool = sorted({p["id"]: p for a in area_ids for p in by_area.get(a, [])}.values(), key=lambda p: p["id"])
    pool = [person for person in pool if person["id"] not in applied]
    invited = []
    for person in rng.sample(pool, min(len(pool), rng.randint(0, 4))):
        method = InvitationMethod.EMAIL if person["email"] else InvitationMethod.LETTER
        invited.append(
            Invitation(
                opportunity=opportunity,
                person_id=person["id"],
                method=method,
                invited_by_id=rng.choice(officer_ids),
                invited_at=opportunity.published_at + datetime.timedelta(days=rng.randint(1, 10)),
            )
        )
    return invited


def plan_opportunities(rng, areas, interests) -> list[tuple[int | None, Template, str]]:
    """(project id or None, template, status) for every opportunity to make."""
    area_names, interest_names = sorted(areas), sorted(interests)
    planned = [(None, template, template.status) for template in PROGRAMME_WIDE]
    projects = Project.objects.filter(stage__in=ACTIVE_STAGES).order_by("pk")
    for project in projects:
        for template in project_templates(rng, project, area_names, interest_names):
            status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            planned.append((project.pk, template, status))
    return planned


def join_teams(ctx: DemoContext, expressions: list[ExpressionOfInterest]) -> list[TeamMember]:
    """The selected people join their project's team (unless they are on it already)."""
    on_team = set(TeamMember.objects.current().values_list("project_id", "person_id"))
    members = []
    for interest in expressions:
        key = (interest.opportunity.project_id, interest.person_id)
        if interest.status != InterestStatus.SELECTED or key[0] is None or key in on_team:
            continue
        on_team.add(key)
        members.append(
            TeamMember(
                project_id=key[0],
                person_id=key[1],
                # As opportunities.services.select: paid peer research makes the project's peer researcher.
                role=TeamRole.PEER_RESEARCHER
                if interest.opportunity.reward_activity == Activity.PEER_RESEARCH
                else TeamRole.MEMBER,
                joined_at=interest.decided_at,
                added_by_id=interest.decided_by_id,
            )
        )
    TeamMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    for member in members:
        ctx.audit.add("project.team_member_added", member, changed_fields=["person", "role"])
    return members


VERBS = {
    InterestStatus.SELECTED: "opportunity.interest_selected",
    InterestStatus.NOT_SELECTED: "opportunity.interest_declined",
    InterestStatus.WITHDRAWN: "opportunity.interest_withdrawn",
}


def audit(ctx: DemoContext, made: Made) -> None:
    for opportunity in made.opportunities:
        ctx.audit.add(
            "opportunity.advertised", opportunity, changed_fields=["title", "description", "places"]
        )
        if opportunity.status != Status.DRAFT:
            ctx.audit.add("opportunity.published", opportunity, changed_fields=["status", "published_at"])
        if opportunity.status in (Status.CLOSED, Status.FILLED):
            verb = "opportunity.closed" if opportunity.status == Status.CLOSED else "opportunity.filled"
            ctx.audit.add(verb, opportunity, changed_fields=["status"])
    for interest in made.expressions:
        ctx.audit.add("opportunity.interest_expressed", interest, changed_fields=["why", "brings", "came_in"])
        if interest.status in VERBS:
            ctx.audit.add(VERBS[interest.status], interest, changed_fields=["status"])
    for invitation in made.invitations:
        ctx.audit.add("opportunity.invited", invitation, changed_fields=["person", "method"])


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("opportunities")
    officer_ids = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))
    areas = dict(LivedExperienceArea.objects.filter(active=True).values_list("name", "pk"))
    interests = dict(Interest.objects.filter(active=True).values_list("name", "pk"))
    if not officer_ids or not areas:
        return
    by_area = candidates_by_area()
    made = Made()
    for index, (project_id, template, status) in enumerate(plan_opportunities(rng, areas, interests)):
        made.opportunities.append(
            opportunity_from(
                rng,
                template,
                project_id,
                rng.choice(officer_ids),
                status,
                when_it_runs(template, ctx.seed, index),
            )
        )
        made.areas[index] = [areas[name] for name in template.areas if name in areas]
        made.interests[index] = [interests[name] for name in template.interests if name in interests]
    Opportunity.objects.bulk_create(made.opportunities, batch_size=BATCH_SIZE)
    areas_through, interests_through = Opportunity.lived_experience.through, Opportunity.interests.through
    areas_through.objects.bulk_create(
        [
            areas_through(opportunity_id=o.pk, livedexperiencearea_id=a)
            for i, o in enumerate(made.opportunities)
            for a in made.areas[i]
        ]
    )
    interests_through.objects.bulk_create(
        [
            interests_through(opportunity_id=o.pk, interest_id=t)
            for i, o in enumerate(made.opportunities)
            for t in made.interests[i]
        ]
    )
    for index, opportunity in enumerate(made.opportunities):
        expressions = expressions_for(rng, opportunity, made.areas[index], by_area, officer_ids)
        made.expressions += expressions
        applied = {interest.person_id for interest in expressions}
        made.invitations += invitations_for(
            rng, opportunity, made.areas[index], by_area, applied, officer_ids
        )
    ExpressionOfInterest.objects.bulk_create(made.expressions, batch_size=BATCH_SIZE)
    Invitation.objects.bulk_create(made.invitations, batch_size=BATCH_SIZE)
    members = join_teams(ctx, made.expressions)
    audit(ctx, made)
    ctx.audit.flush()
    ctx.counts["opportunities"] = len(made.opportunities)
    ctx.counts["expressions of interest"] = len(made.expressions)
    ctx.counts["invitations"] = len(made.invitations)
    ctx.counts["people joining project teams"] = len(members)
