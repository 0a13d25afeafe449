"""The opportunities app's menu entries (registered from OpportunitiesConfig.ready())."""

from coproduce.core import navigation
from coproduce.core.access import PUBLIC
from coproduce.people.navigation import MEMBER_WITH_PROFILE

from .rules import MANAGE_MENU


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Opportunities", "opportunities:list", PUBLIC, order=10),
        navigation.NavItem("Your applications", "opportunities:applications", MEMBER_WITH_PROFILE, order=22),
        navigation.NavItem("Manage opportunities", "opportunities_manage:list", MANAGE_MENU, order=35),
    )
