"""Reads for the evaluation pages, the API, the report and the exports — and the two small registries other
apps add to: computed indicators (code -> a function working out a value for a period from that app's own
selectors) and groups whose diversity is profiled (key -> the people in it today).

    from coproduce.evaluation import selectors as evaluation
    evaluation.register_indicator(evaluation.ComputedIndicator(
        "people_trained", "People trained", "number", lambda starts, ends: courses.trained(starts, ends)))
    evaluation.register_group(evaluation.GroupSource("trained", lambda today: [
        evaluation.Group("trained", "People trained", courses.trained_people())]))

Registered functions are only called by services.refresh_for_date (a task: nightly, on demand, or queued
after a change): pages read the summary rows it writes, so no page aggregates over big tables.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings.choices import BodyKind
from coproduce.network import selectors as network_selectors
from coproduce.payments import selectors as payments_selectors
from coproduce.people import selectors as people_selectors
from coproduce.programme import selectors as programme_selectors
from coproduce.projects import selectors as projects_selectors
from coproduce.training import selectors as training_selectors

from . import choices
from .models import (
    Aim,
    AnnualReport,
    Answer,
    AssessmentRound,
    DiversityRow,
    DiversitySnapshot,
    Evidence,
    Indicator,
    IndicatorValue,
    Outcome,
    Question,
    ShiftRating,
    Survey,
    SurveyResponse,
)

SUPPRESSION_THRESHOLD = 10
SUPPRESSED = "fewer than 10"
YEAR = datetime.timedelta(days=365)


# --- Pages shared by their readers -------------------------------------------------------------------------

# The dashboard's and the diversity pages' figures are the same for every reader allowed to see them, and
# change only when the summaries are worked out again (nightly, or the dashboard's button) or an aim,
# outcome, indicator or value is saved. Those parts are rendered once and shared through the cache under a
# generation that those writes move on (`forget_pages`, on commit), so no key has to be listed; old
# generations expire. The timeout bounds a part that outlived a lost forgetting (or a demo reload).
PAGES_CACHE = "evaluation:pages:"
PAGES_GENERATION = PAGES_CACHE + "generation"
PAGES_TIMEOUT = 10 * 60


def shared_page_part(name: str, compute: Callable):
    """`compute()`'s value, kept under `name` for the current generation."""
    generation = cache.get(PAGES_GENERATION, 0)
    return cache.get_or_set(f"{PAGES_CACHE}{generation}:{name}", compute, PAGES_TIMEOUT)


def forget_pages() -> None:
    """Move the shared parts on a generation once the write in progress commits (now, outside one)."""
    transaction.on_commit(lambda: cache.set(PAGES_GENERATION, secrets.token_hex(8), None))


# --- Registries ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedIndicator:
    code: str
    label: str
    unit: str  # choices.Unit value
    compute: Callable[[datetime.date, datetime.date], Decimal | int | float | None]
    description: str = ""


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    people: QuerySet  # of people.Person, used as a subquery
    project_id: int | None = None


@dataclass(frozen=True)
class GroupSource:
    key: str
    groups: Callable[[datetime.date], list[Group]]
    order: int = 50


_indicators: dict[str, ComputedIndicator] = {}
_groups: dict[str, GroupSource] = {}


def register_indicator(*indicators: ComputedIndicator) -> None:
    for indicator in indicators:
        _indicators[indicator.code] = indicator


def register_group(*sources: GroupSource) -> None:
    for source in sources:
        _groups[source.key] = source


def computed_indicators() -> list[ComputedIndicator]:
    return sorted(_indicators.values(), key=lambda i: i.label)


def computed_indicator(code: str) -> ComputedIndicator | None:
    return _indicators.get(code)


def computed_choices() -> list[tuple[str, str]]:
    return [(i.code, i.label) for i in computed_indicators()]


def groups_on(today: datetime.date) -> list[Group]:
    found = []
    for source in sorted(_groups.values(), key=lambda s: (s.order, s.key)):
        found.extend(source.groups(today))
    return found


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _latest_score(group_key: str):
    def compute(starts, ends):
        snapshot = (
            DiversitySnapshot.objects.filter(group_key=group_key, taken_on__lt=ends)
            .order_by("-taken_on")
            .first()
        )
        return snapshot.score if snapshot else None

    return compute


_figures: dict = {}


def forget_figures() -> None:
    """Start a refresh afresh: figures shared by several indicators are read once per refresh."""
    _figures.clear()


def _shared(name: str, starts, ends, compute):
    key = (name, starts, ends)
    if key not in _figures:
        _figures[key] = compute(starts, ends)
    return _figures[key]


def _project_figures(starts, ends) -> dict:
    return _shared(
        "projects",
        starts,
        ends,
        lambda s, e: projects_selectors.project_figures(_as_datetime(s), _as_datetime(e)),
    )


def _paid_figures(starts, ends) -> dict:
    return _shared("paid", starts, ends, payments_selectors.paid_figures)


def register_builtin() -> None:
    """The indicators and groups the platform works out from the apps it has now. Training and the
    champions' network add theirs from their own AppConfig.ready()."""

    def projects(name):
        return lambda starts, ends: _project_figures(starts, ends)[name]

    def ladder_share(part, whole):
        def compute(starts, ends):
            figures = _project_figures(starts, ends)
            return _percent(figures[part], figures[whole])

        return compute

    register_indicator(
        ComputedIndicator("projects_started", "Co-produced projects started", "number", projects("started")),
        ComputedIndicator(
            "projects_finished", "Co-produced projects finished", "number", projects("finished")
        ),
        ComputedIndicator(
            "organisations_reached",
            "Departments, partners and other organisations asking for co-production",
            "number",
            projects("organisations"),
        ),
        ComputedIndicator(
            "ladder_achieved_co_designing",
            "Projects achieving co-designing or above (share of rated projects)",
            "percent",
            ladder_share("achieved_co_designing", "rated"),
        ),
        ComputedIndicator(
            "ladder_target_co_designing",
            "Projects aiming for co-designing or above (share of projects with a target)",
            "percent",
            ladder_share("target_co_designing", "targeted"),
        ),
        ComputedIndicator(
            "people_involved",
            "People involved (took part in a meeting)",
            "number",
            lambda s, e: meetings_selectors.people_attending_between(
                _as_datetime(s), _as_datetime(e)
            ).count(),
        ),
        ComputedIndicator(
            "new_people",
            "New people joining the network",
            "number",
            lambda s, e: people_selectors.registered_between(_as_datetime(s), _as_datetime(e)),
        ),
        ComputedIndicator(
            "involvement_hours",
            "Hours of involvement",
            "hours",
            lambda s, e: meetings_selectors.hours_between(_as_datetime(s), _as_datetime(e)),
        ),
        ComputedIndicator(
            "money_paid",
            "Money paid to people for their time and expenses",
            "money",
            lambda s, e: _paid_figures(s, e)["paid"],
        ),
        ComputedIndicator(
            "median_days_to_payment",
            "Median days from claim to payment",
            "days",
            lambda s, e: _paid_figures(s, e)["median_days"],
        ),
        ComputedIndicator(
            "representation_involved",
            "Representation score of everyone involved this year",
            "score",
            _latest_score("involved"),
        ),
        ComputedIndicator(
            "representation_board",
            "Representation score of the co-production board",
            "score",
            _latest_score("board"),
        ),
        *(
            ComputedIndicator(
                f"representation_{key}", f"Representation score of {label}", "score", _latest_score(key)
            )
            for key, label in (
                ("champions", "the champions network"),
                ("trained", "the people trained"),
                ("paid", "the people paid this year"),
                ("respondents", "survey respondents this year"),
            )
        ),
        ComputedIndicator(
            "staff_trained",
            "Staff trained in co-production",
            "number",
            lambda s, e: training_selectors.staff_trained_between(_as_datetime(s), _as_datetime(e)),
        ),
        ComputedIndicator(
            "champions",
            "Co-production champions",
            "number",
            lambda s, e: network_selectors.champions_serving_on(e - datetime.timedelta(days=1)),
        ),
        ComputedIndicator(
            "board_challenges_on_time",
            "Board challenges answered on time (share of those due)",
            "percent",
            _challenges_on_time,
        ),
    )

    def bodies(today):
        return [
            Group("board", "The co-production board", meetings_selectors.body_people(BodyKind.BOARD)),
            Group("champions", "The champions network", meetings_selectors.body_people(BodyKind.NETWORK)),
            # Learners recorded present at a session (the training body's own members are its trainers).
            Group("trained", "People trained", training_selectors.trained_people()),
        ]

    def yearly(today):
        since = today - YEAR
        return [
            Group("involved", "Everyone involved this year", people_selectors.involved_since(since)),
            Group(
                "paid",
                "People paid this year",
                payments_selectors.people_paid_between(since, today + datetime.timedelta(days=1)),
            ),
            Group("respondents", "Survey respondents this year", survey_respondents_since(since)),
        ]

    def teams(today):
        return [
            Group(
                f"project:{pk}", f"Project team: {title}", projects_selectors.team_people(pk), project_id=pk
            )
            for pk, title in projects_selectors.projects_with_teams()
        ]

    register_group(GroupSource("bodies", bodies, order=10), GroupSource("yearly", yearly, order=20))
    register_group(GroupSource("teams", teams, order=90))


def _challenges_on_time(starts, ends):
    figures = programme_selectors.challenges_answered_on_time(starts, ends)
    return _percent(figures["on_time"], figures["due"])


def survey_respondents_since(day: datetime.date):
    from coproduce.people.models import Person

    return Person.objects.filter(
        pk__in=SurveyResponse.objects.filter(
            submitted_at__gte=_as_datetime(day), person__isnull=False
        ).values("person")
    )


# --- Aims, outcomes, indicators -----------------------------------------------------------------------------


def aims_tree(*, latest_only: bool = False) -> list[Aim]:
    """Every aim with its outcomes, their indicators and each indicator's dated values (4 queries).
    `latest_only` (the dashboard): each indicator's latest two values only, which is all `describe_indicator`
    needs, so the page does not grow with every night's figures, and no project."""
    readings = IndicatorValue.objects.order_by("date", "id")
    indicators = Indicator.objects.select_related("project")
    if latest_only:
        newest_first = Window(
            RowNumber(), partition_by=F("indicator_id"), order_by=[F("date").desc(), F("id").desc()]
        )
        readings = (
            readings.only("id", "indicator_id", "date", "value")
            .annotate(newest=newest_first)
            .filter(newest__lte=2)
        )
        indicators = Indicator.objects.defer("description")
    indicators = indicators.prefetch_related(Prefetch("readings", queryset=readings, to_attr="reading_list"))
    outcomes = Outcome.objects.prefetch_related(
        Prefetch("indicators", queryset=indicators, to_attr="indicator_list")
    )
    aims = list(Aim.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes, to_attr="outcome_list")))
    for aim in aims:
        for outcome in aim.outcome_list:
            for indicator in outcome.indicator_list:
                describe_indicator(indicator)
    return aims


def describe_indicator(indicator: Indicator) -> Indicator:
    """Set `latest`, `previous`, `direction` and `target_met` from its prefetched `reading_list`."""
    values = getattr(indicator, "reading_list", None)
    if values is None:
        values = list(indicator.readings.order_by("date", "id"))
        indicator.reading_list = values
    indicator.latest = values[-1] if values else None
    indicator.previous = values[-2] if len(values) > 1 else None
    indicator.direction = ""
    if indicator.latest and indicator.previous:
        change = indicator.latest.value - indicator.previous.value
        if change:
            better = (change > 0) == indicator.higher_is_better
            indicator.direction = ("up" if change > 0 else "down") + (" (better)" if better else " (worse)")
        else:
            indicator.direction = "no change"
    indicator.target_met = None
    if indicator.latest and indicator.target is not None:
        if indicator.higher_is_better:
            indicator.target_met = indicator.latest.value >= indicator.target
        else:
            indicator.target_met = indicator.latest.value <= indicator.target
    computed = computed_indicator(indicator.computed_code) if indicator.computed_code else None
    indicator.computed_label = computed.label if computed else ""
    return indicator


def aims() -> list[Aim]:
    return list(Aim.objects.only("id", "title"))


def current_person(pk: int):
    """A current (not erased) person by record number, or None."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        person = people_selectors.person_for_record(pk)
    except ObjectDoesNotExist:
        return None
    return None if person.erased_at else person


def project_or_none(pk: int):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return projects_selectors.project_page(pk)
    except ObjectDoesNotExist:
        return None


def aim(pk: int) -> Aim:
    try:
        return Aim.objects.get(pk=pk)
    except Aim.DoesNotExist:
        raise Http404("No such aim") from None


def outcome(pk: int) -> Outcome:
    try:
        return Outcome.objects.select_related("aim").get(pk=pk)
    except Outcome.DoesNotExist:
        raise Http404("No such outcome") from None


def indicator(pk: int) -> Indicator:
    try:
        found = Indicator.objects.select_related("outcome__aim", "project").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404("No such indicator") from None
    return describe_indicator(found)


def outcomes_for_choice() -> list[Outcome]:
    return list(Outcome.objects.select_related("aim").order_by("aim__order", "aim_id", "order", "id"))


def computed_indicator_rows() -> list[Indicator]:
    return list(Indicator.objects.filter(kind=choices.IndicatorKind.COMPUTED).exclude(computed_code=""))


def indicators_of_project(project_id: int) -> list[Indicator]:
    readings = IndicatorValue.objects.order_by("date", "id")
    rows = list(
        Indicator.objects.filter(project_id=project_id).prefetch_related(
            Prefetch("readings", queryset=readings, to_attr="reading_list")
        )
    )
    return [describe_indicator(row) for row in rows]


# --- Evidence -----------------------------------------------------------------------------------------------


def _consent_allows() -> Q:
    """Evidence that quotes or shows a named person only while their latest consent for it is given."""
    consent_kinds = list(choices.CONSENT_PURPOSE_FOR_KIND)
    return (
        Q(person__isnull=True)
        | ~Q(kind__in=consent_kinds)
        | Q(kind=choices.EvidenceKind.QUOTE, quote_consent=True)
        | Q(kind=choices.EvidenceKind.PHOTO, photo_consent=True)
    )


def visible_evidence() -> QuerySet[Evidence]:
    """Evidence that may be shown anywhere: not withdrawn, and not a quote (photo) of someone whose latest
    consent to be quoted (photographed) is not given. Every page, report, export and the API read this."""
    return (
        Evidence.objects.current()
        .annotate(
            quote_consent=people_selectors.latest_consent_given("quotes"),
            photo_consent=people_selectors.latest_consent_given("photos"),
        )
        .filter(_consent_allows())
        .select_related("project")
    )


def hidden_for_consent_count() -> int:
    """How many pieces are held back because consent was withdrawn (said on the evidence list)."""
    return Evidence.objects.current().count() - visible_evidence().count()


def evidence_list(*, kind: str = "", aim_id: int | None = None, project_id: int | None = None):
    rows = visible_evidence()
    if kind:
        rows = rows.filter(kind=kind)
    if aim_id:
        rows = rows.filter(
            Q(aims=aim_id) | Q(outcomes__aim=aim_id) | Q(indicators__outcome__aim=aim_id)
        ).distinct()
    if project_id:
        rows = rows.filter(project_id=project_id)
    return rows.order_by("-collected_on", "-id")


def evidence(pk: int) -> Evidence:
    """One piece of evidence, only if it may be shown (404 otherwise: a withdrawn consent hides it)."""
    found = visible_evidence().filter(pk=pk).prefetch_related("aims", "outcomes", "indicators").first()
    if found is None:
        raise Http404("No such evidence, or it can no longer be shown")
    return found


def evidence_for(*, aims=(), outcomes=(), indicators=(), limit: int = 5) -> list[Evidence]:
    rows = visible_evidence().filter(
        Q(aims__in=list(aims)) | Q(outcomes__in=list(outcomes)) | Q(indicators__in=list(indicators))
    )
    return list(rows.distinct().order_by("-collected_on", "-id")[:limit])


def evidence_by_researcher(user) -> list[Evidence]:
    return list(
        Evidence.objects.current()
        .filter(collected_by=user, by_peer_researcher=True)
        .order_by("-collected_on", "-id")[:50]
    )


def peer_researcher_ids() -> list[int]:
    return projects_selectors.peer_researcher_ids()


def peer_research_pay(attendance):
    """payments' pay-activity resolver (registered in apps.py): a peer researcher present at a meeting of the
    project they research is paid at the rate card's peer research rate, when it has one on the day (else
    payments' own rules apply)."""
    from coproduce.meetings.choices import AttendanceStatus
    from coproduce.payments.choices import Activity

    meeting = attendance.meeting
    if attendance.status != AttendanceStatus.PRESENT or not meeting.project_id:
        return None
    if not projects_selectors.is_peer_researcher(attendance.person_id, project_id=meeting.project_id):
        return None
    day = timezone.localtime(meeting.starts_at).date()
    if not payments_selectors.has_rate_on(Activity.PEER_RESEARCH, day):
        return None
    return payments_selectors.PayAt(Activity.PEER_RESEARCH)


def peer_research_claims() -> list:
    """Peer researchers' claims that can still change, for paying their sessions at the peer research rate."""
    return payments_selectors.editable_claims_of_people(peer_researcher_ids())


def peer_research_claim(pk: int):
    found = next(iter(payments_selectors.editable_claims_of_people(peer_researcher_ids(), pk=pk)), None)
    if found is None:
        raise Http404("No such claim from a peer researcher that can still change")
    return found


# --- Diversity ----------------------------------------------------------------------------------------------


def latest_snapshot_day() -> datetime.date | None:
    return DiversitySnapshot.objects.order_by("-taken_on").values_list("taken_on", flat=True).first()


def diversity_overview(day: datetime.date | None = None) -> list[DiversitySnapshot]:
    """Every group's snapshot on `day` (the latest by default), without rows (1-2 queries)."""
    day = day or latest_snapshot_day()
    if day is None:
        return []
    return list(DiversitySnapshot.objects.filter(taken_on=day).order_by("project_id", "group_key"))


def diversity_figures() -> dict:
    """The latest snapshot day and how many project teams were worked out on it (read once a generation:
    `shared_page_part`)."""
    day = latest_snapshot_day()
    if day is None:
        return {"day": None, "teams": 0}
    teams = DiversitySnapshot.objects.filter(taken_on=day, project_id__isnull=False).count()
    return {"day": day, "teams": teams}


def programme_groups_on(day: datetime.date | None) -> list[DiversitySnapshot]:
    """The programme's own groups (network, board, champions…) on `day`: a handful, whatever the data."""
    if day is None:
        return []
    return list(DiversitySnapshot.objects.filter(taken_on=day, project_id__isnull=True).order_by("group_key"))


def project_teams_on(day: datetime.date | None):
    """Each project team's snapshot on `day`, for a page of them (one per project: the list grows with
    the programme, so the page shows it in pages)."""
    if day is None:
        return DiversitySnapshot.objects.none()
    return (
        DiversitySnapshot.objects.filter(taken_on=day, project_id__isnull=False)
        .only("group_key", "group_label", "size", "answered", "score", "project_id", "taken_on")
        .order_by("project_id", "group_key")
    )


def snapshot_of(group_key: str, day: datetime.date | None = None) -> DiversitySnapshot:
    rows = DiversitySnapshot.objects.filter(group_key=group_key)
    if day:
        rows = rows.filter(taken_on=day)
    found = (
        rows.order_by("-taken_on")
        .prefetch_related(
            Prefetch("rows", queryset=DiversityRow.objects.order_by("order", "id"), to_attr="row_list")
        )
        .first()
    )
    if found is None:
        raise Http404("No figures for that group yet")
    topics: dict[str, dict] = {}
    for row in found.row_list:
        topic = topics.setdefault(
            row.topic,
            {
                "field": row.topic,
                "heading": row.topic_label,
                "answered": row.topic_answered,
                "score": row.topic_score,
                "rows": [],
            },
        )
        topic["rows"].append(row)
    found.topics = list(topics.values())
    found.gaps = [row for row in found.row_list if row.gap]
    return found


def group_trend(group_key: str, limit: int = 40) -> list[DiversitySnapshot]:
    return list(DiversitySnapshot.objects.filter(group_key=group_key).order_by("-taken_on")[:limit])[::-1]


def latest_project_snapshot(project_id: int) -> DiversitySnapshot | None:
    return DiversitySnapshot.objects.filter(group_key=f"project:{project_id}").order_by("-taken_on").first()


# --- Surveys ------------------------------------------------------------------------------------------------


def surveys(*, project_id: int | None = None) -> QuerySet[Survey]:
    """Surveys, newest first; a page of them takes its response counts from `with_response_counts`."""
    rows = Survey.objects.select_related("project", "body", "meeting")
    if project_id:
        rows = rows.filter(project_id=project_id)
    return rows.order_by("-created_at", "-id")


def with_response_counts(found: list[Survey]) -> list[Survey]:
    """Sets `response_count` on each survey of a page, from the shared figures (`survey_figures`)."""
    figures = survey_figures([s.id for s in found])
    for row in found:
        row.response_count = figures[row.id]["responses"]
    return found


SURVEY_FIGURES_CACHE = "evaluation:survey-figures:"


def survey_figures(ids: list[int]) -> dict[int, dict]:
    """Each survey's responses and its rating answers counted ({question text: {rating: n}}), shared
    through the cache per survey until its next response (services.submit_response forgets it): a survey's
    figures change only when someone answers it, and counting its answers grows with its responses."""
    from django.core.cache import cache

    keys = {SURVEY_FIGURES_CACHE + str(pk): pk for pk in ids}
    found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        fresh = {pk: {"responses": 0, "ratings": {}} for pk in missing}
        responses = (
            SurveyResponse.objects.filter(survey_id__in=missing)
            .values_list("survey_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for survey_id, n in responses:
            fresh[survey_id]["responses"] = n
        for survey_id, text, rating, n in (
            Answer.objects.filter(response__survey_id__in=missing, question__kind=choices.QuestionKind.RATING)
            .values_list("response__survey_id", "question__text", "rating")
            .annotate(n=Count("id"))
            .order_by()
        ):
            fresh[survey_id]["ratings"].setdefault(text, {})[rating] = n
        cache.set_many({SURVEY_FIGURES_CACHE + str(pk): value for pk, value in fresh.items()})
        found.update(fresh)
    return found


def survey(pk: int) -> Survey:
    found = (
        Survey.objects.select_related("project", "body", "meeting")
        .annotate(invitation_count=Count("invitations"))
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id"), to_attr="question_list")
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such survey")
    return found


def survey_by_token(token: str) -> Survey:
    found = (
        Survey.objects.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id"), to_attr="question_list")
        )
        .filter(token=token, status=choices.SurveyStatus.OPEN)
        .first()
    )
    if found is None:
        raise Http404("This survey is not open")
    return found


@dataclass
class QuestionResult:
    question: Question
    suppressed: bool
    answered: int | str
    rows: list[dict] = field(default_factory=list)
    agree_percent: Decimal | None = None
    texts: list[str] = field(default_factory=list)


def survey_results(survey_obj: Survey) -> dict:
    """Results of one survey, with fewer than 10 responses hidden altogether (2 + 1 per question queries at
    most: one grouped count per question)."""
    responses = SurveyResponse.objects.filter(survey=survey_obj).count()
    suppressed = responses < SUPPRESSION_THRESHOLD
    results = []
    if not suppressed:
        counts = {}
        for question_id, rating, choice, n in (
            Answer.objects.filter(response__survey=survey_obj)
            .exclude(rating__isnull=True, choice="")
            .values_list("question_id", "rating", "choice")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counts.setdefault(question_id, {})[rating if rating is not None else choice] = n
        texts = {}
        for question_id, text in (
            Answer.objects.filter(response__survey=survey_obj)
            .exclude(text="")
            .values_list("question_id", "text")[:500]
        ):
            texts.setdefault(question_id, []).append(text)
        for question in survey_obj.question_list:
            found = counts.get(question.id, {})
            if question.kind == choices.QuestionKind.RATING:
                options = [(n, choices.RATING_LABELS[n]) for n in range(1, 6)]
            else:
                options = [(o, o) for o in question.options]
            answered = sum(found.values())
            rows = []
            hidden = (
                {key for key, _ in options if found.get(key, 0) < SUPPRESSION_THRESHOLD} if options else set()
            )
            if len(hidden) == 1 and len(options) > 1:
                shown = [key for key, _ in options if key not in hidden]
                hidden.add(min(shown, key=lambda k: found.get(k, 0)))
            for key, label in options:
                n = found.get(key, 0)
                rows.append(
                    {
                        "label": label,
                        "count": SUPPRESSED if key in hidden else n,
                        "value": SUPPRESSED if key in hidden else n,
                        "percent": None if key in hidden else _percent(n, answered),
                    }
                )
            agree = None
            if question.kind == choices.QuestionKind.RATING and answered >= SUPPRESSION_THRESHOLD:
                agree = _percent(found.get(4, 0) + found.get(5, 0), answered)
            results.append(
                QuestionResult(
                    question=question,
                    suppressed=answered < SUPPRESSION_THRESHOLD
                    and question.kind != choices.QuestionKind.TEXT,
                    answered=answered if answered >= SUPPRESSION_THRESHOLD else SUPPRESSED,
                    rows=rows,
                    agree_percent=agree,
                    texts=texts.get(question.id, [])[:20],
                )
            )
    return {
        "responses": responses if not suppressed else SUPPRESSED,
        "suppressed": suppressed,
        "results": results,
    }


def surveys_over_time(
    *, project_id: int | None = None, body_id: int | None = None, latest: int | None = None
) -> list[dict]:
    """For each survey (oldest first; only the `latest` so many when given): responses and the share
    agreeing (4 or 5) with each rating question, suppressed under 10 (from the shared `survey_figures`)."""
    rows = Survey.objects.exclude(status=choices.SurveyStatus.DRAFT)
    if project_id:
        rows = rows.filter(project_id=project_id)
    if body_id:
        rows = rows.filter(body_id=body_id)
    if latest:
        found = list(rows.order_by("-opened_on", "-id")[:latest])[::-1]
    else:
        found = list(rows.order_by("opened_on", "id"))
    figures = survey_figures([s.id for s in found])
    out = []
    for row in found:
        responses = figures[row.id]["responses"]
        questions = []
        for text, counts in figures[row.id]["ratings"].items():
            answered = sum(counts.values())
            shown = answered >= SUPPRESSION_THRESHOLD and responses >= SUPPRESSION_THRESHOLD
            questions.append(
                {
                    "text": text,
                    "agree": _percent(counts.get(4, 0) + counts.get(5, 0), answered) if shown else None,
                }
            )
        out.append(
            {
                "survey": row,
                "responses": responses if responses >= SUPPRESSION_THRESHOLD else SUPPRESSED,
                "questions": questions,
            }
        )
    return out


# What survey results can be pooled by: the survey's project, its group (body) or, for a training session's
# meeting, the course (read through the meeting's training session).
RESULTS_BY = {
    "project": ("Project", "response__survey__project__title"),
    "body": ("Group", "response__survey__body__name"),
    "course": ("Training course", "response__survey__meeting__training_session__course__title"),
}
SURVEY_RESULTS_CACHE = "evaluation:survey-results:"


def survey_results_by(dimension: str) -> dict:
    """Each project's (group's, course's) surveys pooled: responses, and the share agreeing (4 or 5) with
    each default question, hidden under 10 answers. One grouped query, kept in the shared cache until the
    next response (services.submit_response forgets it)."""
    from django.core.cache import cache

    label, path = RESULTS_BY[dimension]
    return {"label": label, "rows": cache.get_or_set(SURVEY_RESULTS_CACHE + dimension, lambda: _pooled(path))}


def _pooled(path: str) -> list[dict]:
    questions = [text for text, _easy in choices.DEFAULT_QUESTIONS]
    counts: dict[str, dict] = {}
    for name, text, rating, n in (
        Answer.objects.filter(
            question__kind=choices.QuestionKind.RATING,
            question__text__in=questions,
            **{f"{path}__isnull": False},
        )
        .values_list(path, "question__text", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(name, {}).setdefault(text, {})[rating] = n
    rows = []
    for name in sorted(counts):
        agree = []
        answered_most = 0
        for text in questions:
            found = counts[name].get(text, {})
            answered = sum(found.values())
            answered_most = max(answered_most, answered)
            shown = answered >= SUPPRESSION_THRESHOLD
            agree.append(_percent(found.get(4, 0) + found.get(5, 0), answered) if shown else None)
        rows.append(
            {
                "name": name,
                "answered": answered_most if answered_most >= SUPPRESSION_THRESHOLD else SUPPRESSED,
                "agree": agree,
            }
        )
    return rows


# --- Seven-shifts self-assessment ---------------------------------------------------------------------------


def assessment_rounds() -> list[AssessmentRound]:
    return list(AssessmentRound.objects.order_by("held_on", "id"))


def assessment_round(pk: int) -> AssessmentRound:
    found = AssessmentRound.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such round")
    return found


def shifts_over_time() -> dict:
    """Every round's scores by shift and rater, side by side (2 queries)."""
    rounds = assessment_rounds()
    scores = {}
    for rating in ShiftRating.objects.all().only("round_id", "rater", "shift", "score"):
        scores[(rating.round_id, rating.shift, rating.rater)] = rating.score
    table = []
    for value, label in choices.Shift.choices:
        table.append(
            {
                "shift": value,
                "label": label,
                "cells": [
                    {
                        "round": r,
                        "board": scores.get((r.id, value, "board")),
                        "team": scores.get((r.id, value, "team")),
                    }
                    for r in rounds
                ],
            }
        )
    return {"rounds": rounds, "rows": table}


def ratings_of(round_obj: AssessmentRound) -> list[ShiftRating]:
    return list(round_obj.ratings.select_related("rated_by").order_by("shift", "rater"))


# --- Annual reports -----------------------------------------------------------------------------------------


def published_reports() -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(published_at__isnull=False).order_by("-year"))


def all_reports() -> list[AnnualReport]:
    return list(AnnualReport.objects.order_by("-year"))


def report(pk: int) -> AnnualReport:
    found = AnnualReport.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such report")
    return found


def published_report(year: int) -> AnnualReport:
    found = AnnualReport.objects.filter(year=year, published_at__isnull=False).first()
    if found is None:
        raise Http404("No published report for that year")
    return found


def report_evidence(report_obj: AnnualReport) -> list[Evidence]:
    """The report's chosen evidence that may still be shown (a consent withdrawn after publishing hides
    it)."""
    return list(visible_evidence().filter(reports=report_obj).order_by("collected_on", "id"))


def choosable_evidence() -> list[Evidence]:
    return list(visible_evidence().filter(for_report=True).order_by("-collected_on", "-id")[:200])


def representation(counts: dict[str, int], baseline: dict[str, dict]) -> Decimal | None:
    """100 × (1 − dissimilarity) between the group's answers and the census, over the answers the census has
    a figure for: 100 means the group looks like the county, 0 means no overlap at all. None under 10."""
    compared = {
        value: n for value, n in counts.items() if baseline.get(value, {}).get("Oxfordshire") is not None
    }
    answered = sum(compared.values())
    if answered < SUPPRESSION_THRESHOLD:
        return None
    census_total = sum(baseline[value]["Oxfordshire"] for value in compared)
    if not census_total:
        return None
    difference = sum(
        abs(Decimal(n) / answered - baseline[value]["Oxfordshire"] / census_total)
        for value, n in compared.items()
    )
    return (100 * (1 - difference / 2)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
