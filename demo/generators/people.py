"""People: about 2,000 members' profiles at scale 1. The demo member accounts get theirs (as if they joined
online); the rest were registered by officers (people who do not use the internet). Varied needs, lived
experience, availability and consent; some notes, a few safeguarding notes; and, for about 40% of people,
equality answers drawn in proportion to the Oxfordshire Census 2021 figures (fixed weights when the census
baseline was not loaded)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from coproduce.accounts.models import Role, User
from coproduce.people import census, choices, selectors
from coproduce.people.models import Consent, EqualityRecord, Person, PersonNote

from ..logins import DEMO_DOMAIN
from .context import ANCHOR, BATCH_SIZE, DemoContext
from .names import fictional_name

PEOPLE = 2000
EQUALITY_SHARE = 0.4

TOWNS = ("Wyvernbridge", "Oakhollow", "Marsh Tansy", "Brackenford", "Kestrel Down", "Sloeby", "Larchmere")
STREETS = (
    "Mill Lane",
    "Church Street",
    "Station Road",
    "The Green",
    "Orchard Close",
    "High Street",
    "Quarry Way",
)
# Wyvernshire's made-up postcode area (WY is not a real one); the letters a postcode's last part may use.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
RELATIONSHIPS = ("Daughter", "Son", "Partner", "Friend", "Support worker", "Sister", "Brother", "Neighbour")

# The joining answers drawn, in the order they were drawn before "give it to a charity" was an answer, so the
# same seed draws the same people; the payments generator turns a few "payment" answers into donations.
RECOGNITION_DRAW = [
    choices.Recognition.PAYMENT,
    choices.Recognition.VOUCHER,
    choices.Recognition.VOLUNTEER,
    "",
]

# Share of people with each format and access need (several may apply).
FORMAT_SHARES = {
    choices.Format.EASY_READ: 0.18,
    choices.Format.LARGE_PRINT: 0.12,
    choices.Format.AUDIO: 0.05,
    choices.Format.BSL: 0.03,
    choices.Format.OTHER_LANGUAGE: 0.04,
}
ACCESS_SHARES = {
    choices.AccessNeed.STEP_FREE: 0.22,
    choices.AccessNeed.HEARING_LOOP: 0.08,
    choices.AccessNeed.BSL_INTERPRETER: 0.03,
    choices.AccessNeed.QUIET_ROOM: 0.14,
    choices.AccessNeed.BREAKS: 0.3,
    choices.AccessNeed.COMPANION: 0.12,
    choices.AccessNeed.ACCESSIBLE_TOILET: 0.15,
    choices.AccessNeed.PARKING: 0.1,
    choices.AccessNeed.TRANSPORT: 0.09,
    choices.AccessNeed.PAPERS_IN_ADVANCE: 0.25,
}
LANGUAGES = ("Polish", "Urdu", "Arabic", "Romanian", "Punjabi", "Bengali")
ACCESS_DETAILS = (
    "Needs a chair with arms and a table near the door.",
    "Finds busy rooms overwhelming; a seat near the back helps.",
    "Lip-reads: please face them when speaking.",
    "Uses a wheelchair; the car park must be close.",
    "Prefers papers on yellow paper, 16 point.",
)
# Chance of agreeing to each purpose.
CONSENT_SHARES = {
    choices.ConsentPurpose.CONTACT: 0.88,
    choices.ConsentPurpose.PHOTOS: 0.55,
    choices.ConsentPurpose.QUOTES: 0.68,
    choices.ConsentPurpose.SHARE_WITH_PARTNERS: 0.4,
    choices.ConsentPurpose.KEEP_EQUALITY_DATA: 0.75,
}
GENERAL_NOTES = (
    "Rang to say they enjoyed the workshop and would like to do more on transport.",
    "Prefers morning sessions; finds evenings tiring.",
    "Asked for papers to be posted a week in advance.",
    "Could not come to the last meeting because the taxi did not arrive. Book earlier next time.",
    "Interested in joining the interview panel for the new day service provider.",
    "Changed phone number; record updated.",
    "Would like to bring their support worker to sessions.",
    "Gave a very useful account of hospital discharge at the listening event.",
)
SAFEGUARDING_NOTES = (
    "Disclosed worries about a family member's behaviour. Discussed with the safeguarding lead: referred.",
    "Seemed very distressed on the phone. Checked in the next day with their agreement; support offered.",
)

# Used only when the census baseline has not been loaded: rough Oxfordshire shares.
FALLBACK_WEIGHTS = {
    "age_band": {
        "16-19": 5,
        "20-24": 8,
        "25-34": 15,
        "35-49": 24,
        "50-64": 24,
        "65-74": 12,
        "75-84": 9,
        "85+": 3,
    },
    "sex": {"Female": 51, "Male": 49},
    "gender_identity": {"Gender identity the same as sex registered at birth": 93, "Non-binary": 1},
    "ethnic_group": {
        "White: English, Welsh, Scottish, Northern Irish or British": 79,
        "Asian, Asian British or Asian Welsh": 6,
        "White: Gypsy or Irish Traveller, Roma or Other White": 7,
        "Mixed or Multiple ethnic groups": 3,
        "Black, Black British, Black Welsh, Caribbean or African": 2,
        "White: Irish": 1,
        "Other ethnic group": 1,
    },
    "religion": {"No religion": 44, "Christian": 45, "Muslim": 3, "Hindu": 1, "Other religion": 1},
    "sexual_orientation": {"Straight or Heterosexual": 89, "Gay or Lesbian": 2, "Bisexual": 2},
    "disability": {
        "Not disabled under the Equality Act": 84,
        "Disabled under the Equality Act: Day-to-day activities limited a little": 9,
        "Disabled under the Equality Act: Day-to-day activities limited a lot": 6,
    },
    "unpaid_care": {
        "Provides no unpaid care": 91,
        "Provides 19 or less hours unpaid care a week": 5,
        "Provides 20 to 49 hours unpaid care a week": 1,
        "Provides 50 or more hours unpaid care a week": 2,
    },
}
EQUALITY_CHOICES = {
    "age_band": choices.AGE_BANDS,
    "sex": choices.SEX,
    "gender_identity": choices.GENDER_IDENTITY,
    "ethnic_group": choices.ETHNIC_GROUP,
    "religion": choices.RELIGION,
    "sexual_orientation": choices.SEXUAL_ORIENTATION,
    "disability": choices.DISABILITY,
    "unpaid_care": choices.UNPAID_CARE,
}
PREFER_NOT_SHARE = 0.04


@dataclass
class Planned:
    person: Person
    area_ids: list[int]
    interest_ids: list[int]
    consents: list[Consent] = field(default_factory=list)
    notes: list[PersonNote] = field(default_factory=list)
    equality: EqualityRecord | None = None


def equality_weights() -> dict[str, tuple[list[str], list[float]]]:
    """For each equality question: its answers and their weights (the Oxfordshire adult census shares,
    plus a small "prefer not to say"), in a fixed order so the same seed draws the same answers."""
    figures = census.baseline()
    weights = {}
    for name, options in EQUALITY_CHOICES.items():
        valid = [value for value, _ in options if value != choices.PREFER_NOT[0]]
        shares = {
            value: float(areas["Oxfordshire"])
            for value, areas in figures.get(name, {}).items()
            if value in valid and areas.get("Oxfordshire") is not None
        } or FALLBACK_WEIGHTS[name]
        total = sum(shares.values())
        answers = sorted(shares)
        weights[name] = (
            [*answers, choices.PREFER_NOT[0]],
            [shares[a] / total * (1 - PREFER_NOT_SHARE) for a in answers] + [PREFER_NOT_SHARE],
        )
    return weights


def pick(rng, shares: dict) -> list[str]:
    return [value for value, share in shares.items() if rng.random() < share]


def plan_person(rng, n: int, user: dict | None, officer_ids: list[int], area_ids, interest_ids) -> Planned:
    online_joiner = user is not None
    if online_joiner:
        full_name, preferred = user["full_name"], user["preferred_name"]
        email = user["email"]
        registered_at = user["date_joined"]
    else:
        first, surname = fictional_name(rng)
        full_name, preferred = f"{first} {surname}", first if rng.random() < 0.15 else ""
        email = f"{first}.{surname}.p{n}@{DEMO_DOMAIN}".lower() if rng.random() < 0.3 else ""
        registered_at = ANCHOR - datetime.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
    registered_by = None if online_joiner else rng.choice(officer_ids) if officer_ids else None
    phone = (
        f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.6 else f"01632 960{rng.randrange(1000):03d}"
    )
    if online_joiner and rng.random() < 0.3:
        phone = ""
    has_address = not online_joiner or rng.random() < 0.5
    unit = "".join(rng.choice(POSTCODE_LETTERS) for _ in range(2))
    postcode = f"WY{rng.randint(1, 19)} {rng.randint(1, 9)}{unit}"
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}" if has_address else ""
    contact_options = [
        c for c, ok in (("email", email), ("phone", phone), ("text", phone), ("post", address)) if ok
    ]
    formats = pick(rng, FORMAT_SHARES)
    access_needs = pick(rng, ACCESS_SHARES)
    support = rng.random() < 0.12
    support_first, support_surname = fictional_name(rng)
    last_involved = None
    if rng.random() > 0.15:
        days_registered = max(0, (ANCHOR - registered_at).days)
        last_involved = ANCHOR.date() - datetime.timedelta(days=rng.randint(0, min(days_registered, 3 * 365)))
    online, in_person = rng.choice([(True, True), (True, True), (True, False), (False, True), (False, True)])
    if not online_joiner and rng.random() < 0.6:
        online = False
        in_person = True
    person = Person(
        user_id=user["id"] if online_joiner else None,
        full_name=full_name,
        preferred_name=preferred,
        pronouns=rng.choice(["", "", "", "", "she/her", "he/him", "they/them"]),
        email=email,
        phone=phone,
        address=address,
        postcode=postcode if has_address else "",
        preferred_contact=rng.choice(contact_options) if contact_options else "",
        formats=formats,
        other_language=rng.choice(LANGUAGES) if choices.Format.OTHER_LANGUAGE in formats else "",
        access_needs=access_needs,
        access_needs_detail=rng.choice(ACCESS_DETAILS) if access_needs and rng.random() < 0.2 else "",
        support_person_name=f"{support_first} {support_surname}" if support else "",
        support_person_relationship=rng.choice(RELATIONSHIPS) if support else "",
        support_person_contact=f"07700 900{rng.randrange(1000):03d}" if support else "",
        support_person_may_be_contacted=support and rng.random() < 0.8,
        available_days=[
            d for d in choices.Day.values if rng.random() < (0.45 if d not in ("sat", "sun") else 0.15)
        ],
        available_times=[t for t in choices.TimeOfDay.values if rng.random() < 0.5] or ["morning"],
        online=online,
        in_person=in_person,
        travel_miles=rng.choice([None, 2, 5, 5, 10, 10, 15, 20, 30]) if in_person else None,
        recognition=rng.choices(RECOGNITION_DRAW, weights=[55, 20, 20, 5])[0],
        benefits_limit=rng.choices(choices.YesNoPreferNot.values + [""], weights=[30, 55, 10, 5])[0],
        registered_at=registered_at,
        registered_by_id=registered_by,
        last_involved_at=last_involved,
    )
    if person.recognition == choices.Recognition.VOUCHER and not email:
        # Vouchers are sent by email (the voucher file's address), so someone registered for vouchers gave
        # one, often a relative's. Made from the name, not drawn, so every later draw stays as it was.
        person.email = f"{full_name.replace(' ', '.')}.p{n}@{DEMO_DOMAIN}".lower()
    planned = Planned(
        person=person,
        area_ids=rng.sample(area_ids, k=min(len(area_ids), rng.choices([1, 2, 3], weights=[55, 33, 12])[0])),
        interest_ids=rng.sample(interest_ids, k=min(len(interest_ids), rng.randint(1, 4))),
    )
    method = (
        choices.ConsentMethod.ONLINE
        if online_joiner
        else rng.choice(
            [choices.ConsentMethod.PHONE, choices.ConsentMethod.PAPER, choices.ConsentMethod.IN_PERSON]
        )
    )
    recorder = user["id"] if online_joiner else registered_by
    for purpose, share in CONSENT_SHARES.items():
        planned.consents.append(
            Consent(
                purpose=purpose,
                given=rng.random() < share,
                method=method,
                recorded_at=registered_at,
                recorded_by_id=recorder,
            )
        )
    contact = planned.consents[0]
    if contact.given and rng.random() < 0.05 and officer_ids:
        # Some later withdraw their agreement to be contacted, by phone to an officer.
        planned.consents.append(
            Consent(
                purpose=choices.ConsentPurpose.CONTACT,
                given=False,
                method=choices.ConsentMethod.PHONE,
                recorded_at=registered_at + datetime.timedelta(days=rng.randint(30, 300)),
                recorded_by_id=rng.choice(officer_ids),
            )
        )
    person.consents_to_contact = [c for c in planned.consents if c.purpose == choices.ConsentPurpose.CONTACT][
        -1
    ].given
    return planned


def add_notes_and_equality(rng, planned: Planned, officer_ids: list[int], weights) -> None:
    person = planned.person
    if officer_ids and rng.random() < 0.3:
        for _ in range(rng.randint(1, 3)):
            planned.notes.append(
                PersonNote(
                    kind=choices.NoteKind.GENERAL,
                    text=rng.choice(GENERAL_NOTES),
                    written_at=person.registered_at + datetime.timedelta(days=rng.randint(1, 400)),
                    written_by_id=rng.choice(officer_ids),
                )
            )
    if officer_ids and rng.random() < 0.01:
        planned.notes.append(
            PersonNote(
                kind=choices.NoteKind.SAFEGUARDING,
                text=rng.choice(SAFEGUARDING_NOTES),
                written_at=person.registered_at + datetime.timedelta(days=rng.randint(1, 400)),
                written_by_id=rng.choice(officer_ids),
            )
        )
    keeps = [c for c in planned.consents if c.purpose == choices.ConsentPurpose.KEEP_EQUALITY_DATA][-1].given
    if keeps and rng.random() < EQUALITY_SHARE / CONSENT_SHARES[choices.ConsentPurpose.KEEP_EQUALITY_DATA]:
        answers = {name: rng.choices(options, weights=w)[0] for name, (options, w) in weights.items()}
        planned.equality = EqualityRecord(updated_at=person.registered_at, **answers)


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("people")
    area_ids = list(selectors.active_areas().order_by("pk").values_list("pk", flat=True))
    interest_ids = list(selectors.active_interests().order_by("pk").values_list("pk", flat=True))
    officer_ids = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))
    member_ids = sorted(set(ctx.user_ids_by_role[Role.MEMBER]))
    users = {
        row["id"]: row
        for row in User.objects.filter(pk__in=member_ids).values(
            "id", "full_name", "preferred_name", "email", "date_joined"
        )
    }
    weights = equality_weights()
    total = max(ctx.scaled(PEOPLE), len(member_ids))
    planned = []
    for n in range(total):
        user = users[member_ids[n]] if n < len(member_ids) else None
        item = plan_person(rng, n, user, officer_ids, area_ids, interest_ids)
        add_notes_and_equality(rng, item, officer_ids, weights)
        planned.append(item)

    people = [item.person for item in planned]
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    areas_through = Person.lived_experience.through
    interests_through = Person.interests.through
    areas_through.objects.bulk_create(
        [areas_through(person_id=i.person.pk, livedexperiencearea_id=a) for i in planned for a in i.area_ids],
        batch_size=BATCH_SIZE,
    )
    interests_through.objects.bulk_create(
        [interests_through(person_id=i.person.pk, interest_id=a) for i in planned for a in i.interest_ids],
        batch_size=BATCH_SIZE,
    )
    consents, notes, records = [], [], []
    for item in planned:
        for row in (*item.consents, *item.notes):
            row.person = item.person
        consents += item.consents
        notes += item.notes
        if item.equality is not None:
            item.equality.person = item.person
            records.append(item.equality)
    Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    PersonNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    EqualityRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)

    for person in people:
        verb = "people.joined" if person.user_id else "people.registered_by_officer"
        ctx.audit.add(verb, person, changed_fields=["profile", "consents"])
    for note in notes:
        ctx.audit.add("people.note_added", note, changed_fields=["kind", "text"])
    for record_ in records:
        ctx.audit.add("people.equality_answered", record_, changed_fields=list(EQUALITY_CHOICES))
    ctx.audit.flush()
    ctx.counts["people"] = len(people)
    ctx.counts["consent decisions"] = len(consents)
    ctx.counts["notes"] = len(notes)
    ctx.counts["equality records"] = len(records)
