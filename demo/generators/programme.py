"""The programme around the projects: its record and the seven shifts with dated notes, senior sponsors and
commitments, the co-production team; the board's terms (both co-chairs sign in), its terms of reference
(approved, then reviewed a year on), recruitment at every step, a forward plan on the coming agendas,
challenges to projects in every state, and a concordat with two versions and its signatories.

Everything hangs off what the meetings generator made: the board's members and the decisions that approved
the terms of reference and the concordat (found by their text)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.meetings.models import AgendaItem, Body, Decision, Meeting
from coproduce.opportunities.models import Opportunity
from coproduce.people.models import Person
from coproduce.programme import models as programme_models
from coproduce.programme.choices import BoardRole, ChallengeStatus, Shift
from coproduce.projects.choices import ACTIVE_STAGES, TeamRole
from coproduce.projects.models import Project
from coproduce.projects.models import TeamMember as ProjectTeamMember

from ..logins import DEMO_LOGIN_BY_ROLE
from . import board_meetings
from .context import ANCHOR, BATCH_SIZE, DemoContext

TODAY = ANCHOR.date()
DAY = datetime.timedelta(days=1)

# shift: (status, [(days ago, note)])
SHIFTS = {
    Shift.SENIOR_COMMITMENT: (
        "embedded",
        [
            (610, "The chief executive and the cabinet member agreed to sponsor the programme."),
            (300, "Co-production is named in the corporate plan after the board's letter to the leader."),
        ],
    ),
    Shift.TRAINING: (
        "in_progress",
        [
            (540, "Four co-trainers with lived experience recruited through the network."),
            (120, "Twelve courses run this year; feedback scores average 4.6 out of 5."),
        ],
    ),
    Shift.BOARD: (
        "embedded",
        [
            (700, "The board met for the first time and agreed its terms of reference."),
            (360, "Terms of reference reviewed: a co-chair with lived experience and two-year terms."),
        ],
    ),
    Shift.RESOURCING: (
        "at_risk",
        [
            (420, "Involvement budget agreed for two years from the transformation fund."),
            (45, "The second co-production officer post is not yet funded beyond March."),
        ],
    ),
    Shift.CONCORDAT: (
        "embedded",
        [
            (640, "The concordat adopted by the board; the council and the NHS trust signed first."),
            (150, "Revised concordat adopted; signatories asked to sign the new version."),
        ],
    ),
    Shift.PILOTING: (
        "in_progress",
        [(320, "Carers' breaks and the library outreach van chosen as the first co-produced pilots.")],
    ),
    Shift.EVALUATION: (
        "not_started",
        [(380, "The board agreed to score the seven shifts together every six months.")],
    ),
}

SPONSORS = [
    ("Harriet Oakenshaw", "Chief Executive", "Wyvernshire County Council", 640),
    ("Cllr Dev Marlowe", "Cabinet Member for Adult Social Care", "Wyvernshire County Council", 640),
    ("Dr Ifeoma Brantwood", "Director of Nursing", "Wyvernshire Health and Care NHS Trust", 400),
]

COMMITMENTS = [
    (
        "We will design services with the people who use them, and pay them fairly for their time.",
        "Corporate plan 2025 to 2029, priority 3: People at the heart of services",
        "Cabinet of Wyvernshire County Council",
        300,
    ),
    (
        "Every major change to adult social care will be co-produced from the start, not consulted on at "
        "the end.",
        "Adult social care strategy 2024 to 2027, commitment 5",
        "Director of Adult Social Care",
        560,
    ),
]

TERMS_TEXT = (
    "## Purpose\n\nThe co-production board checks, challenges, advises and supports Wyvernshire's "
    "co-production "
    "programme.\n\n## Membership\n\n- Two co-chairs: one with lived experience, one a senior officer\n"
    "- Members with lived experience are at least half the board\n- Staff, partner members and advisers\n\n"
    "## How we work\n\n- We meet monthly; papers a week ahead, in easy read too\n- Everyone is paid for "
    "their "
    "time at the programme's rate\n- Decisions are made by agreement; if we cannot agree, the co-chairs "
    "decide "
    "together\n"
)

CONCORDAT_V1 = (
    "We, the organisations and people who sign this concordat, agree to work together as equals when we "
    "plan, "
    "design and deliver services in Wyvernshire.\n\n## We will\n\n- involve people from the start, when "
    "things "
    "can still change\n- share power, information and decisions\n- pay people fairly for their time and "
    "expenses\n- make every meeting accessible\n- say what changed because people took part\n\n## The "
    "voluntary "
    "sector\n\nVoluntary and community organisations take part as equal partners, not as suppliers.\n"
)
CONCORDAT_V2 = CONCORDAT_V1.replace(
    "- pay people fairly for their time and expenses\n",
    "- pay people fairly for their time and expenses, within ten working days\n- send easy read papers by "
    "default, not on request\n",
)

ORGANISATION_SIGNATORIES = [
    ("Wyvernshire County Council", "Harriet Oakenshaw, Chief Executive", "organisation", True),
    (
        "Wyvernshire Health and Care NHS Trust",
        "Dr Ifeoma Brantwood, Director of Nursing",
        "organisation",
        True,
    ),
    ("Wyvern Mind", "Sam Yarrow, Chief Officer", "organisation", True),
    ("Wyvernshire Carers' Centre", "Petra Colley, Manager", "organisation", True),
    ("Sloeby Community Trust", "Joe Haverley, Chair", "organisation", False),
    ("Adult Social Care commissioning team", "Wyvernshire County Council", "team", True),
    ("Library outreach team", "Wyvernshire County Council", "team", True),
]

CHALLENGES = [
    # (kind, text, days ago raised, days to respond, state, response, outcome, note)
    (
        "concern",
        "The design was finished before the group first met. How can the group still change it?",
        200,
        21,
        "closed",
        "We have reopened the design and the group will choose between three options.",
        "changed",
        "The board welcomed the change.",
    ),
    (
        "question",
        "How many of the people in the group have used the service in the last two years?",
        150,
        21,
        "closed",
        "Nine of the twelve have used it in the last two years; three are carers.",
        "accepted",
        "",
    ),
    (
        "recommendation",
        "Hold the next workshops in the evening as well, so people who work can take part.",
        120,
        28,
        "closed",
        "We tried, but the venue is not available in the evenings this year.",
        "closed",
        "The board asked the project to look again next year.",
    ),
    (
        "question",
        "What will you tell the group if the budget does not allow what they recommend?",
        40,
        21,
        "responded",
        "We will explain the budget in the next workshop and show what is and is not fixed.",
        "",
        "",
    ),
    (
        "concern",
        "Easy read papers arrived the day before the meeting twice this quarter.",
        30,
        14,
        "awaiting",
        "",
        "",
        "",
    ),
    (
        "recommendation",
        "Pay the peer researchers for the time they spend on analysis, not only interviews.",
        10,
        21,
        "awaiting",
        "",
        "",
        "",
    ),
    (
        "question",
        "Who from the group will present the findings to the decision-makers?",
        5,
        14,
        "awaiting",
        "",
        "",
        "",
    ),
]

RECRUITS = [
    # (steps reached, days ago interested, stopped)
    ("member", 260, False),
    ("induction", 90, False),
    ("conversation", 60, False),
    ("observed", 35, False),
    ("interest", 8, False),
    ("observed", 150, True),
]
BOARD_ADVERT = "Join the co-production board"  # opportunities.PROGRAMME_WIDE
STEP_NAMES = ["interest", "observed", "conversation", "induction", "member"]

PLAN = [
    (0, "Training evaluation: first results", "The evaluator and two co-trainers"),
    (0, "Open challenges: monthly review", "Co-chairs"),
    (1, "Second pilot review: library outreach van", "Pilot steering group"),
    (2, "Concordat: who has still to sign the revised version", "Co-production officer"),
]


def _decision(text: str) -> Decision | None:
    return Decision.objects.filter(body__slug="board", text=text).select_related("meeting").first()


def _terms(rng, board: Body, actor_id: int) -> list[programme_models.BoardTerm]:
    """Terms for the board body's members: the first two are the co-chairs (lived experience, then officer);
    the rest mostly lived experience, with staff, partner members and an adviser."""
    members = list(board.memberships.current().select_related("person").order_by("joined_at", "id"))
    roles = [BoardRole.CO_CHAIR_LIVED, BoardRole.CO_CHAIR_OFFICER]
    rest = [BoardRole.STAFF, BoardRole.PARTNER, BoardRole.STAFF, BoardRole.PARTNER, BoardRole.ADVISER]
    terms, renewals = [], []
    first = TODAY - 700 * DAY
    co_chairs = [m for m in members if m.role == "co_chair"]
    others = [m for m in members if m.role != "co_chair"]
    for n, membership in enumerate([*co_chairs, *others]):
        role = roles[n] if n < 2 else (rest[n - 2] if n - 2 < len(rest) else BoardRole.LIVED)
        starts = first + rng.randrange(0, 200) * DAY if n >= 2 else first
        organisation = {
            BoardRole.CO_CHAIR_OFFICER: "Wyvernshire County Council",
            BoardRole.STAFF: "Wyvernshire County Council",
            BoardRole.PARTNER: rng.choice(
                ["Wyvern Mind", "Wyvernshire Carers' Centre", "Sloeby Community Trust"]
            ),
        }.get(role, "")
        term = programme_models.BoardTerm(
            person=membership.person,
            role=role,
            starts_on=starts,
            ends_on=starts + 730 * DAY,
            organisation=organisation,
            created_by_id=actor_id,
            created_at=ANCHOR - (TODAY - starts).days * DAY,
        )
        terms.append(term)
    programme_models.BoardTerm.objects.bulk_create(terms)
    for term in terms:
        # Terms that have run out are renewed, except one ending soon (the board page flags it).
        if term.ends_on < TODAY + 40 * DAY and term.role != BoardRole.ADVISER:
            start = term.ends_on + DAY
            renewals.append(
                programme_models.BoardTerm(
                    person=term.person,
                    role=term.role,
                    starts_on=start,
                    ends_on=start + 730 * DAY,
                    organisation=term.organisation,
                    renews=term,
                    created_by_id=actor_id,
                )
            )
    programme_models.BoardTerm.objects.bulk_create(renewals)
    return terms + renewals


def _grant_board_role(ctx: DemoContext, terms) -> None:
    """A current term gives its holder's sign-in the board-member role, as services.start_term does (the
    other demo logins keep the roles they show)."""
    other_logins = [login.email for role, login in DEMO_LOGIN_BY_ROLE.items() if role != Role.BOARD_MEMBER]
    skip = set(RoleGrant.objects.filter(role=Role.BOARD_MEMBER).values_list("user_id", flat=True))
    skip |= set(User.objects.filter(email__in=other_logins).values_list("pk", flat=True))
    holders = {
        term.person.user_id: term
        for term in terms
        if term.is_current(TODAY) and term.person.user_id and term.person.user_id not in skip
    }
    grants = [
        RoleGrant(
            user_id=user_id,
            role=Role.BOARD_MEMBER,
            granted_by_id=term.created_by_id,
            granted_at=ANCHOR - (TODAY - max(term.starts_on, TODAY - 700 * DAY)).days * DAY,
        )
        for user_id, term in sorted(holders.items())
    ]
    RoleGrant.objects.bulk_create(grants)
    for grant in grants:
        ctx.user_ids_by_role[Role.BOARD_MEMBER].append(grant.user_id)
        ctx.audit.add("accounts.role_granted.board_member", User(pk=grant.user_id), ["roles"])


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("programme")
    officer_ids = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))
    actor_id = officer_ids[0]
    audit = ctx.audit

    programme = programme_models.Programme.objects.create(
        name="Wyvernshire Co-production Programme",
        started_on=TODAY - 730 * DAY,
        description="Wyvernshire County Council, its NHS partners and the voluntary sector working with the "
        "people who use services, carers and staff as equals.",
        budget=Decimal("480000.00"),
        cost_centres="COP01, COP02, ASC-INV",
    )
    audit.add("programme.created", programme, ["name", "started_on", "budget", "cost_centres"])

    staff = {p.user_id: p for p in Person.objects.filter(user_id__in=officer_ids)}
    owners = list(staff.values()) or list(Person.objects.current().order_by("id")[:3])
    shifts = [
        programme_models.ShiftRecord(
            programme=programme, shift=shift, status=SHIFTS[shift][0], owner=owners[n % len(owners)]
        )
        for n, shift in enumerate(Shift.values)
    ]
    programme_models.ShiftRecord.objects.bulk_create(shifts)
    notes = [
        programme_models.ShiftNote(
            shift=record, noted_on=TODAY - days * DAY, text=text, written_by_id=actor_id
        )
        for record in shifts
        for days, text in SHIFTS[record.shift][1]
    ]
    programme_models.ShiftNote.objects.bulk_create(notes)
    sponsors = [
        programme_models.Sponsor(
            programme=programme, name=name, job_title=title, organisation=org, since=TODAY - days * DAY
        )
        for name, title, org, days in SPONSORS
    ]
    programme_models.Sponsor.objects.bulk_create(sponsors)
    commitments = [
        programme_models.Commitment(
            programme=programme,
            text=text,
            source=source,
            made_by=by,
            made_on=TODAY - days * DAY,
            review_on=TODAY - days * DAY + 730 * DAY,
            recorded_by_id=actor_id,
        )
        for text, source, by, days in COMMITMENTS
    ]
    programme_models.Commitment.objects.bulk_create(commitments)
    team = [
        programme_models.TeamMember(
            programme=programme, person=person, role=role, joined_on=TODAY - 700 * DAY
        )
        for person, role in zip(
            owners,
            ["Programme manager", "Co-production officer", "Co-production officer", "Data and evaluation"],
            strict=False,
        )
    ]
    programme_models.TeamMember.objects.bulk_create(team)

    # The board
    board = Body.objects.get(slug="board")
    board_users = sorted(set(ctx.user_ids_by_role[Role.BOARD_MEMBER]))
    terms = _terms(rng, board, actor_id)
    _grant_board_role(ctx, terms)
    first = _decision(board_meetings.TERMS_APPROVED)
    reviewed = _decision(board_meetings.TERMS_REVIEWED)
    terms_of_reference = []
    for version, (decision, text, changed) in enumerate(
        [
            (
                first,
                TERMS_TEXT.replace(
                    "one with lived experience, one a senior officer", "chosen by the board"
                ).replace("- Members with lived experience are at least half the board\n", ""),
                "",
            ),
            (
                reviewed,
                TERMS_TEXT,
                "One co-chair must bring lived experience; members with lived experience are "
                "at least half the board; terms of two years, renewable once.",
            ),
        ],
        start=1,
    ):
        if decision is None:
            continue
        approved = decision.meeting.starts_at.date()
        terms_of_reference.append(
            programme_models.TermsOfReference(
                version=version,
                text=text,
                what_changed=changed,
                decision=decision,
                approved_on=approved,
                review_due=approved.replace(year=approved.year + 1)
                if (approved.month, approved.day) != (2, 29)
                else approved.replace(year=approved.year + 1, day=28),
                created_by_id=actor_id,
            )
        )
    programme_models.TermsOfReference.objects.bulk_create(terms_of_reference)

    # Recruitment: people from the network, at every step
    board_people = set(board.memberships.values_list("person_id", flat=True))
    candidates = list(
        Person.objects.current().exclude(pk__in=board_people).filter(user__isnull=False).order_by("id")[:40]
    )
    # Most answered the board's advert; observing is at a real board meeting, the last one before the date.
    advert = Opportunity.objects.filter(project__isnull=True, title=BOARD_ADVERT).first()
    held = list(
        Meeting.objects.filter(body=board, starts_at__lt=ANCHOR, cancelled_at__isnull=True)
        .order_by("starts_at")
        .values_list("pk", "starts_at")
    )
    recruits = []
    for n, (reached, days_ago, stopped) in enumerate(RECRUITS):
        if n >= len(candidates):
            break
        row = programme_models.Recruitment(
            person=candidates[n * 3 % len(candidates)],
            step=reached,
            interest_on=TODAY - days_ago * DAY,
            opportunity=None if n % 2 else advert,
            created_by_id=actor_id,
            notes="Heard about the board through the carers' centre." if n % 2 else "",
        )
        gap = max(1, days_ago // 5)
        for k, step in enumerate(STEP_NAMES[1 : STEP_NAMES.index(reached) + 1], start=1):
            setattr(row, f"{step}_on", TODAY - (days_ago - k * gap) * DAY)
        if row.observed_on is not None:
            observed = [
                (pk, starts.date())
                for pk, starts in held
                if row.interest_on <= starts.date() <= row.observed_on
            ]
            if observed:
                row.observed_meeting_id, row.observed_on = observed[-1]
        if stopped:
            row.stopped_on = TODAY - (days_ago // 2) * DAY
        recruits.append(row)
    programme_models.Recruitment.objects.bulk_create(recruits)

    # Forward plan: items on the next board meetings' agendas
    coming = list(
        Meeting.objects.filter(body=board, starts_at__gte=ANCHOR, cancelled_at__isnull=True).order_by(
            "starts_at"
        )[:3]
    )
    plan, agenda = [], []
    for index, title, led_by in PLAN:
        if index >= len(coming):
            continue
        item = AgendaItem(meeting=coming[index], order=10 + len(agenda), title=title, led_by=led_by)
        agenda.append(item)
        plan.append(
            programme_models.PlanItem(
                title=title, led_by=led_by, meeting=coming[index], created_by_id=actor_id
            )
        )
    AgendaItem.objects.bulk_create(agenda)
    for item, agenda_item in zip(plan, agenda, strict=True):
        item.agenda_item = agenda_item
    programme_models.PlanItem.objects.bulk_create(plan)

    # Challenges, raised by board members with a sign-in, to active projects' leads
    raisers = [pk for pk in board_users] or [actor_id]
    projects = list(Project.objects.filter(stage__in=ACTIVE_STAGES).order_by("id")[: len(CHALLENGES) * 2])
    leads = {
        m.project_id: m.person.user_id
        for m in ProjectTeamMember.objects.filter(
            project__in=projects, role=TeamRole.STAFF_LEAD, left_at__isnull=True, person__user__isnull=False
        ).select_related("person")
    }
    decisions = list(Decision.objects.filter(body=board).order_by("-recorded_at")[:5])
    challenges = []
    for n, (kind, text, days_ago, to_respond, state, response, outcome, note) in enumerate(CHALLENGES):
        if not projects:
            break
        project = projects[(n * 2) % len(projects)]
        lead_id = leads.get(project.pk, project.requested_by_id)
        raised = ANCHOR - days_ago * DAY
        challenge = programme_models.Challenge(
            project=project,
            kind=kind,
            text=text,
            raised_by_id=raisers[n % len(raisers)],
            raised_at=raised,
            lead_id=lead_id,
            respond_by=raised.date() + to_respond * DAY,
            status=state,
        )
        if state in (ChallengeStatus.RESPONDED, ChallengeStatus.CLOSED):
            challenge.response, challenge.responded_by_id = response, lead_id
            challenge.responded_at = raised + (to_respond - 3) * DAY
        if state == ChallengeStatus.CLOSED:
            challenge.outcome, challenge.outcome_note = outcome, note
            challenge.outcome_by_id, challenge.outcome_at = raisers[0], raised + (to_respond + 10) * DAY
            challenge.decision = decisions[n % len(decisions)] if decisions and n == 0 else None
        challenges.append(challenge)
    programme_models.Challenge.objects.bulk_create(challenges)

    # The concordat: two versions, signed by organisations, teams and board members
    versions = []
    for number, (decision_text, text, changed) in enumerate(
        [
            (board_meetings.CONCORDAT_ADOPTED, CONCORDAT_V1, ""),
            (
                board_meetings.CONCORDAT_REVISED,
                CONCORDAT_V2,
                "Payment within ten working days; easy read papers by default.",
            ),
        ],
        start=1,
    ):
        decision = _decision(decision_text)
        if decision is None:
            continue
        versions.append(
            programme_models.ConcordatVersion(
                number=number,
                title="The Wyvernshire Co-production Concordat",
                text=text,
                what_changed=changed,
                decision=decision,
                approved_on=decision.meeting.starts_at.date(),
                created_by_id=actor_id,
            )
        )
    programme_models.ConcordatVersion.objects.bulk_create(versions)
    signatures = []
    signers = list(board.memberships.current().select_related("person").order_by("id")[:10])
    for version in versions:
        later = version.number > 1
        base = version.approved_on + 7 * DAY
        for n, (org, who, kind, listed) in enumerate(ORGANISATION_SIGNATORIES):
            if later and n in (4, 6):  # still to re-sign the revised version
                continue
            name = org
            signatures.append(
                programme_models.Signature(
                    version=version,
                    kind=kind,
                    name=name,
                    role=who if kind == "organisation" else "",
                    organisation=org if kind == "organisation" else who,
                    email=f"concordat{n}@partners.example",
                    signed_on=min(base + n * 4 * DAY, TODAY),
                    listed=listed,
                    recorded_by_id=actor_id,
                    signatory_key=programme_models.Signature.key_for(
                        name, org if kind == "organisation" else who
                    ),
                )
            )
        for n, membership in enumerate(signers):
            if later and n % 3 == 2:
                continue
            person = membership.person
            signatures.append(
                programme_models.Signature(
                    version=version,
                    kind="person",
                    person=person,
                    name=person.full_name,
                    role="Co-chair" if membership.role == "co_chair" else "Board member",
                    email=person.email,
                    signed_on=min(base + (n + 2) * DAY, TODAY),
                    listed=n % 4 != 3,
                    recorded_by_id=actor_id,
                    signatory_key=programme_models.Signature.key_for(person.full_name, ""),
                )
            )
    seen, unique = set(), []
    for signature in signatures:  # two board members may share a name: one signature each name
        if (signature.version.number, signature.signatory_key) not in seen:
            seen.add((signature.version.number, signature.signatory_key))
            unique.append(signature)
    signatures = unique
    programme_models.Signature.objects.bulk_create(signatures, batch_size=BATCH_SIZE)

    for rows, verb, fields in (
        (shifts, "programme.shift_updated", ["owner", "status"]),
        (notes, "programme.shift_note_added", ["noted_on", "text"]),
        (sponsors, "programme.sponsor_added", ["name", "job_title", "organisation", "since"]),
        (commitments, "programme.commitment_added", ["text", "source", "made_on", "review_on"]),
        (team, "programme.team_member_added", ["person", "role"]),
        (terms, "programme.board_term_started", ["person", "role", "starts_on", "ends_on"]),
        (terms_of_reference, "programme.terms_of_reference_approved", ["text", "what_changed", "decision"]),
        (recruits, "programme.recruitment_started", ["person", "interest_on"]),
        (plan, "programme.plan_item_added", ["title", "meeting"]),
        (challenges, "programme.challenge_raised", ["project", "kind", "text", "respond_by"]),
        (versions, "programme.concordat_approved", ["title", "text", "decision"]),
        (signatures, "programme.concordat_signed", ["name", "role", "organisation", "listed"]),
    ):
        for row in rows:
            audit.add(verb, row, fields)
    audit.flush()
    ctx.counts["board terms"] = len(terms)
    ctx.counts["board challenges"] = len(challenges)
    ctx.counts["concordat signatures"] = len(signatures)
