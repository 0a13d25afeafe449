"""The demo handbook's words: sections, pages (with earlier versions and easy read text), the jargon
buster, feedback comments and the resource library. Kept apart from the generator so the logic stays short.

Each page: (slug-ish key, title, summary, visibility, body, easy read or "", [(note, earlier body)...]).
"""

SECTIONS = [
    ("Getting started", "What co-production is, and how this programme began."),
    ("Planning a project", "From a first idea to a plan everyone owns."),
    ("Meetings that work for everyone", "Venues, formats, chairing and plain words."),
    ("Paying people fairly", "Rates, expenses, choices and benefits."),
    ("Evidence and learning", "Showing what changed, and learning from it."),
    ("For staff", "Guidance for the co-production team and staff leads."),
]

PAGES = {
    "Getting started": [
        (
            "What co-production is",
            "People who use services, carers and staff working together as equals, from start to finish.",
            "public",
            """Co-production means people who use services, carers, staff and voluntary-sector partners
working together **as equals**, from the start of a piece of work to the end: deciding what the problem
is, designing what to do about it, delivering it and checking whether it worked.

It is not the same as consultation. In consultation, we decide the question and you give an answer. In
co-production, we decide the question together.

## What it looks like here

- A project team where at least half the people have lived experience.
- Meetings planned around the people who come, not around office hours.
- Everyone paid for their time, and told what changed because of them.

Read [the four principles](/handbook/pages/the-four-principles/) next.""",
            """Co-production means working together as equals.

People who use services and staff plan things together.

Everyone is paid for their time.""",
            [("First version", "Co-production means working together as equals on a service.")],
        ),
        (
            "The four principles",
            "Equality, diversity, accessibility and reciprocity, and what each asks of us.",
            "public",
            """Four principles sit under everything the programme does.

1. **Equality**: everyone has assets. Nobody's expertise counts for more because of their job title.
2. **Diversity**: reach beyond the usual voices. If the same ten people come to everything, ask who is
   missing and go to them.
3. **Accessibility**: everyone can take part in the way that suits them. That means venues, times,
   formats, interpreters, travel and care costs.
4. **Reciprocity**: people get something back. Payment, recognition, new skills, a reference.

Every project is checked against all four when the co-production team looks at a request.""",
            "",
            [("Added examples for diversity", "Equality, diversity, accessibility and reciprocity.")],
        ),
        (
            "The ladder of participation",
            "Seven rungs from coercion to co-producing, and how we rate every project on it.",
            "public",
            """The ladder of participation describes how much power people have in a piece of work.

| Rung | What it means |
|---|---|
| Co-producing | Equal partners from start to finish |
| Co-designing | People shape the design; staff still deliver |
| Engaging | People are asked and their views change things |
| Consulting | People are asked, but decisions are made elsewhere |
| Informing | People are told what will happen |
| Educating | People are taught to accept a decision |
| Coercion | People are made to go along with it |

The bottom two are "doing to", the middle three "doing for", the top two "doing with". We rate every
project at the start (the rung it aims for), in the middle and at the end (the rung it reached), with the
evidence. Aiming below co-designing is allowed, but the reason is written down.""",
            "",
            [],
        ),
        (
            "Starting with the willing",
            "Why the programme began with teams that wanted to try, and how others joined later.",
            "public",
            """We did not start by telling every service to co-produce. We started with the teams that asked
for help, made their projects work, and let their results do the persuading.

> "Make a plan and give it a go." – a member of the first co-production board

Champions in each team now bring others in. If your team is curious, ask for a conversation: there is no
form to fill in first.""",
            "",
            [],
        ),
    ],
    "Planning a project": [
        (
            "Planning a co-produced project",
            "What to think about before you ask for support, and what the team will ask you.",
            "public",
            """Before you ask for co-production support, be clear about three things.

## What can change

If nothing can change, it is not a co-production project. Say plainly what is already decided (a budget,
a law, a contract) so nobody spends time on it.

## Who it affects

Think wider than current users: people who stopped using the service, carers, people who were never
offered it.

## Time and money

Involvement takes longer than a report written in the office. Budget for payments, travel, venues and
formats from the start: see [budgeting for involvement](/handbook/pages/budgeting-for-involvement/).

Download the project plan template from the resources page.""",
            "",
            [
                ("First version", "Be clear about what can change before you ask for support."),
                (
                    "Added the section on time and money",
                    "Be clear about what can change, and who it affects.",
                ),
            ],
        ),
        (
            "Writing a group agreement",
            "How a team agrees how it will work together, at its first meeting.",
            "public",
            """A group agreement is a short list of how the team will work together. Write it together at
the first meeting: an agreement handed out by staff is not an agreement.

Good agreements are short (six to ten lines), in plain words, and say what happens if something goes
wrong. Read it again when someone new joins, and change it when it stops working.

There is a template in the resources, and your project's page has a place to keep yours.""",
            "A group agreement says how we work together.\n\nWe write it together at the first meeting.",
            [],
        ),
        (
            "Budgeting for involvement",
            "What to put in the budget so that nobody is out of pocket for taking part.",
            "public",
            """Most projects underestimate what involvement costs. A useful starting budget covers:

- payment for people's time at the current rates (see the reward and recognition policy);
- travel, including taxis for people who cannot use buses;
- care and companion costs;
- venues with step-free access and a hearing loop;
- British Sign Language interpreters, easy read, large print and audio versions of papers;
- refreshments, especially for meetings over a mealtime.

Ask the co-production team for the figures from similar projects.""",
            "",
            [("Updated after the rate review", "Budget for payment, travel, venues and formats.")],
        ),
        (
            "Reaching beyond the usual voices",
            "Finding the people a service does not hear from, and making it worth their while.",
            "public",
            """If the same few people come to everything, the service only hears what they think.

- Go where people already are: day centres, food banks, faith groups, youth clubs.
- Work with voluntary groups people trust, and pay them for their time too.
- Offer more than one way in: a phone call, a paper form, a chat at a drop-in.
- Use the matching tool on an opportunity to invite people whose experience fits and who have not been
  involved for a while.""",
            "",
            [],
        ),
    ],
    "Meetings that work for everyone": [
        (
            "Arranging an accessible meeting",
            "Choosing a venue and time, and asking people what they need before they arrive.",
            "public",
            """Ask what people need before you book anything. The reply form asks for access needs and
fills in what people have already told us in their profile.

## Venue

Step-free access, an accessible toilet, a hearing loop, a quiet room and parking. Near a bus route.

## Time

Avoid school runs and late evenings unless the group chooses them. Two hours is long enough.

## Papers

Send papers at least a week before, in each person's format.""",
            """We ask what you need before the meeting.

We choose a place that is easy to get to.

We send papers a week before.""",
            [("Added the papers section", "Ask what people need before you book a venue.")],
        ),
        (
            "Easy read and other formats",
            "When to offer easy read, large print, audio and British Sign Language, and how to get them.",
            "public",
            """Offer every paper in the format each person asked for. Easy read uses short sentences,
everyday words and a picture beside each point. Large print is at least 16 point. Audio versions can be
a simple recording of someone reading the paper.

Upload each version beside the original paper on the meeting's page so people can download the one
they need.""",
            "We can give you papers in easy read, large print or audio.\n\nAsk us.",
            [],
        ),
        (
            "Chairing as equals",
            "How co-chairs share a meeting and make room for everyone to speak.",
            "public",
            """The board has two co-chairs: one with lived experience, one senior officer. They plan each
agenda together and take turns to chair items.

- Go round the room before the officers speak.
- Check for understanding: ask, do not assume.
- Keep to time, and say when decisions will come back.""",
            "",
            [],
        ),
        (
            "Jargon and plain English",
            "Why jargon shuts people out, and how the jargon buster helps.",
            "public",
            """Every service has its own words. ICB, PA, EHCP, Section 117: to someone new, a meeting full of
them is a closed door.

Use plain words. When a term cannot be avoided, explain it the first time. Every project keeps a jargon
buster, and the programme's jargon buster explains the words used across the handbook.""",
            "",
            [("First version", "Use plain words and explain terms the first time.")],
        ),
    ],
    "Paying people fairly": [
        (
            "Paying people fairly",
            "Why we pay people for their time, what we pay, and how a claim becomes a payment.",
            "public",
            """People who use services bring expertise staff do not have. We pay for it, as we pay staff.

After each meeting the organiser records who came, and a claim is made for each person at the rate in
force on the day of the meeting. The person adds expenses, the organiser confirms, finance approves, and
the payment goes out in the next batch.

People choose how they are paid: bank transfer, a voucher, a donation, a smaller amount, or nothing as a
volunteer.""",
            """We pay you for your time.

You choose how we pay you.

We pay you back for travel.""",
            [
                ("First version", "We pay people for their time and their expenses."),
                ("Explained the steps of a claim", "We pay people for their time, as we pay staff."),
            ],
        ),
        (
            "Paying people on benefits",
            "Earnings limits, warnings before a limit is reached, and the benefits letter.",
            "public",
            """Some benefits have an earnings limit. Going over it can stop or reduce someone's benefit,
so we check every claim against the limit the person told us applies to them.

We warn before a payment would take someone over their limit, never after. They can choose a smaller
amount, to be paid in another week, a voucher or a donation instead, or to be paid in full knowingly.

Expenses are never earnings. The benefits letter on each person's payments page lists their payments
for benefits offices. Always suggest independent advice.""",
            "",
            [("Updated the limits for April", "We check claims against benefit earnings limits.")],
        ),
        (
            "Expenses and receipts",
            "What can be claimed back, and what receipts we need.",
            "public",
            """We pay back what it costs to take part: fares, taxis when needed, mileage, parking, a meal
over a mealtime, and care or companion costs. Add a photo of each receipt to the claim. Mileage needs
the start and end of the journey.""",
            "",
            [],
        ),
    ],
    "Evidence and learning": [
        (
            "You said, we did",
            "Telling people what changed because of what they said.",
            "public",
            """Nothing puts people off faster than never hearing back. Every project records "you said, we
did" updates: what people told us, and what was done about it (including when the answer was no, and
why). The public project page shows them.""",
            "",
            [],
        ),
        (
            "Peer research",
            "People with lived experience evaluating the programme, trained and paid.",
            "public",
            """The programme is evaluated by peer researchers: people with lived experience trained to
interview, run focus groups and analyse what they hear. They are paid at the peer research rate and named
in the report if they wish.""",
            "",
            [],
        ),
        (
            "Checking for tokenism",
            "Signs that a project has slipped from co-production into consultation, and what to do.",
            "public",
            """Warning signs: decisions made before the group meets; staff outnumbering people with lived
experience; papers arriving on the day; the same two people speaking for "the community". When you see
them, say so at the next meeting, and look again at the project's rung on the ladder.""",
            "",
            [],
        ),
    ],
    "For staff": [
        (
            "Triage: assessing a request",
            "How the co-production team assesses a request against the principles and the ladder.",
            "staff",
            """When a request comes in, check it within ten working days.

1. Is there something that can genuinely change?
2. Which rung does it aim for, and is that realistic for the time and budget?
3. Go through the four principles and note any gaps.
4. Accept, ask for more information, or decline with a clear reason.

Requests aiming below co-designing can be accepted, but record why.""",
            "",
            [("Added the ten-day target", "Check each request against the principles and the ladder.")],
        ),
        (
            "Handling a concern or complaint",
            "What to do when someone taking part raises a concern, including safeguarding.",
            "staff",
            """Listen, write down what was said in the person's words, and tell them what will happen next.
Safeguarding concerns go to the duty team the same day and are noted on the person's record as a
safeguarding note (visible only to those with the permission). Complaints about payments go to finance
with the claim reference.""",
            "",
            [],
        ),
    ],
}

TERMS = [
    (
        "Co-production",
        "People who use services, carers and staff working together as equals, from start to finish.",
    ),
    (
        "Lived experience",
        "Knowing about something because it has happened to you, or to someone you care for.",
    ),
    ("Expert by experience", "Someone whose lived experience is the expertise they bring to a project."),
    ("ICB", "Integrated Care Board: the NHS body that plans and pays for health services in the area."),
    ("PA", "Personal assistant: someone paid to support a disabled person with daily life."),
    (
        "EHCP",
        "Education, health and care plan: a plan for a child or young person with special educational needs.",
    ),
    (
        "Section 117",
        "Free aftercare for people who were kept in hospital under parts of the Mental Health Act.",
    ),
    ("Direct payment", "Money from the council so a person can arrange their own care and support."),
    ("Safeguarding", "Protecting people from abuse or neglect."),
    ("Commissioning", "How the council and NHS decide what services to buy, and from whom."),
    ("Tokenism", "Involving people for show, without giving them any real say."),
    (
        "Ladder of participation",
        "Seven rungs that describe how much say people have, from coercion to co-producing.",
    ),
    ("Easy read", "Information written in short sentences and everyday words, with pictures."),
    ("Reciprocity", "People get something back for taking part: payment, recognition or new skills."),
    ("Co-chair", "One of the two people who chair the board together."),
    ("Terms of reference", "A group's written rules: what it is for, who is in it and how it decides."),
    ("Concordat", "The programme's written agreement about how the council will co-produce."),
    ("Peer researcher", "Someone with lived experience trained and paid to help evaluate the programme."),
    ("Benefit earnings limit", "The most someone can earn before a benefit is reduced or stopped."),
    ("Universal Credit", "A benefit for people of working age on a low income or out of work."),
]

COMMENTS_USEFUL = [
    "Clear and short. I shared it with my team.",
    "The table made the ladder make sense at last.",
    "Helped me explain to my manager why we need a bigger budget.",
    "Good to see it written with people who have done it.",
    "I read the easy read version to my dad and he understood it.",
    "Exactly what I needed before our first meeting.",
]
COMMENTS_NOT_USEFUL = [
    "Could you add an example of a real project?",
    "Does not say what to do if the venue cancels.",
    "Too long for me. Can there be an audio version?",
    "What about people who do not have a bank account?",
    "It would help to know how long payments take in practice.",
    "Please add something about interpreters for languages other than BSL.",
]

RESOURCES = [
    ("Project plan template", "A plan to fill in with the people who will take part.", "project_plan"),
    (
        "Group agreement template",
        "A starting point for how a team agrees to work together.",
        "group_agreement",
    ),
    ("Ground rules for meetings", "Ten ground rules to adapt with your group.", "ground_rules"),
    (
        "Jargon buster",
        "The programme's words and what they mean, to print and bring to meetings.",
        "jargon_buster",
    ),
    (
        "Going to a meeting: easy read guide",
        "What happens before, during and after a meeting, in easy read.",
        "easy_read_meeting_guide",
    ),
    (
        "Reward and recognition policy",
        "What we pay, for what, and the choices people have: written from today's rate card.",
        "reward_policy",
    ),
    (
        "The benefits letter explained",
        "What the benefits letter shows and the earnings limits we check against.",
        "benefits_letter",
    ),
    ("Annual report", "What the programme did this year, what changed and what we learned.", ""),
]

# Which page helps with which workflow step ("Help with this step").
HELP_LINKS = {
    "project_request": "Planning a co-produced project",
    "triage": "The ladder of participation",
    "project_rating": "The ladder of participation",
    "group_agreement": "Writing a group agreement",
    "project_jargon": "Jargon and plain English",
    "advertise": "Reaching beyond the usual voices",
    "express_interest": "What co-production is",
    "selection": "Reaching beyond the usual voices",
    "arrange_meeting": "Arranging an accessible meeting",
    "attendance": "Paying people fairly",
    "claim": "Expenses and receipts",
    "claim_approval": "Paying people on benefits",
    "payment_choice": "Paying people on benefits",
}
