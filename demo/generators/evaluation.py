"""Evaluation: two years of a programme that is learning what co-production changed.

The four aims the programme co-designed (agreed by the board and the team two years ago), two outcomes each,
indicators the platform works out (back-filled each quarter from the data the other generators made) and
indicators recorded by hand that move unevenly towards their targets; evidence in people's words with the
consent states that go with it (one quote hidden because its speaker later withdrew consent), interview
notes from peer researchers; participant-experience surveys after meetings (one with too few answers to
show); four rounds of the seven-shifts self-assessment by the board and the team; diversity snapshots each
quarter; last year's annual report published and this year's in draft. Runs last: it reads what the
others made. Small and fixed in size (it does not grow with --scale, except the survey answers)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission

from coproduce.accounts.models import Role, User
from coproduce.evaluation import choices, exports, models, services
from coproduce.meetings.models import Body
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import Consent, Person
from coproduce.projects.choices import TeamRole
from coproduce.projects.models import Project, TeamMember
from coproduce.training.models import Session

from ..logins import DEMO_DOMAIN
from .context import ANCHOR, BATCH_SIZE, DemoContext

TODAY = ANCHOR.date()
STARTED = TODAY - datetime.timedelta(days=730)
QUARTERS = [TODAY - datetime.timedelta(days=91 * n) for n in range(8, -1, -1)]

# (aim, [(outcome, [indicator: (title, kind, code or unit, baseline, target, higher_is_better, path)])])
# A hand-recorded indicator's path is its value each quarter, oldest first.
PLAN = [
    (
        "Embed co-production as the way the organisation works",
        "Co-production is how services are planned and changed, not an extra.",
        [
            (
                "Departments ask for co-production at the start",
                [
                    (
                        "Requests for co-production from departments and partners",
                        "computed",
                        "organisations_reached",
                        None,
                        "12",
                        True,
                        None,
                    ),
                    (
                        "Projects aiming for co-designing or above",
                        "computed",
                        "ladder_target_co_designing",
                        "40",
                        "75",
                        True,
                        None,
                    ),
                ],
            ),
            (
                "Co-produced projects finish and are learned from",
                [
                    ("Co-produced projects finished", "computed", "projects_finished", None, "8", True, None),
                    (
                        "Projects achieving co-designing or above",
                        "computed",
                        "ladder_achieved_co_designing",
                        "35",
                        "70",
                        True,
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "Better relationships and shared understanding with people, carers and the voluntary sector",
        "People who use services, carers and partners trust the council to listen and act.",
        [
            (
                "More people, and more different people, take part",
                [
                    (
                        "People involved (took part in a meeting)",
                        "computed",
                        "people_involved",
                        None,
                        None,
                        True,
                        None,
                    ),
                    ("New people joining the network", "computed", "new_people", None, None, True, None),
                    (
                        "Representation score of everyone involved this year",
                        "computed",
                        "representation_involved",
                        None,
                        "85",
                        True,
                        None,
                    ),
                ],
            ),
            (
                "People are paid fairly and on time",
                [
                    (
                        "Money paid to people for their time and expenses",
                        "computed",
                        "money_paid",
                        None,
                        None,
                        True,
                        None,
                    ),
                    (
                        "Median days from claim to payment",
                        "computed",
                        "median_days_to_payment",
                        "28",
                        "14",
                        False,
                        None,
                    ),
                    (
                        "Partners who say the relationship has improved (annual partner survey, %)",
                        "manual",
                        "percent",
                        "31",
                        "60",
                        True,
                        ["31", "31", "38", "38", "44", "47", "47", "52", "55"],
                    ),
                ],
            ),
        ],
    ),
    (
        "Co-produced projects that improve services",
        "Changes people can see, which they helped to make.",
        [
            (
                "Services change because of what people said",
                [
                    (
                        "Service changes agreed from co-produced projects",
                        "manual",
                        "number",
                        "0",
                        "20",
                        True,
                        ["0", "1", "3", "4", "4", "7", "9", "12", "14"],
                    ),
                    ("Hours of involvement", "computed", "involvement_hours", None, None, True, None),
                ],
            ),
            (
                "People who took part see the difference",
                [
                    (
                        "Participants who can see what changed because of them (%)",
                        "manual",
                        "percent",
                        "42",
                        "75",
                        True,
                        ["42", "45", "44", "51", "58", "56", "61", "66", "68"],
                    ),
                ],
            ),
        ],
    ),
    (
        "Influence beyond the first department",
        "Other departments, the NHS and partners adopt the approach.",
        [
            (
                "Other organisations adopt co-production",
                [
                    (
                        "Organisations outside adult social care using the approach",
                        "manual",
                        "number",
                        "1",
                        "10",
                        True,
                        ["1", "1", "2", "2", "3", "5", "5", "6", "8"],
                    ),
                    (
                        "Staff trained in co-production",
                        "manual",
                        "number",
                        "0",
                        "200",
                        True,
                        ["0", "12", "30", "41", "64", "90", "103", "131", "150"],
                    ),
                ],
            ),
            (
                "The board's challenges get answers",
                [
                    (
                        "Board challenges answered within 8 weeks (%)",
                        "manual",
                        "percent",
                        "50",
                        "90",
                        True,
                        ["50", "55", "52", "60", "71", "68", "75", "80", "84"],
                    ),
                ],
            ),
        ],
    ),
]

QUOTES = [
    (
        "Being heard",
        "For the first time I felt they actually listened, and then came back and told us what they did.",
        "A carer from Cherwell",
    ),
    (
        "Paid like a colleague",
        "Being paid for my time said more than any thank-you letter. It said my knowledge counts.",
        "A member of the board",
    ),
    (
        "Changed the letter",
        "We rewrote the assessment letter together. My mum could read the new one on her own.",
        "A family carer",
    ),
    (
        "Not a box-ticking exercise",
        "I came expecting a consultation. It was the first meeting where the plan was not already written.",
        "Someone who uses day services",
    ),
    (
        "Access sorted",
        "They booked the interpreter before I asked. That never happens.",
        "A Deaf member of the network",
    ),
    (
        "Slow to start",
        "The first two meetings were full of jargon. The jargon buster helped, but it should have been "
        "there from day one.",
        "A young carer",
    ),
]
CASE_STUDIES = [
    (
        "Respite booking, rebuilt with carers",
        "Carers told the project that booking respite meant three phone calls and a form nobody understood. "
        "The team of "
        "carers and staff mapped the journey, tested a single booking line, and the council adopted it. "
        "Complaints about "
        "respite booking fell by half in six months.",
    ),
    (
        "Day services timetable",
        "People who use day services co-designed the new timetable, including later starts for people who "
        "rely on "
        "community transport. Attendance rose and fewer people missed their first session.",
    ),
    (
        "The NHS trust joins in",
        "After seeing the board's annual report, the community mental health team asked for support to "
        "co-produce its "
        "discharge leaflet. It was the first request from outside the council.",
    ),
]
INTERVIEWS = [
    (
        "Interview: what made people stay",
        "Three members said the reason they kept coming was seeing a change after the second meeting. Two "
        "said "
        "the payment mattered less than being asked back. One nearly left after a meeting moved online "
        "without notice.",
    ),
    (
        "Observation: who speaks at the board",
        "Over two meetings, members with lived experience spoke for about 55% of the time, up from roughly "
        "a third last "
        "year. Staff still opened every agenda item; the co-chair suggested members open half of them.",
    ),
    (
        "Interview: staff views of co-production",
        "Four managers said co-production took longer but avoided re-work. Two had not heard of the "
        "concordat. "
        "All four wanted training for their teams.",
    ),
]
SHIFT_NOTES = {
    "senior_commitment": (
        "The director chairs the board twice a year.",
        "Put co-production into every service plan.",
    ),
    "training": ("Co-delivered course running each term.", "Train managers as well as front-line staff."),
    "board": ("Board meets monthly with two co-chairs.", "Publish the board's challenges and the answers."),
    "resourcing": ("A budget line for involvement and a team of four.", "Secure funding beyond next March."),
    "concordat": ("The concordat was agreed and signed.", "Review it with members after a year."),
    "piloting": ("Pilots in day services and respite.", "Spread to children's services."),
    "evaluation": ("Peer researchers and this dashboard.", "Add partners' views to the evidence."),
}
# (title, responses, quarter opened, for): a project's, the board's or a training course's survey.
SURVEYS = [
    ("After the respite booking workshop", 24, 2, "project"),
    ("After the board's annual review", 14, 4, "board"),
    ("Day services project close", 31, 6, "project"),
    ("After the training course", 18, 7, "course"),
    ("After the jargon-buster session", 6, 8, "project"),
]


def _day(n: int) -> datetime.datetime:
    return datetime.datetime.combine(
        QUARTERS[min(n, len(QUARTERS) - 1)], datetime.time(12), tzinfo=datetime.UTC
    )


def _evaluator(ctx: DemoContext) -> User:
    user = User.objects.filter(email=f"evaluator@{DEMO_DOMAIN}").first()
    if user is None:
        user = User.objects.get(pk=sorted(set(ctx.user_ids_by_role[Role.EVALUATOR]))[0])
    # The demo evaluator holds the equality permission, so the diversity pages show (aggregates only).
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="people", codename="view_equality_answers")
    )
    return user


def _aims(ctx, rng, actor) -> dict[str, list[models.Indicator]]:
    by_aim = {}
    for order, (title, description, outcomes) in enumerate(PLAN, start=1):
        aim = models.Aim.objects.create(
            title=title,
            description=description,
            agreed_by="The co-production board and the programme team",
            agreed_on=STARTED + datetime.timedelta(days=order),
            order=order,
        )
        ctx.audit.add("evaluation.aim_created", aim, ["title", "agreed_by", "agreed_on"])
        by_aim[title] = []
        for outcome_order, (outcome_title, indicators) in enumerate(outcomes, start=1):
            outcome = models.Outcome.objects.create(aim=aim, title=outcome_title, order=outcome_order)
            for indicator_order, (name, kind, code_or_unit, baseline, target, higher, path) in enumerate(
                indicators, start=1
            ):
                computed = kind == "computed"
                indicator = models.Indicator.objects.create(
                    outcome=outcome,
                    title=name,
                    kind=kind,
                    order=indicator_order,
                    computed_code=code_or_unit if computed else "",
                    unit=(choices.Unit.NUMBER if computed else code_or_unit),
                    baseline=Decimal(baseline) if baseline else None,
                    target=Decimal(target) if target else None,
                    target_date=TODAY + datetime.timedelta(days=180) if target else None,
                    higher_is_better=higher,
                )
                if computed:
                    from coproduce.evaluation import selectors

                    indicator.unit = selectors.computed_indicator(code_or_unit).unit
                    indicator.save(update_fields=["unit"])
                else:
                    models.IndicatorValue.objects.bulk_create(
                        models.IndicatorValue(
                            indicator=indicator,
                            date=QUARTERS[n],
                            value=Decimal(value),
                            note=rng.choice(
                                ["Team records", "Quarterly return", "Partner survey", "Board papers"]
                            ),
                        )
                        for n, value in enumerate(path)
                    )
                ctx.audit.add("evaluation.indicator_created", indicator, ["title", "kind"])
                by_aim[title].append(indicator)
    return by_aim


def _speakers(rng, count: int) -> list[Person]:
    agreed = list(
        Consent.objects.filter(purpose=ConsentPurpose.QUOTES, given=True, person__erased_at__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()[:200]
    )
    chosen = rng.sample(agreed, min(count, len(agreed)))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _evidence(
    ctx, rng, actor, aims: list[models.Aim], projects: list[Project], peer_user_ids: list[int]
) -> list[models.Evidence]:
    made = []
    speakers = _speakers(rng, len(QUOTES))
    for n, (title, text, credit) in enumerate(QUOTES):
        made.append(
            models.Evidence(
                kind=choices.EvidenceKind.QUOTE,
                title=title,
                text=text,
                attribution=credit,
                person=speakers[n] if n < len(speakers) else None,
                collected_on=QUARTERS[1 + n].replace(day=min(QUARTERS[1 + n].day, 28)),
                collected_by=actor,
                project=projects[n % len(projects)] if projects else None,
                for_report=n < 4,
            )
        )
    for n, (title, text) in enumerate(CASE_STUDIES):
        made.append(
            models.Evidence(
                kind=choices.EvidenceKind.CASE_STUDY,
                title=title,
                text=text,
                collected_on=QUARTERS[3 + 2 * n],
                collected_by=actor,
                project=projects[(n + 1) % len(projects)] if projects else None,
                for_report=True,
            )
        )
    for n, (title, text) in enumerate(INTERVIEWS):
        researcher = (
            User.objects.filter(pk=peer_user_ids[n % len(peer_user_ids)]).first() if peer_user_ids else actor
        )
        made.append(
            models.Evidence(
                kind=choices.EvidenceKind.OBSERVATION
                if title.startswith("Observation")
                else choices.EvidenceKind.INTERVIEW,
                title=title,
                text=text,
                attribution="Peer research",
                collected_on=QUARTERS[4 + n],
                collected_by=researcher or actor,
                by_peer_researcher=True,
            )
        )
    models.Evidence.objects.bulk_create(made)
    links = []
    through = models.Evidence.aims.through
    for n, item in enumerate(made):
        links.append(through(evidence_id=item.pk, aim_id=aims[n % len(aims)].pk))
        ctx.audit.add("evaluation.evidence_added", item, ["kind", "title", "text"])
    through.objects.bulk_create(links)
    # One speaker later withdrew consent to be quoted: their quote is hidden everywhere from then on.
    withdrawn = made[len(QUOTES) - 1].person
    if withdrawn is not None:
        Consent.objects.create(
            person=withdrawn,
            purpose=ConsentPurpose.QUOTES,
            given=False,
            method=ConsentMethod.PHONE,
            recorded_at=_day(7),
            recorded_by=actor,
        )
    return made


def _surveys(ctx, rng, actor, projects: list[Project]) -> None:
    board = Body.objects.filter(kind="board").first()
    # A session already held, so its course has results (training generates before evaluation).
    session = (
        Session.objects.filter(starts_at__lt=ANCHOR)
        .select_related("course", "meeting")
        .order_by("-starts_at")
        .first()
    )
    for n, (title, responses, quarter, kind) in enumerate(SURVEYS):
        opened = QUARTERS[quarter]
        if kind == "course" and session is not None:
            title = f"After the course: {session.course.title}"
        survey = models.Survey.objects.create(
            title=title[:200],
            introduction="Tell us how it went, so we can do better next time.",
            easy_read_introduction="Tell us what it was like.",
            anonymous=True,
            status=choices.SurveyStatus.CLOSED,
            project=projects[n % len(projects)] if projects and kind == "project" else None,
            body=board if kind == "board" else None,
            meeting=session.meeting if kind == "course" and session is not None else None,
            created_by=actor,
            opened_on=opened,
        )
        questions = services.add_default_questions(survey, actor=actor)
        comment = models.Question.objects.create(
            survey=survey, order=6, kind=choices.QuestionKind.TEXT, text="What one thing should we change?"
        )
        count = max(responses, round(responses * ctx.scale)) if responses >= 10 else responses
        rows = models.SurveyResponse.objects.bulk_create(
            models.SurveyResponse(
                survey=survey,
                method=rng.choice(
                    [choices.ResponseMethod.ONLINE] * 3
                    + [choices.ResponseMethod.PAPER, choices.ResponseMethod.PHONE]
                ),
                easy_read=rng.random() < 0.2,
                entered_by=None,
                submitted_at=datetime.datetime.combine(opened, datetime.time(15), tzinfo=datetime.UTC)
                + datetime.timedelta(days=rng.randint(0, 20)),
            )
            for _ in range(count)
        )
        answers = []
        # Later surveys are kinder: the programme learned. Payment on time lags behind the rest.
        lift = n * 0.25
        for row in rows:
            for question in questions:
                low = 3 if "paid" not in question.text else 2
                answers.append(
                    models.Answer(
                        response=row,
                        question=question,
                        rating=min(5, max(1, round(rng.uniform(low, 5.4) + lift - 0.5))),
                    )
                )
            if rng.random() < 0.3:
                answers.append(
                    models.Answer(
                        response=row,
                        question=comment,
                        text=rng.choice(
                            [
                                "Send the papers a week before, not two days.",
                                "More meetings in the evening, please.",
                                "A quieter room would help.",
                                "Keep the same facilitator.",
                                "Pay by bank transfer sooner.",
                                "Explain what happened to our ideas.",
                                "Less jargon in the slides.",
                            ]
                        ),
                    )
                )
        models.Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
        ctx.audit.add("evaluation.survey_created", survey, ["title"])


def _shifts(ctx, rng, actor) -> None:
    ratings = []
    names = ["Spring", "Autumn"]
    for n in range(4):
        held = QUARTERS[1 + 2 * n]
        round_obj = models.AssessmentRound.objects.create(
            name=f"{names[n % 2]} {held.year}", held_on=held, created_by=actor
        )
        ctx.audit.add("evaluation.round_created", round_obj, ["name", "held_on"])
        for s, (shift, _label) in enumerate(choices.Shift.choices):
            evidence, next_steps = SHIFT_NOTES[shift]
            base = 1 + (s % 3 == 0) + n * 0.8
            for rater in (choices.Rater.BOARD, choices.Rater.TEAM):
                # The team rates itself a little more kindly than the board does.
                score = int(
                    min(5, max(1, round(base + rng.choice([-0.5, 0, 0.3]) + (0.4 if rater == "team" else 0))))
                )
                ratings.append(
                    models.ShiftRating(
                        round=round_obj,
                        rater=rater,
                        shift=shift,
                        score=score,
                        evidence=evidence,
                        next_steps=next_steps,
                        rated_by=actor,
                        rated_at=datetime.datetime.combine(held, datetime.time(11), tzinfo=datetime.UTC),
                    )
                )
    models.ShiftRating.objects.bulk_create(ratings)


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("evaluation")
    actor = _evaluator(ctx)
    _aims(ctx, rng, actor)
    aims = list(models.Aim.objects.order_by("order"))
    projects = list(Project.objects.filter(team__isnull=False).distinct().order_by("pk")[:6])
    peers = list(
        TeamMember.objects.filter(role=TeamRole.PEER_RESEARCHER, person__user__isnull=False)
        .order_by("pk")
        .values_list("person__user_id", flat=True)[:5]
    )
    evidence = _evidence(ctx, rng, actor, aims, projects, peers)
    _surveys(ctx, rng, actor, projects)
    _shifts(ctx, rng, actor)

    # Summary rows: diversity each quarter for the programme-wide groups, today for every group too; computed
    # indicators back-filled each quarter from what the other generators made (the nightly refresh writes one
    # day: the same service, for an earlier date).
    for day in QUARTERS[-4:-1]:
        services.refresh_for_date(day, project_teams=False)
    for day in QUARTERS[:-4]:
        services.refresh_for_date(day, diversity=False)
    services.refresh_for_date(TODAY)

    # Last year's report, published with its figures frozen; this year's in draft.
    last_year = (TODAY.year - 1) if TODAY.month >= 4 else (TODAY.year - 2)
    report = models.AnnualReport.objects.create(
        year=last_year,
        title=f"Doing it together: co-production in Wyvernshire, {last_year} to {last_year + 1}",
        introduction=(
            "This is the second year of our co-production programme. People who use services, carers, staff "
            "and "
            "partners worked as equals on projects, and were **paid fairly** for their time.\n\n"
            "This report was written with the co-production board and checked by our peer researchers."
        ),
        easy_read_summary=(
            "We worked with people who use services and carers.\n\nWe paid people for their time.\n\n"
            "Together we changed how respite is booked and when day services start.\n\n"
            "We still need more young people and more people from Black and Asian communities to take part."
        ),
        board_challenges=(
            "- Why do some people wait more than four weeks to be paid? *Answered: a weekly payment run "
            "since June.*\n"
            "- Why are so few young carers involved? *Answered: evening sessions and a young carers' "
            "group.*\n"
            "- How will co-production survive the budget round? *Still open.*"
        ),
    )
    report.evidence.set([e for e in evidence if e.for_report][:5])
    report.figures = exports.report_figures(last_year)
    report.published_at = ANCHOR - datetime.timedelta(days=60)
    report.published_by = actor
    report.save()
    ctx.audit.add("evaluation.report_published", report, ["figures", "published_at"])
    models.AnnualReport.objects.create(
        year=last_year + 1,
        title=f"Co-production in Wyvernshire, {last_year + 1} to {last_year + 2} (draft)",
        introduction="Draft: the team is writing this with the board.",
        easy_read_summary="Coming soon.",
    )
    ctx.audit.flush()
    ctx.counts["evaluation indicators"] = models.Indicator.objects.count()
    ctx.counts["evaluation evidence"] = len(evidence)
    ctx.counts["survey responses"] = models.SurveyResponse.objects.count()
