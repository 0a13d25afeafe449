"""The handbook's menu entries (registered from HandbookConfig.ready())."""

from coproduce.core import navigation

from .rules import EDITORS


def register_navigation() -> None:
    navigation.register(navigation.NavItem("Handbook", "handbook_manage:pages", EDITORS, order=70))
