"""Who may do what with opportunities. Pages, the API and templates all use these.

Officers run everything. Whoever leads a project (coproduce.projects.rules: the lead who requested it or
its staff lead) may advertise and manage that project's opportunities. Matching, invitations, recording
interest on someone's behalf and selection are officers' work.
"""

import rules

from coproduce.accounts.rules import is_administrator, is_officer, is_project_lead
from coproduce.core.access import Policy
from coproduce.people.rules import has_profile
from coproduce.projects.rules import leads_project, projects_led_by

is_opportunity_officer = is_officer | is_administrator


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
    return leads_project(user, opportunity.project)


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
