"""Who may do what with projects. Pages, the API and templates all use these.

Roles decide which pages open; the project itself decides the rest: its staff lead is the user who asked
for support or a team member with the staff-lead role; its team is everyone currently on it.
"""

import rules

from coproduce.accounts.rules import is_administrator, is_member, is_officer, is_project_lead
from coproduce.core.access import Policy

from .choices import TeamRole
from .models import TeamMember


def _current_roles(user, project) -> set[str]:
    """The team roles `user` holds on `project` now (cached on the project for the request)."""
    if not user.is_authenticated or project is None:
        return set()
    cache = project.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        cache[user.pk] = set(
            TeamMember.objects.current()
            .filter(project=project, person__user=user)
            .values_list("role", flat=True)
        )
    return cache[user.pk]


@rules.predicate
def leads_project(user, project) -> bool:
    if not user.is_authenticated or project is None:
        return False
    return project.requested_by_id == user.pk or TeamRole.STAFF_LEAD in _current_roles(user, project)


@rules.predicate
def is_on_team(user, project) -> bool:
    return bool(_current_roles(user, project))


@rules.predicate
def co_leads_project(user, project) -> bool:
    return TeamRole.CO_LEAD in _current_roles(user, project)


@rules.predicate
def is_on_any_team(user) -> bool:
    return bool(user.is_authenticated and TeamMember.objects.current().filter(person__user=user).exists())


is_projects_officer = is_officer | is_administrator
may_request_support = is_project_lead | is_projects_officer

# Pages
PUBLIC_PROJECTS = Policy("anyone", rules.always_allow)
REQUESTERS = Policy("staff project leads and co-production officers", may_request_support)
OFFICERS = Policy("co-production officers", is_projects_officer, back_office=True)
# The back-office project pages; which project a lead may open is checked per project (may_manage).
LEADS_AND_OFFICERS = Policy(
    "co-production officers and staff project leads", may_request_support, back_office=True
)
TEAM_PAGES = Policy("anyone signed in (their own projects only)", rules.is_authenticated)

# Menu visibility only.
MEMBERS_ON_A_TEAM = Policy("members on a project team", is_member & is_on_any_team)

# Per project
rules.add_perm("projects.manage_project", is_projects_officer | leads_project)
rules.add_perm("projects.view_project", is_projects_officer | leads_project | is_on_team)
rules.add_perm("projects.edit_outputs", is_projects_officer | leads_project | co_leads_project)
rules.add_perm("projects.edit_agreement", is_projects_officer | leads_project | is_on_team)
rules.add_perm("projects.move_stage", is_projects_officer)
rules.add_perm("projects.triage", is_projects_officer)
