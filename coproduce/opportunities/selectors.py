"""Reads for the opportunities pages and API: each list's queries come from here, at a fixed cost per page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from coproduce.people.models import Interest, LivedExperienceArea, Person

from .choices import LIVE_INTEREST_STATES, InterestStatus, Mode
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


def manage_list(user) -> QuerySet[Opportunity]:
    live = Q(expressions__status__in=LIVE_INTEREST_STATES)
    return (
        manageable_by(user)
        .annotate(
            waiting=Count("expressions", filter=Q(expressions__status=InterestStatus.ACTIVE)),
            applied=Count("expressions", filter=live),
        )
        .order_by("-created_at", "-id")
    )


def applicants(opportunity: Opportunity) -> QuerySet[ExpressionOfInterest]:
    return (
        ExpressionOfInterest.objects.live()
        .filter(opportunity=opportunity)
        .select_related("person")
        .prefetch_related("person__lived_experience")
        .order_by("created_at", "id")
    )


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


def matches(opportunity: Opportunity, area_ids: list[int], interest_ids: list[int]) -> QuerySet[Person]:
    """People who agreed to be contacted, have not been erased, have not applied, can take part the way the
    opportunity runs, and share at least one of its lived-experience areas or topics (when it names any),
    best fit first: an area counts twice a topic."""
    applied = ExpressionOfInterest.objects.live().filter(opportunity=opportunity).values("person_id")
    people = Person.objects.current().filter(consents_to_contact=True).exclude(pk__in=applied)
    if opportunity.mode == Mode.ONLINE:
        people = people.filter(online=True)
    elif opportunity.mode == Mode.IN_PERSON:
        people = people.filter(in_person=True)
    else:
        people = people.filter(Q(online=True) | Q(in_person=True))
    people = people.annotate(
        area_matches=_overlap(Person.lived_experience.through, "livedexperiencearea_id", area_ids),
        interest_matches=_overlap(Person.interests.through, "interest_id", interest_ids),
    )
    if area_ids or interest_ids:
        people = people.filter(Q(area_matches__gt=0) | Q(interest_matches__gt=0))
    return people.order_by("-area_matches", "-interest_matches", "name_search", "id").prefetch_related(
        Prefetch("lived_experience", queryset=LivedExperienceArea.objects.only("id", "name")),
        Prefetch("interests", queryset=Interest.objects.only("id", "name")),
    )


@dataclass(frozen=True)
class Match:
    person: Person
    areas: list[str]
    interests: list[str]
    ways: list[str]

    @property
    def score(self) -> int:
        return 2 * len(self.areas) + len(self.interests)


def explain(person: Person, opportunity: Opportunity, area_ids: set[int], interest_ids: set[int]) -> Match:
    """Which of the opportunity's areas and topics this person shares, and how they can take part."""
    ways = []
    if person.online and opportunity.mode in MODES_FOR["online"]:
        ways.append("online")
    if person.in_person and opportunity.mode in MODES_FOR["in_person"]:
        ways.append("in person")
    return Match(
        person=person,
        areas=[area.name for area in person.lived_experience.all() if area.pk in area_ids],
        interests=[interest.name for interest in person.interests.all() if interest.pk in interest_ids],
        ways=ways,
    )


def group_make_up(opportunity: Opportunity, chosen: list[ExpressionOfInterest]) -> list[tuple[str, int]]:
    """Counts per lived-experience area for the chosen people (from what is already loaded), with every area
    the opportunity asks for shown even at 0."""
    counts: dict[str, int] = {area.name: 0 for area in opportunity.lived_experience.all()}
    for interest in chosen:
        for area in interest.person.lived_experience.all():
            counts[area.name] = counts.get(area.name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
