"""The training app's menu entries (registered from TrainingConfig.ready())."""

from coproduce.core import navigation

from .rules import BOOKERS, LEARNER_MENU


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Your training", "training:mine", LEARNER_MENU, order=27),
        navigation.NavItem("Training", "training_manage:sessions", BOOKERS, order=42),
    )
