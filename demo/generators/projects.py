"""Projects: about 60 co-produced projects across Wyvernshire's service areas, at every stage, with teams
drawn from the demo people, stage histories, ladder ratings, outputs, "you said, we did" updates, group
agreements and jargon busters. Most active and closed projects are published."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.text import slugify

from coproduce.accounts.models import Role, User
from coproduce.people.models import Person
from coproduce.projects.choices import (
    LIVED_EXPERIENCE_ROLES,
    STAGE_ORDER,
    OutputKind,
    PublicSection,
    RatingMoment,
    Rung,
    Stage,
    TeamRole,
    TriageState,
)
from coproduce.projects.models import (
    AgreementStatement,
    JargonTerm,
    LadderRating,
    Organisation,
    Output,
    Project,
    ServiceArea,
    StageChange,
    TeamMember,
    Update,
)

from ..logins import DEMO_DOMAIN
from .context import ANCHOR, BATCH_SIZE, DemoContext

PROJECTS = 60

ORGANISATIONS = [
    ("Wyvernshire County Council – Adult Social Care", Organisation.Kind.COUNCIL),
    ("Wyvernshire County Council – Children's Services", Organisation.Kind.COUNCIL),
    ("Wyvernshire County Council – Public Health", Organisation.Kind.COUNCIL),
    ("Wyvernshire County Council – Highways and Transport", Organisation.Kind.COUNCIL),
    ("Wyvernshire County Council – Housing Partnerships", Organisation.Kind.COUNCIL),
    ("Wyvern Valley NHS Foundation Trust", Organisation.Kind.NHS),
    ("Wyvernshire Integrated Care Board", Organisation.Kind.NHS),
    ("Wyvernshire Carers' Centre", Organisation.Kind.VOLUNTARY),
    ("Mind in Wyvernshire", Organisation.Kind.VOLUNTARY),
    ("Age Concern Wyvern", Organisation.Kind.VOLUNTARY),
    ("Wyvernshire Parent Carer Forum", Organisation.Kind.VOLUNTARY),
    ("Wyvern Homes Housing Association", Organisation.Kind.OTHER),
]

# Service area (as in the data migration) → (organisation index, titles).
TITLES = {
    "Adult social care": (
        0,
        [
            "Redesigning day opportunities in Wyvern Vale",
            "Direct payments made simpler",
            "Home care charging review",
            "Reablement after hospital",
            "Care assessment letters in plain English",
            "Shared Lives carers recruitment",
        ],
    ),
    "Mental health": (
        5,
        [
            "Crisis café in Ashbury",
            "Community mental health transformation",
            "Discharge from inpatient wards",
            "Peer support worker roles",
            "Talking therapies waiting list support",
            "Mental health and money advice",
        ],
    ),
    "Learning disability": (
        0,
        [
            "Annual health checks uptake",
            "Easy read hospital passport",
            "Supported employment pathway",
            "Short breaks for adults with a learning disability",
            "Learning disability partnership board refresh",
            "Safe places scheme",
        ],
    ),
    "Children and families": (
        1,
        [
            "Family hubs in the north of the county",
            "Care leavers' local offer",
            "Early help assessment",
            "Young carers' identification in schools",
            "Child protection conference experience",
            "Foster carer support groups",
        ],
    ),
    "Housing": (
        11,
        [
            "Adaptations waiting times",
            "Homelessness prevention letters",
            "Extra care housing design",
            "Tenant voice in repairs",
            "Supported housing for young people",
            "Temporary accommodation standards",
        ],
    ),
    "Public health": (
        2,
        [
            "Healthy weight services for families",
            "Stop smoking support in pregnancy",
            "Drug and alcohol recovery community",
            "Suicide prevention strategy",
            "Social prescribing in rural areas",
            "Sexual health clinic access",
        ],
    ),
    "Special educational needs and disabilities (SEND)": (
        10,
        [
            "EHCP annual review experience",
            "SEND local offer website",
            "Preparing for adulthood pathway",
            "Home to school transport for SEND pupils",
            "Autism assessment waiting well",
            "Short breaks for disabled children",
        ],
    ),
    "Carers": (
        7,
        [
            "Carers' breaks review",
            "Carers' assessment form redesign",
            "Carers' emergency plan",
            "Hospital discharge and carers",
            "Working carers' support",
            "Carers' strategy refresh",
        ],
    ),
    "Transport": (
        3,
        [
            "Dial-a-ride booking",
            "Accessible bus stops on the A49 corridor",
            "Community transport for hospital appointments",
            "Blue badge renewals",
            "Travel training for young people",
            "Rural bus timetable consultation",
        ],
    ),
    "Older people": (
        9,
        [
            "Falls prevention classes",
            "Loneliness and isolation in market towns",
            "Dementia-friendly libraries",
            "Care home visiting",
            "Digital inclusion for older people",
            "Winter warmth checks",
        ],
    ),
}

AGREEMENT = [
    "We treat each other as equals",
    "We listen without interrupting",
    "We keep what is shared in the room confidential",
    "We avoid jargon, and anyone can ask what a word means",
    "We start and finish on time",
    "Everyone gets a chance to speak",
    "It is fine to take a break at any time",
    "We challenge ideas, not people",
    "Phones on silent during meetings",
    "We say when we disagree",
]
JARGON = [
    ("EHCP", "Education, health and care plan: a legal document setting out a child's needs and support."),
    ("Commissioning", "How the council decides which services to buy, and from whom."),
    ("Reablement", "Short-term help at home to get back your confidence and skills after illness."),
    ("ICB", "Integrated Care Board: the NHS body that plans health services for the county."),
    ("Co-production", "People who use services, carers and staff working as equals from start to finish."),
    ("Personal budget", "Money the council agrees to spend on your care and support."),
    ("Outcome", "The difference a service makes to someone's life."),
    ("Pathway", "The steps someone goes through to get a service."),
    ("Stakeholder", "Anyone who is affected by, or has a say in, a decision."),
    ("Signposting", "Pointing someone to another service that can help."),
]
YOU_SAID_WE_DID = [
    ("The letters are hard to understand.", "We rewrote them with the group and tested them in easy read."),
    ("Meetings in the daytime rule out working carers.", "We now hold every other meeting in the evening."),
    (
        "The venue has no hearing loop.",
        "We moved to the library, which has one, and booked a BSL interpreter.",
    ),
    ("Nobody tells us what happened after we gave our views.", "We post an update here after each meeting."),
    (
        "Travel costs put people off.",
        "We pay taxi fares upfront instead of asking people to claim them back.",
    ),
    ("The form asks the same questions twice.", "We cut the form from twelve pages to five."),
]
OUTPUTS = [
    (OutputKind.DOCUMENT, "Easy read summary", "A summary of what the group found, in easy read."),
    (OutputKind.DECISION, "Cabinet decision", "Cabinet agreed the group's recommendations in full."),
    (OutputKind.SERVICE_CHANGE, "New booking process", "Bookings can now be made by phone, text or online."),
    (
        OutputKind.DOCUMENT,
        "Co-produced service specification",
        "The specification the new contract is bought on.",
    ),
    (OutputKind.SERVICE_CHANGE, "Evening opening", "The service now opens until 8pm on Thursdays."),
]

# At scale 1: how many projects end at each place (the rest are active, spread over the active stages).
FINISHED = {"awaiting": 4, "more_information": 3, "declined": 4, "stopped": 3, "closed": 15}
ACTIVE = [Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING, Stage.REVIEWING]
STAGE_PROGRESS = {
    "declined": 0,
    Stage.SCOPING: 1,
    Stage.DESIGNING: 2,
    Stage.DELIVERING: 3,
    "stopped": 3,
    Stage.REVIEWING: 4,
    "closed": 6,
}


def service_areas() -> dict[str, ServiceArea]:
    """The data migration's list (put back if a test emptied the table)."""
    found = {}
    for order, name in enumerate(TITLES):
        found[name], _ = ServiceArea.objects.get_or_create(
            name=name, defaults={"order": order, "slug": slugify(name)[:100]}
        )
    return found


def outcomes(ctx: DemoContext, total: int) -> list[str]:
    planned = []
    for outcome, base in FINISHED.items():
        planned += [outcome] * max(1, round(base * total / PROJECTS))
    planned = planned[:total]
    planned += [ACTIVE[n % len(ACTIVE)] for n in range(total - len(planned))]
    ctx.rng("projects:outcomes").shuffle(planned)
    return planned


def staff_people(user_ids: list[int], when: datetime.datetime) -> dict[int, Person]:
    """A profile for each staff user put on a team (staff have none from the people generator)."""
    existing = {p.user_id: p for p in Person.objects.filter(user_id__in=user_ids)}
    new = []
    for user in User.objects.filter(pk__in=user_ids).exclude(pk__in=existing).order_by("pk"):
        person = Person(full_name=user.full_name, email=user.email, user=user, registered_at=when)
        new.append(person)
    Person.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return {**existing, **{p.user_id: p for p in new}}


class Planner:
    """Builds one project and everything hanging off it, in memory, for bulk creation."""

    def __init__(self, ctx, areas, organisations, leads, officers, lived_people, staff):
        self.rng = ctx.rng("projects")
        self.areas, self.organisations = areas, organisations
        self.leads, self.officers, self.lived_people, self.staff = leads, officers, lived_people, staff
        self.projects, self.changes, self.ratings, self.team = [], [], [], []
        self.outputs, self.updates, self.agreement, self.jargon = [], [], [], []

    def plan(self, n: int, area_name: str, title: str, outcome: str, lead_id: int) -> None:
        rng = self.rng
        org_index, _ = TITLES[area_name]
        if rng.random() < 0.3:
            org_index = rng.randrange(len(self.organisations))
        # Further along means asked for longer ago: about two months a stage.
        stages_done = STAGE_PROGRESS.get(outcome, 0)
        days_ago = stages_done * rng.randint(45, 75) + rng.randint(3, 25)
        requested_at = ANCHOR - datetime.timedelta(days=days_ago, hours=rng.randint(0, 8))
        project = Project(
            title=title,
            slug=slugify(title)[:140] + (f"-{n}" if n >= PROJECTS else ""),
            service_area=self.areas[area_name],
            organisation=self.organisations[org_index],
            summary=f"How {title[0].lower() + title[1:]} should work for the people who use it.",
            affects=f"People who use {area_name.lower()} services in Wyvernshire, their families and carers.",
            can_change="How the service is designed, booked and explained; what it offers and where.",
            cannot_change="The legal duties the council must meet and the overall budget for the year.",
            decision_deadline=(requested_at + datetime.timedelta(days=rng.randint(120, 400))).date(),
            involvement_budget=Decimal(rng.choice([750, 1200, 1500, 2500, 4000, 6000])).quantize(
                Decimal("0.01")
            ),
            hoped_rung=rng.choice([Rung.CONSULTING, Rung.CO_DESIGNING, Rung.CO_PRODUCING, Rung.CO_PRODUCING]),
            requested_by_id=lead_id,
            requested_at=requested_at,
            stage_changed_at=requested_at,
        )
        project._demo = {"outcome": outcome, "lead": lead_id}
        self.projects.append(project)

    def fill(self, project: Project) -> None:
        """Triage, stages, ratings and team for a saved project."""
        rng, outcome = self.rng, project._demo["outcome"]
        officer = rng.choice(self.officers)
        when = project.requested_at
        self.changes.append(
            StageChange(
                project=project,
                to_stage=Stage.REQUESTED,
                changed_by_id=project.requested_by_id,
                changed_at=when,
            )
        )
        if outcome == "awaiting":
            return
        when = min(when + datetime.timedelta(days=rng.randint(2, 12)), ANCHOR)
        project.triaged_by_id, project.triaged_at = officer, when
        if outcome == "more_information":
            project.triage_state = TriageState.MORE_INFORMATION
            project.triage_message = (
                "Could you say who will make the final decision, and what the budget pays for?"
            )
            return
        if outcome == "declined":
            project.triage_state = TriageState.DECLINED
            project.triage_message = (
                "The decision has already been made, so there is nothing people could change."
            )
            self._move(project, Stage.DECLINED, officer, when, project.triage_message)
            return
        self._accept(project, officer, when)
        final = Stage.CLOSED if outcome == "closed" else Stage.REVIEWING if outcome == "stopped" else outcome
        for stage in STAGE_ORDER[2 : STAGE_ORDER.index(final) + 1]:
            when = min(when + datetime.timedelta(days=rng.randint(25, 70)), ANCHOR)
            if outcome == "stopped" and stage != Stage.SCOPING and rng.random() < 0.5:
                break
            self._move(project, stage, officer, when)
            if stage in (Stage.REVIEWING, Stage.CLOSED):
                self._rate(
                    project,
                    RatingMoment.REVIEW if stage == Stage.REVIEWING else RatingMoment.CLOSE,
                    officer,
                    when,
                )
        if outcome == "stopped":
            when = min(when + datetime.timedelta(days=rng.randint(10, 40)), ANCHOR)
            project.stopped_reason = (
                "The service was recommissioned by the NHS and the project could not continue."
            )
            self._move(project, Stage.STOPPED, officer, when, project.stopped_reason)
        self._team(project)
        self._content(project)
        project.is_published = rng.random() < 0.8
        extra = [s for s in PublicSection.values if s != PublicSection.ABOUT and rng.random() < 0.75]
        project.public_sections = [PublicSection.ABOUT, *extra]

    def _move(self, project, stage, officer, when, reason=""):
        self.changes.append(
            StageChange(
                project=project,
                from_stage=project.stage,
                to_stage=stage,
                reason=reason,
                changed_by_id=officer,
                changed_at=when,
            )
        )
        project.stage, project.stage_changed_at = stage, when

    def _accept(self, project, officer, when):
        rng = self.rng
        target = rng.choice(
            [Rung.CO_PRODUCING, Rung.CO_PRODUCING, Rung.CO_DESIGNING, Rung.CO_DESIGNING, Rung.ENGAGING]
        )
        project.triage_state = TriageState.ACCEPTED
        project.target_rung = target
        project.principles_check = {
            "equality": "Everyone is paid the same rate; people with lived experience co-chair meetings.",
            "diversity": "Recruiting through community groups the programme has not reached before.",
            "accessibility": "Step-free venues, easy read papers a week ahead, online and in person.",
            "reciprocity": "Paid for time and travel; training and a reference for everyone who wants one.",
        }
        if target < Rung.CO_DESIGNING:
            project.below_co_production_reason = "A first step with a service new to co-production."
        self.ratings.append(
            LadderRating(
                project=project,
                moment=RatingMoment.TARGET,
                rung=target,
                rated_by_id=officer,
                rated_at=when,
                justification="The service can share decisions about design with the people who use it.",
            )
        )
        self._move(project, Stage.SCOPING, officer, when)

    def _rate(self, project, moment, officer, when):
        rung = max(
            Rung.CONSULTING,
            min(Rung.CO_PRODUCING, project.target_rung + self.rng.choice([-2, -1, 0, 0, 0, 1])),
        )
        self.ratings.append(
            LadderRating(
                project=project,
                moment=moment,
                rung=rung,
                rated_by_id=officer,
                rated_at=when,
                justification="Meeting notes show the group set the agenda and agreed the final design.",
            )
        )
        project.achieved_rung = rung

    def _team(self, project):
        rng = self.rng
        joined = project.stage_changed_at
        self.team.append(
            TeamMember(
                project=project,
                person=self.staff[project.requested_by_id],
                role=TeamRole.STAFF_LEAD,
                joined_at=joined,
            )
        )
        staff_heavy = rng.random() < 0.1
        if staff_heavy or rng.random() < 0.5:
            officer = rng.choice(self.officers)
            self.team.append(
                TeamMember(
                    project=project, person=self.staff[officer], role=TeamRole.FACILITATOR, joined_at=joined
                )
            )
        size = 1 if staff_heavy else rng.randint(3, 8)
        roles = [TeamRole.CO_LEAD] + [
            rng.choice([TeamRole.MEMBER, TeamRole.MEMBER, TeamRole.PEER_RESEARCHER]) for _ in range(size - 1)
        ]
        for person, role in zip(rng.sample(self.lived_people, size), roles, strict=True):
            self.team.append(TeamMember(project=project, person=person, role=role, joined_at=joined))

    def _content(self, project):
        rng = self.rng
        for text in rng.sample(AGREEMENT, rng.randint(4, 6)):
            self.agreement.append(AgreementStatement(project=project, text=text, order=len(self.agreement)))
        for term, meaning in rng.sample(JARGON, rng.randint(3, 5)):
            self.jargon.append(JargonTerm(project=project, term=term, meaning=meaning))
        if project.stage in (Stage.SCOPING,):
            return
        day = project.stage_changed_at.date()
        for said, did in rng.sample(YOU_SAID_WE_DID, rng.randint(1, 3)):
            day -= datetime.timedelta(days=rng.randint(7, 40))
            self.updates.append(Update(project=project, you_said=said, we_did=did, date=day))
        if project.stage in (Stage.DELIVERING, Stage.REVIEWING, Stage.CLOSED):
            for kind, title, description in rng.sample(OUTPUTS, rng.randint(1, 3)):
                self.outputs.append(
                    Output(project=project, kind=kind, title=title, description=description, date=day)
                )


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("projects")
    areas = service_areas()
    organisations = [
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in ORGANISATIONS
    ]
    leads = sorted(set(ctx.user_ids_by_role[Role.PROJECT_LEAD]))
    officers = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))
    demo_lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").values_list("pk", flat=True).first()
    demo_member = Person.objects.filter(user__email=f"member@{DEMO_DOMAIN}").first()
    lived = list(
        Person.objects.filter(user__isnull=False).exclude(user_id__in=leads + officers).order_by("pk")[:400]
    )
    lived += list(Person.objects.filter(user__isnull=True).order_by("pk")[:200])
    staff = staff_people(leads + officers, ANCHOR - datetime.timedelta(days=800))

    planner = Planner(ctx, areas, organisations, leads, officers, lived, staff)
    titles = [(area, title) for area, (_, names) in TITLES.items() for title in names]
    total = ctx.scaled(PROJECTS)
    for n, outcome in enumerate(outcomes(ctx, total)):
        area, title = titles[n % len(titles)]
        name = title if n < len(titles) else f"{title} (phase {n // len(titles) + 1})"
        planner.plan(n, area, name, outcome, rng.choice(leads))
    if demo_lead:
        # The demo lead's own requests show each status: awaiting, more information asked, declined, active.
        for outcome in ("awaiting", "more_information", "declined", Stage.DESIGNING, "closed"):
            project = next((p for p in planner.projects if p._demo["outcome"] == outcome), None)
            if project is not None:
                project.requested_by_id = demo_lead
    Project.objects.bulk_create(planner.projects, batch_size=BATCH_SIZE)
    for project in planner.projects:
        planner.fill(project)
    if demo_member:
        joined = [p for p in planner.projects if p.stage in (Stage.DESIGNING, Stage.DELIVERING)][:2]
        for project, role in zip(joined, (TeamRole.CO_LEAD, TeamRole.MEMBER), strict=False):
            if not any(m.project is project and m.person_id == demo_member.pk for m in planner.team):
                planner.team.append(
                    TeamMember(
                        project=project, person=demo_member, role=role, joined_at=project.stage_changed_at
                    )
                )
    Project.objects.bulk_update(
        planner.projects,
        [
            "triage_state",
            "triage_message",
            "triaged_by",
            "triaged_at",
            "principles_check",
            "below_co_production_reason",
            "stage",
            "stage_changed_at",
            "stopped_reason",
            "target_rung",
            "achieved_rung",
            "is_published",
            "public_sections",
        ],
        batch_size=BATCH_SIZE,
    )
    for model, rows in (
        (StageChange, planner.changes),
        (LadderRating, planner.ratings),
        (TeamMember, planner.team),
        (Output, planner.outputs),
        (Update, planner.updates),
        (AgreementStatement, planner.agreement),
        (JargonTerm, planner.jargon),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    _audit(ctx, planner)


def _audit(ctx: DemoContext, planner: Planner) -> None:
    for project in planner.projects:
        ctx.audit.add("project.requested", project, ["title", "summary", "stage"])
    for change in planner.changes:
        if change.from_stage:
            ctx.audit.add("project.stage_changed", change.project, ["stage", "stage_changed_at"])
    for member in planner.team:
        ctx.audit.add("project.team_member_added", member, ["person", "role"])
    for rating in planner.ratings:
        ctx.audit.add("project.rated", rating, ["moment", "rung", "justification"])
    ctx.audit.flush()
    ctx.counts["projects"] = len(planner.projects)
    ctx.counts["team places"] = len(planner.team)
    ctx.counts["lived-experience team places"] = sum(
        1 for m in planner.team if m.role in LIVED_EXPERIENCE_ROLES
    )
