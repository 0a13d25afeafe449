"""The payments app's entries in the service navigation (registered from PaymentsConfig.ready())."""

from coproduce.core import navigation

from .rules import CLAIM_REVIEW, MEMBER_MENU


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Your payments", "payments:home", MEMBER_MENU, order=26),
        navigation.NavItem("Payments", "payments_manage:claims", CLAIM_REVIEW, order=45),
    )
