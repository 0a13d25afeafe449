"""The projects app's entries in the service navigation (registered from ProjectsConfig.ready())."""

import rules

from coproduce.accounts.rules import is_board_member
from coproduce.core import navigation
from coproduce.core.access import Policy

from .rules import MEMBERS_ON_A_TEAM, OFFICERS_AND_BOARD, REQUESTERS, is_projects_officer

# Menu visibility only (each page keeps its own policy). Officers have one "Projects" entry, their own
# list, which links to the public pages; so do board members, who read every project there. Everyone else
# gets the public list. Officers reach requests through their list too.
NOT_OFFICERS = Policy(
    "everyone but co-production officers and board members",
    rules.always_allow & ~is_projects_officer & ~is_board_member,
)
REQUESTERS_NOT_OFFICERS = Policy("staff project leads", REQUESTERS.predicate & ~is_projects_officer)


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Projects", "projects:public_list", NOT_OFFICERS, order=15),
        navigation.NavItem("Projects", "projects_manage:list", OFFICERS_AND_BOARD, order=15),
        navigation.NavItem("Your projects", "projects:your_projects", MEMBERS_ON_A_TEAM, order=25),
        navigation.NavItem("Your requests", "projects:requests", REQUESTERS_NOT_OFFICERS, order=35),
        navigation.NavItem("Request support", "projects:request_new", REQUESTERS_NOT_OFFICERS, order=36),
    )
