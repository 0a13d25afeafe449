"""The messages app's menu entries (registered from NotificationsConfig.ready())."""

from coproduce.core import navigation

from .rules import MEMBER_MENU, OFFICERS


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Messages we sent you", "notifications:mine", MEMBER_MENU, order=80),
        navigation.NavItem("Messages", "notifications_manage:not_reached", OFFICERS, order=85),
    )
