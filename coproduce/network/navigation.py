"""The champions network's menu entries (registered from NetworkConfig.ready())."""

from coproduce.core import navigation

from .rules import CHAMPION_MENU, OFFICERS


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Champions", "network:home", CHAMPION_MENU, order=27),
        navigation.NavItem("Champions network", "network_manage:dashboard", OFFICERS, order=45),
    )
