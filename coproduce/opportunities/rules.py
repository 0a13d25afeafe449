"""Who may do what with opportunities. Pages, the API and templates all use these.

Officers run everything. A project's staff lead (a current team member with the staff-lead role whose
person has a sign-in) and the lead who requested the project may advertise and manage that project's
opportunities. Matching, invitations, recording interest on someone's behalf and selection are officers' work.
"""

import rules
from django.db.models import Q

from coproduce.accounts.rules import is_administrator, is_officer, is_project_lead
from coproduce.core.access import Policy
from coproduce.people.rules import has_profile
from coproduce.projects.choices import TeamRole
from coproduce.projects.models import Project, TeamMember

is_opportunity_officer = is_officer | is_administrator


def projects_led_by(user):
    """Projects this user may advertise for: ones they requested or lead as staff."""
    if not user.is_authenticated:
        return Project.objects.none()
    staff_lead_of = TeamMember.objects.current().filter(role=TeamRole.STAFF_LEAD, person__user=user)
    return Project.objects.filter(Q(requested_by=user) | Q(pk__in=staff_lead_of.values("project_id")))


@rules.predicate
def leads_a_project(user) -> bool:
    return projects_led_by(user).exists()


@rules.predicate
def may_manage(user, opportunity) -> bool:
    """Officers, or a lead of the opportunity's project (programme-wide ones are the officers' alone)."""
    if is_opportunity_officer(user):
        return True
    if opportunity is None or opportunity.project_id is None:
        return False
    return projects_led_by(user).filter(pk=opportunity.project_id).exists()


# Pages
MEMBER_APPLICATIONS = Policy("members who have joined the network", rules.is_authenticated & has_profile)
MANAGE = Policy(
    "co-production officers and project leads",
    is_opportunity_officer | is_project_lead | leads_a_project,
    back_office=True,
)
OFFICERS = Policy("co-production officers", is_opportunity_officer, back_office=True)
# The menu entry only (the page keeps MANAGE): role checks, so a member's pages pay for no project query.
MANAGE_MENU = Policy(
    "co-production officers and staff project leads", is_opportunity_officer | is_project_lead
)

rules.add_perm("opportunities.manage_opportunity", may_manage)
