"""The messages app's menu entries (registered from NotificationsConfig.ready())."""

from coproduce.core import navigation

from .rules import OFFICERS, OWN_MESSAGES


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Messages we sent you", "notifications:mine", OWN_MESSAGES, order=80),
        navigation.NavItem("Messages", "notifications_manage:not_reached", OFFICERS, order=85),
    )
