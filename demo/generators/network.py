"""The champions network: every champion-role account (and everyone on the champions body) a champion on the
register with a profile, two years of varied activity, recommendations, recruits, outreach partners with their
logs, newsletters, and two public events (one past with attendees who joined, one upcoming)."""

from __future__ import annotations

import datetime

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.meetings.choices import BodyKind, Mode
from coproduce.meetings.models import Body, BodyMembership, Meeting, Venue
from coproduce.meetings.selectors import london_datetime
from coproduce.network import choices
from coproduce.network.models import (
    Activity,
    Area,
    Champion,
    Community,
    EventBooking,
    Induction,
    Newsletter,
    Organisation,
    OutreachContact,
    OutreachPartner,
    Pledge,
    Recommendation,
    Recruit,
)
from coproduce.people.choices import AccessNeed, ConsentMethod, ConsentPurpose
from coproduce.people.models import Consent, Interest, Person

from ..logins import DEMO_LOGIN_BY_ROLE
from .context import ANCHOR, BATCH_SIZE, DemoContext
from .names import fictional_name

TODAY = ANCHOR.date()

# Ottermouth has no champion yet: the team's page names it.
AREAS = [
    "Wyvernbridge",
    "Kestrel Down",
    "Larchmere",
    "Northmoor",
    "Sedgeford",
    "Hollinsford",
    "Brackenfield",
    "Ottermouth",
]
COVERED_AREAS = AREAS[:-1]
ORGANISATIONS = [
    ("Adult Social Care: Reablement", choices.OrganisationKind.COUNCIL),
    ("Children's Services: Early Help", choices.OrganisationKind.COUNCIL),
    ("Housing Options", choices.OrganisationKind.COUNCIL),
    ("Public Health Wyvernshire", choices.OrganisationKind.COUNCIL),
    ("Wyvernshire Community Mental Health Team", choices.OrganisationKind.NHS),
    ("Kestrel Down Primary Care Network", choices.OrganisationKind.NHS),
    ("Wyvernshire Carers' Centre", choices.OrganisationKind.VOLUNTARY),
    ("Larchmere Age Concern", choices.OrganisationKind.VOLUNTARY),
    ("Northmoor Food Bank", choices.OrganisationKind.COMMUNITY),
    ("Libraries and Customer Services", choices.OrganisationKind.COUNCIL),
]
# (name, equality field, census category): partners reaching a community named by a gap are listed with it.
COMMUNITIES = [
    ("South Asian communities", "ethnic_group", "Asian, Asian British or Asian Welsh"),
    (
        "Black African and Caribbean communities",
        "ethnic_group",
        "Black, Black British, Black Welsh, Caribbean or African",
    ),
    (
        "Gypsy, Roma and Traveller families",
        "ethnic_group",
        "White: Gypsy or Irish Traveller, Roma or Other White",
    ),
    ("Young adults (16 to 24)", "age_band", "20-24"),
    ("People aged 85 and over", "age_band", "85+"),
    ("Carers giving 50 or more hours a week", "unpaid_care", "Provides 50 or more hours unpaid care a week"),
    ("Disabled people", "disability", "Disabled under the Equality Act: Day-to-day activities limited a lot"),
    ("Muslim communities", "religion", "Muslim"),
    ("LGBTQ+ people", "sexual_orientation", "Gay or Lesbian"),
    ("Deaf and hard of hearing people", "", ""),
    ("Polish and Eastern European communities", "", ""),
    ("Farming and rural families", "", ""),
    ("People who are homeless", "", ""),
]
PARTNERS = [
    ("Wyvernbridge Mosque Community Hub", choices.PartnerKind.FAITH, [0, 7], "Wyvernbridge"),
    ("Kestrel Down African Caribbean Association", choices.PartnerKind.COMMUNITY_GROUP, [1], "Kestrel Down"),
    ("Travellers' Liaison Service", choices.PartnerKind.SERVICE, [2], None),
    ("Wyvernshire Youth Voice", choices.PartnerKind.NETWORK, [3], None),
    ("Larchmere Age Concern", choices.PartnerKind.CHARITY, [4], "Larchmere"),
    ("Wyvernshire Carers' Centre", choices.PartnerKind.CHARITY, [5], None),
    ("Disability Action Wyvernshire", choices.PartnerKind.CHARITY, [6, 9], None),
    ("Pride in Wyvernshire", choices.PartnerKind.NETWORK, [8, 3], None),
    ("Northmoor Polish Saturday School", choices.PartnerKind.COMMUNITY_GROUP, [10], "Northmoor"),
    ("Young Farmers of the Vale", choices.PartnerKind.COMMUNITY_GROUP, [11, 3], "Sedgeford"),
    ("St Aldhelm's Night Shelter", choices.PartnerKind.CHARITY, [12], "Wyvernbridge"),
    ("Sedgeford Deaf Club", choices.PartnerKind.COMMUNITY_GROUP, [9], "Sedgeford"),
]
CONTACT_FIRST = [
    "Amara",
    "Tomasz",
    "Bridget",
    "Rohan",
    "Siobhan",
    "Kwame",
    "Hester",
    "Ivo",
    "Nadia",
    "Gethin",
]
OUTREACH = [
    "Ran a stall at their open day and talked about paid involvement",
    "Spoke at their members' meeting about the carers' strategy project",
    "Left easy read leaflets and posters for their noticeboard",
    "Co-hosted a drop-in on the new day services plans",
    "Shared the opportunities list in their newsletter",
    "Met their coordinator to plan a joint session in the spring",
    "Joined their coffee morning to hear about transport problems",
    "Translated the invitation into their community languages with them",
]
FOLLOW_UPS = ["", "", "Send the easy read summary", "Book the hall for a workshop", "Call back in a month"]

KIND_WEIGHTS = {
    choices.ActivityKind.TALK: 3,
    choices.ActivityKind.TEAM_MEETING: 4,
    choices.ActivityKind.ARTICLE: 1,
    choices.ActivityKind.STALL: 2,
    choices.ActivityKind.SOCIAL: 3,
    choices.ActivityKind.TRAINING: 1,
    choices.ActivityKind.CONVERSATION: 3,
    choices.ActivityKind.OTHER: 1,
}
# (typical reach low, high) per kind.
REACH = {
    choices.ActivityKind.TALK: (8, 60),
    choices.ActivityKind.TEAM_MEETING: (4, 20),
    choices.ActivityKind.ARTICLE: (50, 900),
    choices.ActivityKind.STALL: (20, 150),
    choices.ActivityKind.SOCIAL: (30, 600),
    choices.ActivityKind.TRAINING: (6, 25),
    choices.ActivityKind.CONVERSATION: (1, 6),
    choices.ActivityKind.OTHER: (2, 40),
}
PLACES = [
    "Wyvernbridge Library",
    "Kestrel Down Health Centre",
    "Larchmere Family Hub",
    "County Hall",
    "Northmoor village hall",
    "Sedgeford market",
    "Online",
    "Hollinsford leisure centre",
    "Brackenfield community café",
]
WITH_WHOM = {
    choices.ActivityKind.TALK: [
        "the Rotary club",
        "a parents' group",
        "the Women's Institute",
        "sixth formers",
    ],
    choices.ActivityKind.TEAM_MEETING: ["the reablement team", "the duty social work team", "ward staff"],
    choices.ActivityKind.ARTICLE: ["the parish magazine", "the staff bulletin", "the carers' newsletter"],
    choices.ActivityKind.STALL: ["visitors to the summer fair", "the health and wellbeing day", "shoppers"],
    choices.ActivityKind.SOCIAL: [
        "the community Facebook group",
        "followers on Instagram",
        "WhatsApp groups",
    ],
    choices.ActivityKind.TRAINING: ["new starters", "team leaders", "volunteers"],
    choices.ActivityKind.CONVERSATION: [
        "the housing manager",
        "a GP practice manager",
        "the library manager",
    ],
    choices.ActivityKind.OTHER: ["a youth club", "a faith leaders' breakfast", "a tenants' association"],
}
DESCRIPTIONS = [
    "",
    "",
    "People asked how they would be paid and whether it affects benefits.",
    "Several carers said evening sessions would help them take part.",
    "Handed out easy read leaflets; two people signed up on the spot.",
    "Good questions about what happens to what people say.",
    "Quiet turnout because of the weather, but useful conversations.",
    "The team want a follow-up session on 'you said, we did'.",
]
RECOMMENDATIONS = [
    (
        "Evening and weekend sessions",
        "Carers who work days cannot come to daytime meetings. Hold some in the evening.",
    ),
    (
        "Pay on the day",
        "People on low incomes struggle to wait weeks to be paid. Could vouchers be given on the day?",
    ),
    (
        "Easy read by default",
        "Send easy read papers to everyone, not only on request. More people read them.",
    ),
    (
        "Meet in villages",
        "Rural members spend hours on buses to reach County Hall. Rotate venues to the villages.",
    ),
    ("Interpreters at drop-ins", "Book Polish and Urdu interpreters for public drop-ins in Northmoor."),
    (
        "Feedback on what changed",
        "Tell people what happened after they took part; otherwise they stop coming.",
    ),
    (
        "Young people's panel",
        "Set up a panel for 16 to 24 year olds: they do not come to the usual meetings.",
    ),
    ("Quiet space at events", "Have a quiet room at big events for autistic people and anyone overwhelmed."),
]
RESPONSES = [
    "Agreed. We will trial this from next quarter and report back.",
    "We have asked finance whether this is possible within the rules.",
    "Thank you: this is now part of how we plan every meeting.",
    "We looked into it; the budget does not allow it this year.",
]
NEWSLETTERS = [
    (
        "Welcome to the champions network",
        "## Welcome\n\nThank you for becoming a champion. This is the first of"
        " our regular updates.\n\n* Meet the team at the next get-together\n* Tell us what you hear\n",
    ),
    (
        "Spring update: carers' strategy",
        "## The carers' strategy\n\nChampions reached **over 400 carers** this"
        " season. Their views shaped the draft.\n\n## Coming up\n\n* Co-production week in June\n",
    ),
    (
        "Co-production week: thank you",
        "## Thank you\n\nA record number of people came to the drop-ins."
        " Several joined the network on the day.\n",
    ),
    (
        "Autumn update: day services review",
        "## Day services\n\nThe review team want to hear from people who"
        " use day services in Larchmere and Northmoor. Share the opportunity.\n",
    ),
    (
        "New year, new pledge",
        "## The pledge\n\nWe have updated the champion pledge after your feedback."
        " Please read and agree the new version from your champion page.\n",
    ),
    (
        "Summer update: reaching new voices",
        "## New voices\n\nThis year more of the people taking part are"
        " new to the programme. Keep inviting people who have not been asked before.\n",
    ),
]


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference_data(rng):
    areas = [Area(name=name, order=n) for n, name in enumerate(AREAS)]
    Area.objects.bulk_create(areas)
    organisations = [Organisation(name=name, kind=kind) for name, kind in ORGANISATIONS]
    Organisation.objects.bulk_create(organisations)
    communities = [Community(name=n, equality_field=f, equality_value=v) for n, f, v in COMMUNITIES]
    Community.objects.bulk_create(communities)
    return areas, organisations, communities


def _pledges(officer):
    first = Pledge.objects.filter(version=1).first() or Pledge.objects.create(version=1, text="Version one")
    Pledge.objects.filter(pk=first.pk).update(published_at=ANCHOR - datetime.timedelta(days=900))
    second = Pledge.objects.create(
        version=2,
        text=first.text + "* **welcome** feedback on how I champion co-production, and keep learning.\n",
        published_at=ANCHOR - datetime.timedelta(days=200),
        published_by=officer,
    )
    return first, second


def _champion_people(ctx) -> tuple[list[Person], Body | None]:
    """Everyone with the champion role, and everyone on the champions body except the other demo logins."""
    body = Body.objects.filter(kind=BodyKind.NETWORK).first()
    role_ids = sorted(set(ctx.user_ids_by_role[Role.CHAMPION]))
    people = {p.pk: p for p in Person.objects.filter(user_id__in=role_ids, erased_at__isnull=True)}
    # The demo logins other than the champion's stay what they are (a member shows what members see, a staff
    # lead what leads see): a champion login shows what champions see.
    other_logins = {login.email for role, login in DEMO_LOGIN_BY_ROLE.items() if role != Role.CHAMPION}
    if body is not None:
        memberships = BodyMembership.objects.current().filter(body=body).select_related("person__user")
        for membership in memberships:
            person = membership.person
            if person.user_id and person.user.email in other_logins:
                membership.left_at = ANCHOR - datetime.timedelta(days=30)
                membership.save(update_fields=["left_at"])
                continue
            people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda p: p.pk), body


def _keep_role_and_body(ctx, people, body):
    """The champion role for each champion with a sign-in, and a place in the champions body for each."""
    have_role = set(RoleGrant.objects.filter(role=Role.CHAMPION).values_list("user_id", flat=True))
    grants = [
        RoleGrant(user_id=p.user_id, role=Role.CHAMPION, granted_at=ANCHOR - datetime.timedelta(days=300))
        for p in people
        if p.user_id and p.user_id not in have_role
    ]
    RoleGrant.objects.bulk_create(grants, batch_size=BATCH_SIZE)
    for grant in grants:
        ctx.user_ids_by_role[Role.CHAMPION].append(grant.user_id)
        ctx.audit.add("accounts.role_granted.champion", User(pk=grant.user_id), ["roles"])
    if body is None:
        return
    members = set(BodyMembership.objects.current().filter(body=body).values_list("person_id", flat=True))
    joined = [
        BodyMembership(body=body, person=p, joined_at=ANCHOR - datetime.timedelta(days=300))
        for p in people
        if p.pk not in members
    ]
    BodyMembership.objects.bulk_create(joined, batch_size=BATCH_SIZE)
    for membership in joined:
        ctx.audit.add("meetings.body_member_added", membership, ["role"])


def _plan_champions(rng, people, areas, organisations, communities, topics, pledges, officer, champion_login):
    first, second = pledges
    covered = [a for a in areas if a.name in COVERED_AREAS]
    used_orgs = organisations[:-2]  # the last two organisations have no champion yet
    champions = []
    for n, person in enumerate(people):
        is_login = person.user_id == champion_login
        started = TODAY - datetime.timedelta(days=400 if is_login else rng.randrange(60, 900))
        staff = rng.random() < 0.35
        organisation = rng.choice(used_orgs) if staff or rng.random() < 0.15 else None
        pledge = (
            second
            if is_login or started > TODAY - datetime.timedelta(days=200) or rng.random() < 0.8
            else first
        )
        champion = Champion(
            person=person,
            status=choices.ChampionStatus.ACTIVE,
            route=choices.Route.NOMINATED if rng.random() < 0.3 else choices.Route.APPLIED,
            kind=choices.ChampionKind.STAFF
            if staff
            else rng.choice(
                [choices.ChampionKind.RESIDENT, choices.ChampionKind.RESIDENT, choices.ChampionKind.PARTNER]
            ),
            area=covered[n % len(covered)] if n < len(covered) else rng.choice(covered),
            organisation=organisation,
            team=rng.choice(["", "", "Duty team", "North locality", "Front of house", "Volunteers"])
            if organisation
            else "",
            why=rng.choice(
                [
                    "",
                    "I want services to listen to people like me.",
                    "I know a lot of people locally.",
                    "Co-production changed how our team works; I want to share that.",
                ]
            ),
            pledge=pledge,
            pledge_agreed_at=ANCHOR - datetime.timedelta(days=min((TODAY - started).days, 190)),
            invitation_code=f"c{n:04d}{rng.randrange(16**6):06x}",
            created_at=ANCHOR - datetime.timedelta(days=(TODAY - started).days + 21),
            decided_at=ANCHOR - datetime.timedelta(days=(TODAY - started).days),
            decided_by=officer,
            started_on=started,
        )
        champion._communities = rng.sample(communities, rng.randrange(0, 4))
        champion._topics = rng.sample(topics, min(len(topics), rng.randrange(1, 4)))
        champions.append(champion)
    return champions


def _pending(rng, people, areas, officer):
    """A few applications and nominations waiting, and a few who stepped down."""
    rows = []
    for n, person in enumerate(people):
        status = [
            choices.ChampionStatus.APPLIED,
            choices.ChampionStatus.NOMINATED,
            choices.ChampionStatus.STEPPED_DOWN,
        ][n % 3]
        started = TODAY - datetime.timedelta(days=rng.randrange(200, 700))
        rows.append(
            Champion(
                person=person,
                status=status,
                route=choices.Route.NOMINATED
                if status == choices.ChampionStatus.NOMINATED
                else choices.Route.APPLIED,
                kind=choices.ChampionKind.RESIDENT,
                area=rng.choice(areas[:-1]),
                nominated_by=officer if status == choices.ChampionStatus.NOMINATED else None,
                invitation_code=f"p{n:04d}{rng.randrange(16**6):06x}",
                created_at=ANCHOR - datetime.timedelta(days=rng.randrange(2, 20)),
                started_on=started if status == choices.ChampionStatus.STEPPED_DOWN else None,
                stepped_down_on=TODAY - datetime.timedelta(days=rng.randrange(10, 150))
                if status == choices.ChampionStatus.STEPPED_DOWN
                else None,
                why="I would like to help people in my village get involved." if n % 2 else "",
            )
        )
    return rows


def _activities(rng, champions, officer_ids):
    rows = []
    since = TODAY - datetime.timedelta(days=730)
    for champion in champions:
        start = max(champion.started_on, since)
        days = (TODAY - start).days
        monthly = rng.choice([0.3, 0.6, 1.0, 1.5, 2.5])
        for _ in range(max(0, round(days / 30 * monthly * rng.uniform(0.7, 1.3)))):
            kind = _weighted(rng, KIND_WEIGHTS)
            low, high = REACH[kind]
            on_behalf = rng.random() < 0.12 or champion.person.user_id is None
            rows.append(
                Activity(
                    champion=champion,
                    kind=kind,
                    happened_on=start + datetime.timedelta(days=rng.randrange(max(1, days))),
                    where=rng.choice(PLACES),
                    with_whom=rng.choice(WITH_WHOM[kind]),
                    reached=rng.randint(low, high) if rng.random() > 0.05 else 0,
                    description=rng.choice(DESCRIPTIONS),
                    area=champion.area,
                    recorded_by_id=rng.choice(officer_ids) if on_behalf else champion.person.user_id,
                    on_behalf=on_behalf,
                )
            )
    for row in rows:
        row.recorded_at = london_datetime(row.happened_on, datetime.time(17, 0))
    return rows


def _recommendations(rng, ctx, champions, officer):
    rows = []
    for n in range(ctx.scaled(24)):
        champion = rng.choice(champions)
        title, text = RECOMMENDATIONS[n % len(RECOMMENDATIONS)]
        raised = ANCHOR - datetime.timedelta(days=rng.randrange(5, 700))
        age = (ANCHOR - raised).days
        status = (
            choices.RecommendationStatus.RAISED
            if age < 25
            else rng.choice(
                [
                    choices.RecommendationStatus.ANSWERED,
                    choices.RecommendationStatus.CLOSED,
                    choices.RecommendationStatus.CLOSED,
                ]
            )
        )
        row = Recommendation(
            champion=champion,
            title=title,
            text=text,
            raised_at=raised,
            raised_by_id=champion.person.user_id or officer.pk,
            status=status,
        )
        if status != choices.RecommendationStatus.RAISED:
            row.response = rng.choice(RESPONSES)
            row.answered_at, row.answered_by = raised + datetime.timedelta(days=rng.randrange(5, 20)), officer
        if status == choices.RecommendationStatus.CLOSED:
            row.outcome = rng.choice(list(choices.Outcome.values))
            row.outcome_note = "Explained at the network get-together." if rng.random() < 0.5 else "Done."
            row.closed_at = row.answered_at + datetime.timedelta(days=rng.randrange(10, 60))
        rows.append(row)
    return rows


def _recruits(rng, champions, candidates):
    """People who joined after a champion started, counted for one champion each (busier ones recruit
    more)."""
    rows = []
    by_weight = [c for c in champions for _ in range(rng.choice([1, 1, 2, 4]))]
    for person in candidates:
        joined = person.registered_at.date()
        eligible = [c for c in rng.sample(by_weight, min(6, len(by_weight))) if c.started_on <= joined]
        if not eligible:
            continue
        champion = eligible[0]
        rows.append(
            Recruit(
                champion=champion,
                person=person,
                route=choices.RecruitRoute.LINK if person.user_id else choices.RecruitRoute.OFFICER,
                joined_at=person.registered_at,
                named_to_champion=rng.random() < 0.3,
            )
        )
    return rows


def _partners(rng, areas, communities, officer_ids):
    by_name = {a.name: a for a in areas}
    partners, links, log = [], [], []
    for name, kind, _communities, area in PARTNERS:
        first = rng.choice(CONTACT_FIRST)
        surname = fictional_name(rng)[1]
        partners.append(
            OutreachPartner(
                name=name,
                kind=kind,
                contact_name=f"{first} {surname}",
                contact_email=f"{first}.{surname}@partners.wyvernshire.example".lower(),
                contact_phone=f"01632 9{rng.randrange(60000, 69999)}",
                area=by_name.get(area),
                notes=rng.choice(["", "Prefers a phone call to email.", "Meets on the first Tuesday."]),
            )
        )
    OutreachPartner.objects.bulk_create(partners)
    through = OutreachPartner.communities.through
    for partner, (_, _, community_indexes, _) in zip(partners, PARTNERS, strict=True):
        links += [
            through(outreachpartner_id=partner.pk, community_id=communities[i].pk) for i in community_indexes
        ]
        for _ in range(rng.randrange(1, 9)):
            log.append(
                OutreachContact(
                    partner=partner,
                    happened_on=TODAY - datetime.timedelta(days=rng.randrange(3, 720)),
                    what=rng.choice(OUTREACH),
                    reached=rng.randrange(0, 120),
                    follow_up=rng.choice(FOLLOW_UPS),
                    recorded_by_id=rng.choice(officer_ids),
                )
            )
    through.objects.bulk_create(links)
    OutreachContact.objects.bulk_create(log, batch_size=BATCH_SIZE)
    for partner in partners:
        dates = [c.happened_on for c in log if c.partner is partner]
        partner.last_contact_on = max(dates) if dates else None
    OutreachPartner.objects.bulk_update(partners, ["last_contact_on"])
    return partners, log


def _public_events(rng, ctx, body, officer):
    venue = Venue.objects.filter(active=True, step_free=True).order_by("pk").first()
    past_day = TODAY - datetime.timedelta(days=61)
    next_day = TODAY + datetime.timedelta(days=38)
    events = []
    for day, title, purpose in (
        (
            past_day,
            "Co-production week: drop-in and stalls",
            "Come and find out how you can help shape local services. Meet champions, hear what changed"
            " because people spoke up, and have a cup of tea.",
        ),
        (
            next_day,
            "Wyvernshire Community Festival: have your say",
            "A free afternoon of stalls, short talks and activities for all ages. Tell us what matters to you"
            " about health, care and housing, and find out about paid opportunities to get involved.",
        ),
    ):
        starts_at = london_datetime(day, datetime.time(11, 0))
        events.append(
            Meeting(
                body=body,
                title=title,
                purpose=purpose,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=4),
                mode=Mode.IN_PERSON,
                venue=venue,
                room="Main hall, ground floor",
                capacity=ctx.scaled(80),
                organiser=officer,
                created_by=officer,
                created_at=starts_at - datetime.timedelta(days=45),
                is_public=True,
            )
        )
    Meeting.objects.bulk_create(events)
    # Attendees who asked to join were registered by an officer after the event: they are drawn from the
    # people the people generator made without a sign-in (so its counts stay as they are), dated after it.
    newcomers = list(
        Person.objects.current()
        .filter(user__isnull=True, last_involved_at__isnull=True)
        .exclude(pk__in=Champion.objects.values("person_id"))
        .exclude(pk__in=Recruit.objects.values("person_id"))
        .order_by("-pk")
        .only("id", "full_name", "email", "phone", "access_needs", "registered_at")[: ctx.scaled(40)]
    )
    bookings, joined_people, consents = [], [], []
    for event, count in ((events[0], ctx.scaled(30)), (events[1], ctx.scaled(14))):
        for n in range(count):
            # At least one attendee of the past event joined, at any scale.
            wants = rng.random() < 0.35 or (n == 0 and event is events[0])
            needs = rng.sample(list(AccessNeed.values), rng.choice([0, 0, 0, 1, 2]))
            person = (
                newcomers.pop()
                if wants and event is events[0] and newcomers and (n == 0 or rng.random() < 0.8)
                else None
            )
            if person is not None:
                name, email, phone, needs = (
                    person.full_name,
                    person.email,
                    person.phone,
                    list(person.access_needs),
                )
            else:
                first, surname = fictional_name(rng)
                name = f"{first} {surname}"
                email = f"{first}.{surname}.e{n}@mail.example".lower() if rng.random() < 0.7 else ""
                phone = "" if rng.random() < 0.6 else f"07700 9{rng.randrange(10000, 99999)}"
            booking = EventBooking(
                meeting=event,
                name=name,
                email=email,
                phone=phone or ("" if email else f"01632 9{rng.randrange(60000, 69999)}"),
                access_needs=needs,
                access_detail=rng.choice(["", "", "I use a wheelchair", "Coming with my daughter"]),
                wants_to_join=wants,
                booked_at=event.starts_at - datetime.timedelta(days=rng.randrange(1, 30)),
                person=person,
            )
            if person is not None:
                person.registered_at = event.ends_at + datetime.timedelta(days=rng.randrange(1, 6))
                person.registered_by = officer
                person.consents_to_contact = True
                joined_people.append(person)
                consents.append(
                    Consent(
                        person=person,
                        purpose=ConsentPurpose.CONTACT,
                        given=True,
                        method=ConsentMethod.IN_PERSON,
                        recorded_at=person.registered_at,
                        recorded_by=officer,
                    )
                )
            bookings.append(booking)
    Person.objects.bulk_update(joined_people, ["registered_at", "registered_by", "consents_to_contact"])
    Consent.objects.bulk_create(consents)
    EventBooking.objects.bulk_create(bookings, batch_size=BATCH_SIZE)
    return events, bookings, joined_people


def _newsletters(rng, officer, recipients: int):
    rows = []
    for n, (subject, body) in enumerate(NEWSLETTERS):
        sent = ANCHOR - datetime.timedelta(days=700 - n * 120 + rng.randrange(0, 20))
        rows.append(
            Newsletter(
                subject=subject,
                body=body,
                written_by=officer,
                written_at=sent - datetime.timedelta(days=3),
                status=choices.NewsletterStatus.SENT,
                sent_at=sent,
                sent_by=officer,
                recipients=max(1, recipients - rng.randrange(0, 5)),
                audience=choices.Audience.EVERYONE if n == 2 else choices.Audience.CHAMPIONS,
            )
        )
    rows.append(
        Newsletter(
            subject="Autumn update (draft)",
            body="## Autumn\n\nThe festival is coming up: please bring people along.\n",
            written_by=officer,
            written_at=ANCHOR - datetime.timedelta(days=2),
        )
    )
    Newsletter.objects.bulk_create(rows)
    return rows


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("network")
    officer_ids = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))
    officer = User.objects.get(pk=officer_ids[0])
    areas, organisations, communities = _reference_data(rng)
    pledges = _pledges(officer)
    topics = list(Interest.objects.filter(active=True).order_by("pk"))
    people, body = _champion_people(ctx)
    _keep_role_and_body(ctx, people, body)
    champion_login = User.objects.get(email=DEMO_LOGIN_BY_ROLE[Role.CHAMPION].email).pk
    champions = _plan_champions(
        rng, people, areas, organisations, communities, topics, pledges, officer, champion_login
    )
    taken = {p.pk for p in people}
    others = list(
        Person.objects.current()
        .exclude(pk__in=taken)
        .filter(user__isnull=False)
        .order_by("pk")
        .only("id", "user_id", "registered_at")[: ctx.scaled(400)]
    )
    waiting_people = rng.sample(others, min(len(others), max(3, ctx.scaled(9))))
    pending = _pending(rng, waiting_people, areas, officer)
    Champion.objects.bulk_create(champions + pending, batch_size=BATCH_SIZE)
    communities_through, topics_through = Champion.communities.through, Champion.topics.through
    communities_through.objects.bulk_create(
        [communities_through(champion_id=c.pk, community_id=x.pk) for c in champions for x in c._communities],
        batch_size=BATCH_SIZE,
    )
    topics_through.objects.bulk_create(
        [topics_through(champion_id=c.pk, interest_id=x.pk) for c in champions for x in c._topics],
        batch_size=BATCH_SIZE,
    )
    inductions = [
        Induction(
            champion=c,
            held_on=min(TODAY, c.started_on + datetime.timedelta(days=rng.randrange(10, 45))),
            led_by=rng.choice(["Co-production team", "Two experienced champions", "Olwen Coppergate"]),
            recorded_by=officer,
        )
        for c in champions
        if c.person.user_id == champion_login or rng.random() < 0.85
    ]
    Induction.objects.bulk_create(inductions, batch_size=BATCH_SIZE)
    activities = _activities(rng, champions, officer_ids)
    Activity.objects.bulk_create(activities, batch_size=BATCH_SIZE)
    recommendations = _recommendations(rng, ctx, champions, officer)
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH_SIZE)
    since = ANCHOR - datetime.timedelta(days=730)
    waiting_ids = {p.pk for p in waiting_people}
    candidates = [
        p
        for p in Person.objects.current()
        .exclude(pk__in=taken)
        .filter(registered_at__gte=since)
        .order_by("pk")
        .only("id", "user_id", "registered_at")
        if p.pk not in waiting_ids and rng.random() < 0.35
    ]
    recruits = _recruits(rng, champions, candidates)
    Recruit.objects.bulk_create(recruits, batch_size=BATCH_SIZE)
    partners, outreach = _partners(rng, areas, communities, officer_ids)
    events, bookings, joined = _public_events(rng, ctx, body, officer)
    newsletters = _newsletters(rng, officer, len(champions))

    for champion in champions + pending:
        ctx.audit.add("network.champion_added", champion, ["status", "area", "pledge"])
    for row in inductions:
        ctx.audit.add("network.induction_recorded", row, ["held_on"])
    for row in activities:
        ctx.audit.add("network.activity_recorded", row, ["kind", "happened_on", "reached"])
    for row in recommendations:
        ctx.audit.add("network.recommendation_raised", row, ["text"])
    for row in recruits:
        ctx.audit.add("network.recruit_attributed", row, ["champion"])
    for row in partners:
        ctx.audit.add("network.partner_added", row, ["name", "communities"])
    for row in outreach:
        ctx.audit.add("network.outreach_logged", row, ["what"])
    for row in events:
        ctx.audit.add("meetings.meeting_created", row, ["title", "is_public"])
    for row in bookings:
        ctx.audit.add("network.event_booked", row, ["name", "access_needs"])
    for person in joined:
        ctx.audit.add("network.joined_from_event", person, ["registered_at", "consents"])
    for row in newsletters:
        ctx.audit.add("network.newsletter_written", row, ["subject", "body"])
    ctx.audit.flush()
    ctx.counts["champions"] = len(champions)
    ctx.counts["champion activities"] = len(activities)
    ctx.counts["recruits"] = len(recruits)
    ctx.counts["outreach partners"] = len(partners)
    ctx.counts["public event bookings"] = len(bookings)
