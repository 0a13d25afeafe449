"""Reads for the project pages: each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from collections import Counter

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from coproduce.accounts.models import Role, User
from coproduce.core.links import link
from coproduce.core.templatetags.govuk import date as format_date
from coproduce.people.choices import ConsentPurpose
from coproduce.people.models import Consent, Person

from .choices import (
    ACTIVE_STAGES,
    LIVED_EXPERIENCE_ROLES,
    STAGE_ORDER,
    ProjectRole,
    RatingMoment,
    Rung,
    Stage,
    TeamRole,
    TriageState,
)
from .models import (
    STAGE_TAG_CLASSES,
    Project,
    TeamMember,
)

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
    """Published projects in title order, with the columns the public list shows (`public_rows`)."""
    projects = (
        Project.objects.published()
        .select_related("service_area", "organisation")
        .only("title", "slug", "stage", "service_area__name", "organisation__name")
    )
    if service_area:
        projects = projects.filter(service_area=service_area)
    if stage:
        projects = projects.filter(stage=stage)
    return projects.order_by("title", "id")


def public_rows(projects) -> list[dict]:
    """A page of `published` as the public list's rows, each made once here (decision 0011)."""
    stages = dict(Stage.choices)
    return [
        {
            "url": link("projects:public_detail", args=(project.slug,)),
            "title": project.title,
            "service_area": project.service_area.name,
            "organisation": project.organisation.name,
            "stage": stages.get(project.stage, project.stage),
            "stage_tag_class": project.stage_tag_class,
        }
        for project in projects
    ]


def memberships_of(user) -> list[TeamMember]:
    return list(
        TeamMember.objects.current()
        .filter(person__user=user)
        .select_related("project", "project__service_area")
        .order_by("project__title")
    )


def next_stage(stage: str) -> str | None:
    if stage not in ACTIVE_STAGES:
        return None
    return STAGE_ORDER[STAGE_ORDER.index(stage) + 1]


def previous_stage(stage: str) -> str | None:
    """One step back, within the active stages (a project cannot go back to being a request)."""
    if stage not in ACTIVE_STAGES or stage == Stage.SCOPING:
        return None
    return STAGE_ORDER[STAGE_ORDER.index(stage) - 1]


def allowed_moves(stage: str) -> dict[str, str]:
    """{to_stage: "forward" | "back" | "stop"} for a project at `stage`."""
    moves = {}
    if forward := next_stage(stage):
        moves[forward] = "forward"
    if back := previous_stage(stage):
        moves[back] = "back"
    if stage in ACTIVE_STAGES:
        moves[Stage.STOPPED] = "stop"
    return moves


def achieved_rung(project: Project) -> int | None:
    """The rung reached: the latest close rating, or failing that the latest review rating."""
    ratings = project.ladder_ratings.filter(moment__in=[RatingMoment.CLOSE, RatingMoment.REVIEW])
    for moment in (RatingMoment.CLOSE, RatingMoment.REVIEW):
        latest = ratings.filter(moment=moment).order_by("-rated_at", "-id").first()
        if latest:
            return latest.rung
    return None


# --- What the pages and the API read ----------------------------------------------------------------------


def requests_waiting(limit: int):
    """The `limit` requests waiting longest for triage, with only the columns the officers' list shows (a
    project row is wide: reading and converting every column of 100 rows was a third of the page);
    `queue_rows` makes them into the list's rows. The page's ids are cut first: joined before the sort,
    PostgreSQL hashed every account to name the requesters of all the waiting requests (6 ms → 0.9 ms
    at scale 25)."""
    longest = Project.objects.filter(stage=Stage.REQUESTED).order_by("requested_at", "id").values("pk")
    return (
        Project.objects.filter(pk__in=longest[:limit])
        .values(
            "id", "title", "triage_state", "requested_at", "service_area__name", "organisation__name",
            "requested_by__full_name", "requested_by__preferred_name", "requested_by__email",
        )
        .order_by("requested_at", "id")
    )  # fmt: skip


def queue_rows(projects, *, triages: bool) -> list[str]:
    """Requests (values of `requests_waiting`) as the officers' queue rows, written once in Python with every
    value escaped (decision 0011: a template's variables and escaping per cell were most of this page): a
    triage link for those who triage, the project page for the board."""
    page_of = "projects_manage:triage" if triages else "projects_manage:project"
    rows = []
    for project in projects:
        url = link(page_of, args=(project["id"],))
        by = (
            project["requested_by__preferred_name"]
            or project["requested_by__full_name"]
            or project["requested_by__email"]
            or ""
        )
        tag = (
            '<strong class="govuk-tag govuk-tag--yellow">More information asked for</strong>'
            if project["triage_state"] == TriageState.MORE_INFORMATION
            else '<strong class="govuk-tag govuk-tag--blue">Awaiting triage</strong>'
        )
        sent = format_date(timezone.localtime(project["requested_at"]), "j M Y")
        rows.append(
            mark_safe(  # noqa: S308 - every value is escaped here
                f'{ROW_START}{CELL}<a class="govuk-link" href="{escape(url)}">{escape(project["title"])}</a>'
                f'<br><span class="govuk-body-s">{escape(project["service_area__name"] or "")}</span></td>'
                f'{CELL}{escape(by)}<br><span class="govuk-body-s">'
                f"{escape(project['organisation__name'] or '')}</span></td>"
                f"{CELL}{escape(sent)}</td>{CELL}{tag}</td>{ROW_END}"
            )
        )
    return rows


def projects_past_request(stage: str = ""):
    """Projects past the request stage, by title; `project_rows` reads a page of them as rows (the
    paginator's COUNT stays on the project table, without the joins the rows need)."""
    projects = Project.objects.exclude(stage=Stage.REQUESTED).order_by("title", "id")
    return projects.filter(stage=stage) if stage in Stage.values else projects


STAGE_LABELS = dict(Stage.choices)
RUNG_LABELS = dict(Rung.choices)


def project_rows(projects) -> list[str]:
    """A page of `projects_past_request` as the officers' list rows, written once in Python with every value
    escaped (decision 0011: fifty rows each took a `{% url %}`, an include for the stage tag, two choice
    labels and the template's escaping per cell)."""
    project_page = link("projects_manage:project", args=(0,)).removesuffix("0/")
    rows = []
    for project in projects.values(
        "id", "title", "stage", "target_rung", "is_published", "service_area__name"
    ):
        stage = STAGE_LABELS.get(project["stage"], project["stage"])
        target = RUNG_LABELS.get(project["target_rung"], project["target_rung"]) or "–"
        tag_class = STAGE_TAG_CLASSES.get(project["stage"], "govuk-tag--blue")
        rows.append(
            mark_safe(  # noqa: S308 - every value is escaped here
                f'{ROW_START}{CELL}<a class="govuk-link" href="{project_page}{project["id"]}/">'
                f'{escape(project["title"])}</a><br><span class="govuk-body-s">'
                f"{escape(project['service_area__name'] or '')}</span></td>"
                f'{CELL}<strong class="govuk-tag {tag_class}">'
                f"{escape(stage)}</strong></td>"
                f"{CELL}{escape(target)}</td>{CELL}{'Yes' if project['is_published'] else 'No'}</td>{ROW_END}"
            )
        )
    return rows


# How the list's rows sat in its template, kept so the page's markup is unchanged.
ROW_START = '\n    <tr class="govuk-table__row">'
CELL = '\n      <td class="govuk-table__cell">'
ROW_END = "\n    </tr>\n  "


def projects_with_target():
    return (
        Project.objects.filter(target_rung__isnull=False)
        .select_related("service_area")
        .order_by("service_area__order", "title", "id")
    )


def rated_projects():
    return Project.objects.filter(target_rung__isnull=False, achieved_rung__isnull=False)


def team_member(project: Project, member_pk) -> TeamMember | None:
    return TeamMember.objects.current().filter(project=project, pk=member_pk).select_related("person").first()


def own_request(user, pk) -> Project | None:
    return (
        Project.objects.select_related("service_area", "organisation")
        .filter(pk=pk, requested_by=user)
        .first()
    )


def requests_of(user) -> list[Project]:
    return list(Project.objects.filter(requested_by=user).select_related("service_area"))


def item_of(model, project: Project, pk):
    """One of the project's outputs, updates or jargon terms (`model`), or None."""
    return model.objects.filter(project=project, pk=pk).first()


def fresh(model, pk):
    """The row as it is in the database now (not as a form left it)."""
    return model.objects.get(pk=pk)


def published_project(slug: str) -> Project | None:
    return (
        Project.objects.published().select_related("service_area", "organisation").filter(slug=slug).first()
    )


def active_projects():
    return Project.objects.active()


def full_access_ids(user, project_ids) -> set[int]:
    """Of these projects, those the caller may read in full (one query, however many projects)."""
    from .rules import is_projects_officer  # rules reads who is who through selectors

    if is_projects_officer(user):
        return set(project_ids)
    if not user.is_authenticated:
        return set()
    return set(
        Project.objects.filter(pk__in=list(project_ids))
        .filter(Q(requested_by=user) | Q(team__person__user=user, team__left_at__isnull=True))
        .values_list("pk", flat=True)
    )


def visible_projects(user):
    projects = Project.objects.select_related("service_area", "organisation").order_by("title", "id")
    from .rules import is_projects_officer  # rules reads who is who through selectors

    if is_projects_officer(user):
        return projects
    visible = Q(pk__in=Project.objects.published().values("pk"))
    if user.is_authenticated:
        visible |= Q(requested_by=user) | Q(
            pk__in=TeamMember.objects.current().filter(person__user=user).values("project")
        )
    return projects.filter(visible)


def project_by_id(pk) -> Project | None:
    return Project.objects.filter(pk=pk).first()


def published_project_by_id(pk) -> Project | None:
    return Project.objects.published().filter(pk=pk).first()


def team_of(project: Project):
    return TeamMember.objects.current().filter(project=project).select_related("person")


def items_of(model, project: Project):
    """A project's outputs, updates or jargon terms (`model`)."""
    return model.objects.filter(project=project)


def projects_by_ids(ids):
    return Project.objects.filter(pk__in=list(ids))


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
    return projects_held_by(user.pk, roles)


def projects_held_by(user_id, roles) -> QuerySet[Project]:
    """projects_where for the user with this id, or for a core.prepared.Slot standing for it (a rule
    compiled once)."""
    found = Q(pk__in=[])
    for way in _ways_to_hold(user_id, roles):
        found |= way
    return Project.objects.filter(found)


def projects_held_by_each_way(user_id, roles) -> list[QuerySet[Project]]:
    """projects_held_by as one queryset per way in (the request, the team): a union of these is read by
    each one's index, where PostgreSQL reads every project to test their OR."""
    return [Project.objects.filter(way) for way in _ways_to_hold(user_id, roles)]


def _ways_to_hold(user_id, roles) -> list[Q]:
    ways = []
    if ProjectRole.REQUESTER in roles:
        ways.append(Q(requested_by_id=user_id))
    team_roles = [role for role in roles if role in TeamRole.values]
    if team_roles:
        on_team = TeamMember.objects.current().filter(
            person__user_id=user_id, person__erased_at__isnull=True, role__in=team_roles
        )
        ways.append(Q(pk__in=on_team.values("project_id")))
    return ways


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


# --- For evaluation and reports -----------------------------------------------------------------------


def team_people(project_id: int) -> QuerySet[Person]:
    """The people on a project's team now (a queryset, for group profiles used as a subquery)."""
    return Person.objects.filter(
        project_memberships__project_id=project_id, project_memberships__left_at__isnull=True
    )


def projects_with_teams() -> list[tuple[int, str]]:
    """(id, title) of every project that has ever had a team (the groups evaluation profiles)."""
    return list(
        Project.objects.filter(team__isnull=False)
        .distinct()
        .order_by("title", "id")
        .values_list("id", "title")
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
    """ "You said, we did" updates of published projects dated in [starts, ends), newest first."""
    from .models import Update

    return list(
        Update.objects.filter(date__gte=starts, date__lt=ends, project__is_published=True)
        .select_related("project")
        .order_by("-date", "-id")[:limit]
    )


def is_peer_researcher(person_id: int, project_id: int | None = None) -> bool:
    """Whether the person is a peer researcher on a project team now (on that project's, given one): one
    indexed query."""
    found = TeamMember.objects.current().filter(person_id=person_id, role=TeamRole.PEER_RESEARCHER)
    return (found.filter(project_id=project_id) if project_id else found).exists()


def peer_researcher_ids() -> list[int]:
    """Person ids of everyone who is a peer researcher on a project team now."""
    return list(
        TeamMember.objects.current()
        .filter(role=TeamRole.PEER_RESEARCHER)
        .values_list("person_id", flat=True)
        .distinct()
    )


def projects_closed_between(starts, ends) -> list[int]:
    """Ids of projects that moved to closed in [starts, ends) and are closed now (evaluation surveys their
    teams at close)."""
    from .choices import Stage
    from .models import StageChange

    closed = StageChange.objects.filter(
        to_stage=Stage.CLOSED, changed_at__gte=starts, changed_at__lt=ends, project__stage=Stage.CLOSED
    )
    return list(
        dict.fromkeys(closed.order_by("changed_at", "project_id").values_list("project_id", flat=True))
    )


def closed_project(pk: int, *, since) -> Project | None:
    """The project if it is closed and moved there since `since`, else None."""
    from .choices import Stage

    return Project.objects.filter(pk=pk, stage=Stage.CLOSED, stage_changed_at__gte=since).first()
