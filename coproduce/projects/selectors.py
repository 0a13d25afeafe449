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


# --- For evaluation and reports ------------------------------------------------------------------------------


def team_people(project_id: int) -> QuerySet[Person]:
    """The people on a project's team now (a queryset, for group profiles used as a subquery)."""
    return Person.objects.filter(
        project_memberships__project_id=project_id, project_memberships__left_at__isnull=True
    )


def projects_with_teams() -> list[tuple[int, str]]:
    """(id, title) of every project that has ever had a team (the groups evaluation profiles)."""
    return list(
        Project.objects.filter(team__isnull=False).distinct().order_by("title", "id").values_list("id", "title")
    )


def project_figures(starts, ends) -> dict:
    """Counts for evaluation's computed indicators over [starts, ends): projects started (moved to scoping)
    and finished (closed), organisations reached, and the ladder: of projects with an achieved rung, how
    many reached co-designing or above, and of those with a target, how many aimed there. A few indexed
    counts, whatever the programme's size."""
    from .choices import CO_PRODUCTION_THRESHOLD, Stage
    from .models import StageChange

    changes = StageChange.objects.filter(changed_at__gte=starts, changed_at__lt=ends)
    rated = Project.objects.filter(achieved_rung__isnull=False)
    targeted = Project.objects.filter(target_rung__isnull=False)
    return {
        "started": changes.filter(to_stage=Stage.SCOPING).count(),
        "finished": changes.filter(to_stage=Stage.CLOSED).count(),
        "organisations": Project.objects.filter(requested_at__gte=starts, requested_at__lt=ends)
        .values("organisation")
        .distinct()
        .count(),
        "rated": rated.count(),
        "achieved_co_designing": rated.filter(achieved_rung__gte=CO_PRODUCTION_THRESHOLD).count(),
        "targeted": targeted.count(),
        "target_co_designing": targeted.filter(target_rung__gte=CO_PRODUCTION_THRESHOLD).count(),
    }


def ladder_of(project: Project) -> list:
    """The project's ladder ratings, oldest first (for its evaluation section)."""
    return list(project.ladder_ratings.order_by("rated_at", "id"))


def published_updates_between(starts, ends, limit: int = 6) -> list:
    """"You said, we did" updates of published projects dated in [starts, ends), newest first."""
    from .models import Update

    return list(
        Update.objects.filter(date__gte=starts, date__lt=ends, project__is_published=True)
        .select_related("project")
        .order_by("-date", "-id")[:limit]
    )


def is_peer_researcher(person_id: int) -> bool:
    """Whether the person is a peer researcher on a project team now (one indexed query)."""
    return TeamMember.objects.current().filter(person_id=person_id, role=TeamRole.PEER_RESEARCHER).exists()


def peer_researcher_ids() -> list[int]:
    """Person ids of everyone who is a peer researcher on a project team now."""
    return list(
        TeamMember.objects.current()
        .filter(role=TeamRole.PEER_RESEARCHER)
        .values_list("person_id", flat=True)
        .distinct()
    )
