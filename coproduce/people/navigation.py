"""The people app's entries in the service navigation (registered from PeopleConfig.ready())."""

from coproduce.accounts.rules import is_member
from coproduce.core import navigation
from coproduce.core.access import Policy

from .rules import DIRECTORY, has_profile

# Menu visibility only (each page keeps its own policy). Checked for members alone, so back-office pages
# do not pay for a profile look-up on every request.
MEMBER_WITH_PROFILE = Policy("members with a profile", is_member & has_profile)
MEMBER_WITHOUT_PROFILE = Policy("members who have not completed their profile", is_member & ~has_profile)


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Your profile", "people:me", MEMBER_WITH_PROFILE, order=20),
        navigation.NavItem("Join the network", "people:join_start", MEMBER_WITHOUT_PROFILE, order=20),
        navigation.NavItem("People", "people_manage:directory", DIRECTORY, order=30),
    )
