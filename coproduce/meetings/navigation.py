"""The meetings app's menu entries (registered from MeetingsConfig.ready())."""

from coproduce.core import navigation

from .rules import MEMBER_MENU, ORGANISERS


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Your meetings", "meetings:my_meetings", MEMBER_MENU, order=25),
        navigation.NavItem("Meetings", "meetings_manage:list", ORGANISERS, order=40),
    )
