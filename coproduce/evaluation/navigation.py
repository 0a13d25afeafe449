"""The evaluation app's menu entries (registered from EvaluationConfig.ready())."""

from coproduce.core import navigation

from .rules import VIEW


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem("Evaluation", "evaluation_manage:dashboard", VIEW, order=70),
    )
