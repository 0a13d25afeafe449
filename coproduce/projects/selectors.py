"""Reads for the project pages: each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from collections import Counter

from django.db.models import OuterRef, Q, QuerySet, Subquery

from coproduce.accounts.models import Role, User
from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Consent, Person

from .choices import LIVED_EXPERIENCE_ROLES, ProjectRole, TeamRole
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


# --- Who someone is to a project (rules.py decides what each role may do) -----------------------------------

OFFICER_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)


def project_roles(user, project) -> frozenset[str]:
    """The ProjectRole values `user` holds on `project`: officer (co-production officers and administrators,
    on every project), requester (asked for it), their current team role, board (board members, on every
    project). One query for the team, cached on the project for the request."""
    if not getattr(user, "is_authenticated", False) or project is None:
        return frozenset()
    cache = project.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        roles = set(
            TeamMember.objects.current()
            .filter(project=project, person__user=user, person__erased_at__isnull=True)
            .values_list("role", flat=True)
        )
        if project.requested_by_id == user.pk:
            roles.add(ProjectRole.REQUESTER)
        if user.has_role(*OFFICER_ROLES):
            roles.add(ProjectRole.OFFICER)
        if user.has_role(Role.BOARD_MEMBER):
            roles.add(ProjectRole.BOARD)
        cache[user.pk] = frozenset(roles)
    return cache[user.pk]


def projects_where(user, roles) -> QuerySet[Project]:
    """The projects on which `user` holds any of `roles` through the request or the team (officer and board
    roles are programme-wide: callers check those with the role predicates)."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    found = Q(pk__in=[])
    if ProjectRole.REQUESTER in roles:
        found |= Q(requested_by=user)
    team_roles = [role for role in roles if role in TeamRole.values]
    if team_roles:
        on_team = TeamMember.objects.current().filter(
            person__user=user, person__erased_at__isnull=True, role__in=team_roles
        )
        found |= Q(pk__in=on_team.values("project_id"))
    return Project.objects.filter(found)


def users_holding(projects, roles) -> QuerySet:
    """The ids of the users who hold any of `roles` on any of `projects` through the request or the team."""
    found = Q(pk__in=[])
    if ProjectRole.REQUESTER in roles:
        found |= Q(requested_projects__in=projects)
    team_roles = [role for role in roles if role in TeamRole.values]
    if team_roles:
        found |= Q(
            person__project_memberships__project__in=projects,
            person__project_memberships__role__in=team_roles,
            person__project_memberships__left_at__isnull=True,
            person__erased_at__isnull=True,
        )
    return User.objects.filter(found).values("pk")
