"""Reads for the project pages: each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from collections import Counter

from django.db.models import OuterRef, QuerySet, Subquery

from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Consent, Person

from .choices import LIVED_EXPERIENCE_ROLES, TeamRole
from .models import Project, TeamMember

# Naming someone on the public page puts their name, tied to what the project said and did, in front of
# anyone on the web. Of the purposes people consent to, "quote what I say" is the one about being identified
# in what the programme publishes (photos are about images, sharing is about partners seeing their details),
# so a name shows only when that consent is currently given.
NAMING_CONSENT = ConsentPurpose.QUOTES


def project_page(pk: int) -> Project:
    return Project.objects.select_related("service_area", "organisation", "requested_by", "triaged_by").get(
        pk=pk
    )


def current_team(project: Project) -> list[TeamMember]:
    return list(
        TeamMember.objects.current()
        .filter(project=project)
        .select_related("person")
        .order_by("role", "person__name_search", "id")
    )


def staff_outnumber_lived_experience(team: list[TeamMember]) -> bool:
    lived = sum(1 for member in team if member.role in LIVED_EXPERIENCE_ROLES)
    return len(team) - lived > lived


def role_counts(team: list[TeamMember]) -> list[tuple[str, int]]:
    counts = Counter(member.role for member in team)
    return [(label, counts[value]) for value, label in TeamRole.choices if counts[value]]


def people_who_may_be_named(person_ids) -> set[int]:
    """Of these people, those whose latest decision for NAMING_CONSENT is "yes" (one query)."""
    latest = Consent.objects.filter(person=OuterRef("pk"), purpose=NAMING_CONSENT).order_by(
        "-recorded_at", "-id"
    )

    return set(
        Person.objects.current()
        .filter(pk__in=list(person_ids))
        .annotate(named=Subquery(latest.values("given")[:1]))
        .filter(named=True)
        .values_list("pk", flat=True)
    )


def public_team(project: Project) -> dict:
    """Counts per role, and the names of those who agreed to be named."""
    team = current_team(project)
    named = people_who_may_be_named(member.person_id for member in team)
    return {
        "counts": role_counts(team),
        "named": [member for member in team if member.person_id in named],
    }


def published(service_area: int | None = None, stage: str = "") -> QuerySet[Project]:
    projects = Project.objects.published().select_related("service_area", "organisation")
    if service_area:
        projects = projects.filter(service_area=service_area)
    if stage:
        projects = projects.filter(stage=stage)
    return projects.order_by("title", "id")


def memberships_of(user) -> list[TeamMember]:
    return list(
        TeamMember.objects.current()
        .filter(person__user=user)
        .select_related("project", "project__service_area")
        .order_by("project__title")
    )


def stage_counts() -> dict[str, int]:
    """How many projects are at each stage (one grouped count over the indexed stage)."""
    from django.db.models import Count

    return dict(Project.objects.values_list("stage").annotate(n=Count("id")).order_by())


def ladder_counts() -> dict:
    """Of projects with a target rung: how many at each target and achieved rung, and how many reached it."""
    from django.db.models import Count, F, Q

    rated = Q(target_rung__isnull=False)
    totals = Project.objects.aggregate(
        with_target=Count("id", filter=rated),
        rated=Count("id", filter=rated & Q(achieved_rung__isnull=False)),
        reached=Count("id", filter=rated & Q(achieved_rung__gte=F("target_rung"))),
    )
    targets = dict(
        Project.objects.filter(rated).values_list("target_rung").annotate(n=Count("id")).order_by()
    )
    achieved = dict(
        Project.objects.filter(achieved_rung__isnull=False)
        .values_list("achieved_rung")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {**totals, "targets": targets, "achieved": achieved}


def projects_to_challenge():
    """Projects a board member may raise a challenge on: accepted ones, not finished."""
    from .choices import ACTIVE_STAGES

    return Project.objects.filter(stage__in=ACTIVE_STAGES).order_by("title", "id")
