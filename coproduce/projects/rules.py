"""Who may do what with projects: the ONE place that decides it. Pages, the API and templates of projects,
meetings, opportunities and payments all ask these rules.

Who someone is to a project comes from selectors.project_roles (a ProjectRole set); what each role may do is
the table below. Officers (co-production officers and administrators) may do everything. The lead who asked
for the project and a staff lead on its team lead it alike: its team, publishing, ratings, opportunities and
money. A facilitator on the team arranges its meetings too. The team sees the project and keeps its group
agreement; co-leads with lived experience edit its outputs. Board members (co-chairs among them) read every
project's back-office page, to check and challenge, and nothing about its people beyond names and roles (no
contact details, access needs, equality data or anyone's payments): those pages ask the other rules here.
"""

import rules

from coproduce.accounts.rules import (
    is_administrator,
    is_board_member,
    is_member,
    is_officer,
    is_project_lead,
)
from coproduce.core.access import Policy

from .choices import ProjectRole, TeamRole
from .models import TeamMember
from .selectors import project_roles, projects_where

# What each role may do to one project (officers: everything, through is_projects_officer).
LEADS = frozenset({ProjectRole.REQUESTER, ProjectRole.STAFF_LEAD})
ARRANGES_MEETINGS = LEADS | {ProjectRole.FACILITATOR}
EDITS_OUTPUTS = LEADS | {ProjectRole.CO_LEAD}
ON_TEAM = frozenset(TeamRole.values)
READS_BACK_OFFICE_PAGE = frozenset({ProjectRole.BOARD})


def _holds(user, project, roles) -> bool:
    return bool(project_roles(user, project) & roles)


@rules.predicate
def leads_project(user, project) -> bool:
    """Asked for the project, or its staff lead now."""
    return _holds(user, project, LEADS)


@rules.predicate
def arranges_meetings(user, project) -> bool:
    """Leads it, or facilitates it now."""
    return _holds(user, project, ARRANGES_MEETINGS)


@rules.predicate
def is_on_team(user, project) -> bool:
    return _holds(user, project, ON_TEAM)


@rules.predicate
def co_leads_project(user, project) -> bool:
    return _holds(user, project, {ProjectRole.CO_LEAD})


@rules.predicate
def reads_project(user, project) -> bool:
    """Board members read every project's back-office page."""
    return _holds(user, project, READS_BACK_OFFICE_PAGE)


# Set on this request's user by a page that has read the person's current team rows anyway (the menu asks
# `is_on_any_team` after the view): the same answer, read once. The user object lives for one request.
ON_ANY_TEAM = "_coproduce_on_any_team"


def remember_on_any_team(person, on_a_team: bool) -> None:
    """`person`'s current team rows were just read: their user's menu need not ask again."""
    user = person._state.fields_cache.get("user")
    if user is not None and user.pk == person.user_id:
        setattr(user, ON_ANY_TEAM, on_a_team)


@rules.predicate
def is_on_any_team(user) -> bool:
    if not user.is_authenticated:
        return False
    known = getattr(user, ON_ANY_TEAM, None)
    if known is not None:
        return known
    return TeamMember.objects.current().filter(person__user=user).exists()


def projects_led_by(user):
    """The projects `user` leads (asked for, or staff lead of): those they may advertise for."""
    return projects_where(user, LEADS)


def projects_arranged_by(user):
    """The projects whose meetings `user` may arrange, officers aside."""
    return projects_where(user, ARRANGES_MEETINGS)


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
# The list, the ladder report and each project's page, read-only for the board (check and challenge).
READERS = Policy(
    "co-production officers, staff project leads and board members",
    may_request_support | is_board_member,
    back_office=True,
)
OFFICERS_AND_BOARD = Policy(
    "co-production officers and board members", is_projects_officer | is_board_member, back_office=True
)
TEAM_PAGES = Policy("anyone signed in (their own projects only)", rules.is_authenticated)

# Menu visibility only.
MEMBERS_ON_A_TEAM = Policy("members on a project team", is_member & is_on_any_team)

# Per project
rules.add_perm("projects.manage_project", is_projects_officer | leads_project)
rules.add_perm("projects.view_project", is_projects_officer | leads_project | is_on_team)
rules.add_perm("projects.read_project", is_projects_officer | leads_project | is_on_team | reads_project)
rules.add_perm("projects.edit_outputs", is_projects_officer | leads_project | co_leads_project)
rules.add_perm("projects.edit_agreement", is_projects_officer | leads_project | is_on_team)
rules.add_perm("projects.move_stage", is_projects_officer)
rules.add_perm("projects.triage", is_projects_officer)
rules.add_perm("projects.arrange_meetings", is_projects_officer | arranges_meetings)
rules.add_perm("projects.manage_opportunities", is_projects_officer | leads_project)
# The project's money in total (budget, approved, paid): never one person's payments.
rules.add_perm("projects.see_money", leads_project | reads_project)
