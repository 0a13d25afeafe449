"""What the co-production board talked about at each of its past meetings, oldest first: two years of monthly
meetings, each with its own agenda, minutes, decisions and actions (no text repeated). The programme generator
finds the decisions that approved the terms of reference and the concordat by their text."""

from __future__ import annotations

TERMS_APPROVED = "Approve the board's first terms of reference"
TERMS_REVIEWED = (
    "Approve the reviewed terms of reference, with a lived-experience co-chair and two-year terms"
)
CONCORDAT_ADOPTED = "Adopt the Wyvernshire Co-production Concordat and invite partners to sign it"
CONCORDAT_REVISED = (
    "Adopt the revised concordat, adding payment within ten working days and easy read by default"
)

# (main item, second item, what the minutes record, decisions, actions)
TOPICS = [
    (
        "Setting up the board",
        "How we will work together",
        "The board met for the first time. Members introduced themselves and what brought them to "
        "co-production, "
        "and agreed the draft terms of reference with two changes: papers a week ahead and a quiet room at "
        "every "
        "meeting.",
        [TERMS_APPROVED, "Hold board meetings monthly, alternating mornings and early evenings"],
        [
            "Send members the agreed terms of reference in easy read",
            "Find a venue with a quiet room for March",
        ],
    ),
    (
        "The programme's first-year plan",
        "Budget for involvement payments",
        "The programme manager walked through the first-year plan. Members asked how projects would be "
        "chosen and "
        "pressed for a clear way for staff to ask for support.",
        ["Ask the co-production team to publish how projects are chosen"],
        ["Draft a one-page guide to asking for co-production support"],
    ),
    (
        "Paying people fairly",
        "Rate card for meetings and preparation time",
        "A long discussion about payment: several members had lost benefits income on other programmes. The "
        "finance lead explained the benefits limits and the choice of vouchers or a donation.",
        [
            "Pay preparation time at the meeting rate, up to one hour",
            "Offer vouchers or a donation instead of pay",
        ],
        [
            "Write a plain-English leaflet on payment and benefits",
            "Check the rate card against the living wage",
        ],
    ),
    (
        "A written agreement: the concordat",
        "Who should sign it",
        "Members read the draft concordat line by line. The partner members asked for the voluntary sector "
        "to be "
        "named as equals, and the board agreed to adopt it with that change.",
        [CONCORDAT_ADOPTED],
        ["Invite the NHS trust and the carers' centre to sign", "Put the concordat on the website"],
    ),
    (
        "Co-produced training",
        "Who trains the trainers",
        "The training lead proposed a course run by a staff trainer and a trainer with lived experience "
        "side by "
        "side. Members wanted the lived-experience trainers paid the same day rate.",
        ["Pay co-trainers with lived experience the same day rate as staff trainers"],
        ["Recruit four co-trainers through the network"],
    ),
    (
        "Reaching beyond the usual voices",
        "Young carers and the Travellers' site at Sloeby",
        "Members noticed the same faces at every group. The board heard from the young carers' project and "
        "agreed "
        "to go where people already meet rather than invite them to County Hall.",
        ["Hold one meeting in three away from County Hall"],
        ["Ask the young carers' project to host an autumn meeting"],
    ),
    (
        "First projects: progress",
        "Day services review",
        "The day services review reported on its first workshops. The board asked how the group's ideas "
        "would reach "
        "the decision in June, and was told a member of the group will present with the service manager.",
        [],
        ["Invite the day services group to present in June"],
    ),
    (
        "Access at our meetings",
        "Easy read, BSL and hearing loops",
        "A member who is Deaf described missing half of the previous meeting. The board agreed an "
        "interpreter is "
        "booked by default, not on request.",
        ["Book a BSL interpreter for every board meeting by default"],
        ["Test the hearing loop in the Council Chamber before each meeting"],
    ),
    (
        "Evaluation: how will we know it worked?",
        "The seven shifts self-assessment",
        "The evaluator presented the seven shifts and asked members to score where the council is today. "
        "Scores "
        "were lowest on resourcing and piloting.",
        ["Score the seven shifts every six months, together"],
        ["Share the scores and the reasons given with the network"],
    ),
    (
        "Mental health crisis pathway",
        "A challenge to the crisis line project",
        "Members raised a concern that the crisis line project had consulted on a finished design. The "
        "project "
        "lead agreed to reopen the design and answer the board in writing.",
        [],
        ["Write to the crisis line lead with the board's concern"],
    ),
    (
        "Money: half-year position",
        "Involvement budget against spend",
        "The finance lead reported spend below plan because claims were slow. Members said the forms were "
        "the "
        "problem, not people's willingness.",
        ["Simplify the claim form and allow claims by phone"],
        ["Bring the new claim form to the board in draft"],
    ),
    (
        "Recruiting new members",
        "Observing, conversation and induction",
        "Two people who observed the last meeting spoke about what it was like. The board agreed the way in: "
        "observe a meeting, talk with a co-chair, then an induction.",
        ["Adopt the four-step way onto the board, with a buddy for each new member"],
        ["Advertise two board places through the network and the carers' centre"],
    ),
    (
        "Housing repairs project",
        "What changed because of the group",
        "Tenants on the repairs group described the new appointment letters they wrote. The board asked for "
        "the "
        "'you said, we did' to be published.",
        ["Publish 'you said, we did' updates every quarter"],
        ["Send the repairs group a thank-you from the board"],
    ),
    (
        "A year on: reviewing the terms of reference",
        "Co-chairs and terms of office",
        "The board reviewed its first year. It agreed one co-chair must bring lived experience, terms of "
        "two years "
        "renewable once, and approved the revised terms of reference.",
        [TERMS_REVIEWED],
        ["Publish the reviewed terms of reference", "Set the date of next year's review"],
    ),
    (
        "Senior commitment",
        "The corporate plan and the cabinet member",
        "The cabinet member for adult social care joined to hear the board's view. Members asked for "
        "co-production "
        "to be written into the corporate plan, not just the strategy.",
        ["Ask the cabinet to name co-production in the corporate plan"],
        ["Draft the board's letter to the leader of the council"],
    ),
    (
        "Piloting co-produced services",
        "Which services go first",
        "Three pilots were proposed. Members chose the carers' breaks service and the library outreach van, "
        "and "
        "asked for a person with lived experience on each pilot's steering group.",
        ["Pilot co-produced carers' breaks and the library outreach van"],
        ["Find a lived-experience lead for each pilot"],
    ),
    (
        "Safeguarding in co-production",
        "Support after difficult meetings",
        "A member spoke about feeling unsupported after a meeting about care homes. The board agreed a "
        "debrief "
        "offer after any meeting on a hard subject.",
        ["Offer a debrief after meetings on difficult subjects"],
        ["Train two officers to lead debriefs"],
    ),
    (
        "The co-production team",
        "Staffing and a second officer",
        "The programme manager set out the case for a second co-production officer. Members asked for the "
        "job "
        "description to be co-produced and for a member to sit on the interview panel.",
        ["Support the case for a second co-production officer"],
        ["Put a board member on the interview panel"],
    ),
    (
        "Transport and travel costs",
        "Taxis, bus passes and mileage",
        "Travel from the north of the county costs some members two hours each way. The board agreed to "
        "fund taxis "
        "where public transport does not work.",
        ["Fund taxis for anyone for whom public transport does not work"],
        ["Publish the mileage rates on the network page"],
    ),
    (
        "Revising the concordat",
        "Two years of learning",
        "Members compared the concordat with what had happened. They added payment within ten working days "
        "and "
        "easy read papers by default, and approved the revised version.",
        [CONCORDAT_REVISED],
        ["Ask every signatory to sign the revised concordat"],
    ),
    (
        "Digital inclusion",
        "Online meetings and lending tablets",
        "Hybrid meetings have let more people take part, but some members have no data. The board agreed to "
        "lend "
        "tablets with data through the libraries.",
        ["Lend tablets with data to members who need them"],
        ["Agree tablet lending with the library service"],
    ),
    (
        "Children's services project",
        "Care leavers' group update",
        "Care leavers described the new pathway plan template. The board asked how the service will keep "
        "them "
        "involved after the project closes.",
        [],
        ["Ask children's services how care leavers stay involved"],
    ),
    (
        "Budget for next year",
        "Involvement budget and cost centres",
        "The finance lead presented next year's involvement budget. Members asked for money set aside for "
        "people "
        "to take part in evaluation, not only in projects.",
        ["Set aside part of next year's involvement budget for evaluation"],
        ["Bring the final budget to the next meeting"],
    ),
    (
        "Check and challenge: how it is going",
        "Overdue responses",
        "The co-chairs reviewed the board's challenges. Most were answered on time; two were overdue. The "
        "board "
        "agreed officers will chase responses a week before they are due.",
        ["Chase challenge responses a week before they are due"],
        ["Send the board a list of open challenges each month"],
    ),
    (
        "Annual report",
        "What we say about the year",
        "Members chose the stories for the annual report and asked for it to be written with the network, "
        "with "
        "an easy read and an audio version.",
        ["Write the annual report with the network, in easy read and audio too"],
        ["Collect three stories from project groups for the report"],
    ),
    (
        "Looking ahead",
        "The board's forward plan for the year",
        "The board agreed its forward plan: the training evaluation, the second pilot review and the next "
        "concordat review. Members asked for one meeting a year to be a social.",
        ["Hold a summer social instead of one meeting"],
        ["Put the forward plan on the board's page"],
    ),
]

# Items on every agenda besides the meeting's own subjects.
OPENING = ["Welcome, apologies and access needs", "Notes and actions of the last meeting"]
CLOSING = ["Any other business"]
