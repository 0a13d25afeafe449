"""The programme's menu entries (registered from ProgrammeConfig.ready())."""

from coproduce.core import navigation

from .rules import BOARD_MEMBER_PAGES, PROGRAMME


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Programme", "programme_manage:programme", PROGRAMME, order=35),
        navigation.NavItem("Board", "programme_manage:board", PROGRAMME, order=36),
        navigation.NavItem("Your board role", "programme:my_board", BOARD_MEMBER_PAGES, order=27),
    )
