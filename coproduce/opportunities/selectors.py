"""Reads for the opportunities pages and API: each list's queries come from here, at a fixed cost per page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduce.core.links import link
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.meetings.selectors import times_involved_since
from coproduce.notifications import selectors as notifications
from coproduce.notifications.models import Message
from coproduce.people.choices import Day, TimeOfDay
from coproduce.people.models import Interest, LivedExperienceArea, Person
from coproduce.people.selectors import json_list_has

from .choices import LIVE_INTEREST_STATES, InterestStatus, Mode, Status
from .emails import outcome_event_key
from .models import ExpressionOfInterest, Invitation, Opportunity
from .rules import is_opportunity_officer, projects_led_by

# Modes that suit someone who takes part online, or in person.
MODES_FOR = {"online": (Mode.ONLINE, Mode.HYBRID), "in_person": (Mode.IN_PERSON, Mode.HYBRID)}


def public_list(filters: dict) -> QuerySet[Opportunity]:
    queryset = Opportunity.objects.accepting().with_rate().select_related("project")
    if filters.get("interest"):
        queryset = queryset.filter(interests=filters["interest"])
    if filters.get("area"):
        queryset = queryset.filter(lived_experience=filters["area"])
    if filters.get("mode"):
        queryset = queryset.filter(mode__in=MODES_FOR[filters["mode"]])
    return queryset.order_by("closes_on", "id")


def for_detail() -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.with_rate()
        .select_related("project")
        .prefetch_related("lived_experience", "interests")
    )


def manageable_by(user) -> QuerySet[Opportunity]:
    """Every opportunity for officers; a project lead's own projects' opportunities for them."""
    queryset = Opportunity.objects.select_related("project")
    if is_opportunity_officer(user):
        return queryset
    return queryset.filter(project__in=projects_led_by(user))


def manage_list(user) -> QuerySet:
    """The opportunities `user` manages, newest first, as values of the columns the list shows;
    `manage_rows` makes a page of them into the list's rows."""
    return (
        manageable_by(user)
        .values("id", "title", "status", "closes_on", "places", "project_id", "project__title")
        .order_by("-created_at", "-id")
    )


def manage_rows(opportunities) -> list[dict]:
    """One page of `manage_list` as the list's rows, ready to place (decision 0011: cells prepared once in
    Python), with `applied` and `waiting` counted for that page only, in one grouped query, so the list's
    cost does not grow with every opportunity's expressions of interest."""
    opportunities = list(opportunities)
    rows = (
        ExpressionOfInterest.objects.filter(opportunity__in=[o["id"] for o in opportunities])
        .values("opportunity")
        .annotate(
            waiting=Count("id", filter=Q(status=InterestStatus.ACTIVE)),
            applied=Count("id", filter=Q(status__in=LIVE_INTEREST_STATES)),
        )
        .order_by()
    )
    counts = {row["opportunity"]: row for row in rows}
    today = timezone.localdate()
    labels = dict(Status.choices)
    listed = []
    for opportunity in opportunities:
        figures = counts.get(opportunity["id"], {})
        status = labels.get(opportunity["status"], opportunity["status"])
        if opportunity["status"] == Status.OPEN and opportunity["closes_on"] < today:
            status += " (closing date passed)"
        listed.append(
            {
                "id": opportunity["id"],
                "url": link("opportunities_manage:detail", args=(opportunity["id"],)),
                "title": opportunity["title"],
                "project": opportunity["project__title"] if opportunity["project_id"] else "Programme-wide",
                "status": status,
                "closes_iso": opportunity["closes_on"].isoformat(),
                "closes": format_date(opportunity["closes_on"], "j M Y"),
                "places": opportunity["places"],
                "applied": figures.get("applied", 0),
                "waiting": figures.get("waiting", 0),
            }
        )
    return listed


# New voices first: someone involved (attended a meeting) within this many days counts as involved recently.
RECENT_DAYS = 183


def year_start(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1)


def applicants(opportunity: Opportunity) -> QuerySet[ExpressionOfInterest]:
    """Each with `times_this_year` (meetings attended this calendar year); `person.last_involved_at` says when
    they were last involved (None: new to the programme)."""
    return (
        ExpressionOfInterest.objects.live()
        .filter(opportunity=opportunity)
        .annotate(times_this_year=times_involved_since(year_start(), ref="person_id"))
        .select_related("person")
        .prefetch_related("person__lived_experience")
        .order_by("created_at", "id")
    )


def outcomes_to_pass_on(applicants: list[ExpressionOfInterest]) -> list[Message]:
    """The decided applicants' outcome messages an officer still has to act on: calls to make (people who
    asked to be phoned) and messages that reached nobody. Everyone else hears by their own channel."""
    decided = (InterestStatus.SELECTED, InterestStatus.NOT_SELECTED)
    keys = [outcome_event_key(interest) for interest in applicants if interest.status in decided]
    return notifications.to_pass_on(keys) if keys else []


def own_applications(person: Person) -> QuerySet[ExpressionOfInterest]:
    return (
        ExpressionOfInterest.objects.filter(person=person)
        .select_related("opportunity", "opportunity__project")
        .order_by("-created_at", "-id")
    )


def invitations(opportunity: Opportunity) -> QuerySet[Invitation]:
    return Invitation.objects.filter(opportunity=opportunity).select_related("person", "invited_by")


# --- Matching ----------------------------------------------------------------------------------------------


def _overlap(through, column: str, ids: list[int]):
    """How many of `ids` a person has in an M2M table (a correlated subquery, so rows never multiply)."""
    matches = (
        through.objects.filter(person_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(matches, output_field=IntegerField()), Value(0))


def _shares_any(field: str, values: list[str]) -> Q:
    shares = Q(pk__in=[])
    for value in values:
        shares |= json_list_has(field, value)
    return shares


def _availability(people: QuerySet[Person], field: str, wanted: list[str], name: str) -> QuerySet[Person]:
    """Leave out people who said when they are free and share none of `wanted` (an opportunity that names
    none is flexible: nobody is left out); annotate `name` with 1 for those who share one, else 0."""
    if not wanted:
        return people.annotate(**{name: Value(0)})
    shares = _shares_any(field, wanted)
    return people.filter(Q(**{field: []}) | shares).annotate(
        **{name: Case(When(shares, then=Value(1)), default=Value(0), output_field=IntegerField())}
    )


def matches(
    opportunity: Opportunity, area_ids: list[int], interest_ids: list[int], *, new_voices_first: bool = False
) -> QuerySet[Person]:
    """People who agreed to be contacted, have not been erased, have not applied, can take part the way the
    opportunity runs, are free when it runs (or have not said when they are free), and share at least one
    of its lived-experience areas or topics (when it names any). Best fit first: an area counts 2, a topic 1,
    and fitting the days and the times it runs 1 each (Match.score). With `new_voices_first`, people not
    involved in the last six months (or ever) come before those who were, best fit first within each, then
    the longest since they were involved. Each has `times_this_year` (meetings attended this year)."""
    applied = ExpressionOfInterest.objects.live().filter(opportunity=opportunity).values("person_id")
    people = Person.objects.current().filter(consents_to_contact=True).exclude(pk__in=applied)
    if opportunity.mode == Mode.ONLINE:
        people = people.filter(online=True)
    elif opportunity.mode == Mode.IN_PERSON:
        people = people.filter(in_person=True)
    else:
        people = people.filter(Q(online=True) | Q(in_person=True))
    people = _availability(people, "available_days", opportunity.days, "day_fit")
    people = _availability(people, "available_times", opportunity.times_of_day, "time_fit")
    people = people.annotate(
        area_matches=_overlap(Person.lived_experience.through, "livedexperiencearea_id", area_ids),
        interest_matches=_overlap(Person.interests.through, "interest_id", interest_ids),
    )
    if area_ids or interest_ids:
        people = people.filter(Q(area_matches__gt=0) | Q(interest_matches__gt=0))
    people = people.annotate(
        fit=2 * F("area_matches") + F("interest_matches") + F("day_fit") + F("time_fit"),
        times_this_year=times_involved_since(year_start()),
    )
    if new_voices_first:
        recent = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
        people = people.annotate(
            involved_recently=Case(
                When(last_involved_at__gte=recent, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        order = [
            "involved_recently",
            "-fit",
            F("last_involved_at").asc(nulls_first=True),
            "name_search",
            "id",
        ]
    else:
        order = ["-fit", "-area_matches", "name_search", "id"]
    return people.order_by(*order).prefetch_related(
        Prefetch("lived_experience", queryset=LivedExperienceArea.objects.only("id", "name")),
        Prefetch("interests", queryset=Interest.objects.only("id", "name")),
    )


@dataclass(frozen=True)
class Match:
    person: Person
    areas: list[str]
    interests: list[str]
    ways: list[str]
    # Sentences on when they are free, for the days and the times the opportunity names (none if flexible).
    when: list[str]
    days: list[str]
    times: list[str]
    last_involved: datetime.date | None = None
    times_this_year: int = 0

    @property
    def score(self) -> int:
        return 2 * len(self.areas) + len(self.interests) + bool(self.days) + bool(self.times)


def _shared_labels(theirs: list[str], wanted: list[str], choices) -> list[str]:
    return [label for value, label in choices if value in theirs and value in wanted]


def _when(opportunity: Opportunity, person: Person) -> tuple[list[str], list[str], list[str]]:
    days = _shared_labels(person.available_days, opportunity.days, Day.choices)
    times = _shared_labels(person.available_times, opportunity.times_of_day, TimeOfDay.choices)
    when = []
    if opportunity.days:
        when.append(f"Free on {', '.join(days)}" if days else "Has not said which days they are free")
    if opportunity.times_of_day:
        when.append(
            f"Free {', '.join(label.lower() for label in times)}"
            if times
            else "Has not said which times of day suit them"
        )
    return when, days, times


def explain(person: Person, opportunity: Opportunity, area_ids: set[int], interest_ids: set[int]) -> Match:
    """Which of the opportunity's areas and topics this person shares, how they can take part, and whether
    they are free when it runs."""
    ways = []
    if person.online and opportunity.mode in MODES_FOR["online"]:
        ways.append("online")
    if person.in_person and opportunity.mode in MODES_FOR["in_person"]:
        ways.append("in person")
    when, days, times = _when(opportunity, person)
    return Match(
        person=person,
        areas=[area.name for area in person.lived_experience.all() if area.pk in area_ids],
        interests=[interest.name for interest in person.interests.all() if interest.pk in interest_ids],
        ways=ways,
        when=when,
        days=days,
        times=times,
        last_involved=person.last_involved_at,
        times_this_year=getattr(person, "times_this_year", 0),
    )


def new_to_programme(chosen: list[ExpressionOfInterest]) -> int:
    """How many of the chosen have never been involved before (no meeting attended)."""
    return sum(1 for interest in chosen if interest.person.last_involved_at is None)


def group_make_up(opportunity: Opportunity, chosen: list[ExpressionOfInterest]) -> list[tuple[str, int]]:
    """Counts per lived-experience area for the chosen people (from what is already loaded), with every area
    the opportunity asks for shown even at 0."""
    counts: dict[str, int] = {area.name: 0 for area in opportunity.lived_experience.all()}
    for interest in chosen:
        for area in interest.person.lived_experience.all():
            counts[area.name] = counts.get(area.name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def own_live_interest(opportunity: Opportunity, person) -> ExpressionOfInterest | None:
    return ExpressionOfInterest.objects.live().filter(opportunity=opportunity, person=person).first()


def advertised_opportunities():
    return Opportunity.objects.advertised()


def fitting(person: Person, limit: int = 3) -> list[Opportunity]:
    """Open opportunities that share an area of lived experience or an interest with `person`, and that they
    have not already said they are interested in, closing soonest first."""
    areas = person.lived_experience.values("pk")
    interests = person.interests.values("pk")
    return list(
        Opportunity.objects.accepting()
        # Uncorrelated, so SQLite and PostgreSQL test it once before reading any opportunity: for someone who
        # told us no areas and no interests (every officer) the join of every open opportunity with its tags
        # is skipped (1.2 ms of SQL at scale 25 on SQLite, for nothing).
        .filter(Exists(areas) | Exists(interests))
        .filter(Q(lived_experience__in=areas) | Q(interests__in=interests))
        .exclude(expressions__person=person)
        .distinct()
        .only("title", "closes_on")  # what the home page shows (and all that DISTINCT compares)
        .order_by("closes_on", "id")[:limit]
    )
