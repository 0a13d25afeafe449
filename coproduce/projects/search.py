"""Projects in site search (coproduce.core.search): anyone finds published projects; team members and the
lead who asked for support find theirs; officers find every project."""

from django.db.models import Q

from coproduce.core import search
from coproduce.core.links import link
from coproduce.core.prepared import Prepared, Slot

from .choices import Stage
from .models import Project, TeamMember
from .rules import is_projects_officer


def _document(project: Project) -> search.Document:
    published = project.is_published and project.stage not in (Stage.REQUESTED, Stage.DECLINED)
    return search.Document(
        title=project.title,
        text=f"{project.summary}\n{project.affects}\n{project.can_change}",
        summary=project.summary[:200],
        key=project.slug if published else "",  # a public page to link to
    )


def _public():
    return Project.objects.published().values("pk")


def _mine_or_public():
    # One WHERE (an OR) rather than the published rule as a subquery of the table it filters.
    user = Slot("user")
    teams = TeamMember.objects.current().filter(person__user_id=user).values("project_id")
    mine = Project.objects.filter(Q(requested_by_id=user) | Q(pk__in=teams))
    return (Project.objects.published() | mine).values("pk")


_PUBLIC, _MINE_OR_PUBLIC = Prepared(_public), Prepared(_mine_or_public)


def _visible(user):
    if is_projects_officer(user):
        return search.EVERYTHING
    if user.is_authenticated:
        return _MINE_OR_PUBLIC().bind(user=user.pk)
    return _PUBLIC().bind()


def _url(user, hit) -> str:
    if is_projects_officer(user):
        return link("projects_manage:project", args=[hit.object_id])
    if hit.key:
        return link("projects:public_detail", args=[hit.key])
    return link("projects:team_project", args=[hit.object_id])


search.register(
    search.Kind(
        key="project",
        label="Projects",
        model=Project,
        document=_document,
        rows=lambda: Project.objects.all(),
        visible=_visible,
        url=_url,
        order=10,
    )
)
