"""Who may see and change evaluation. Pages, the API and templates all use these policies."""

import rules

from coproduce.accounts.rules import (
    is_administrator,
    is_board_member,
    is_evaluator,
    is_member,
    is_officer,
)
from coproduce.core.access import Policy
from coproduce.people.rules import has_profile, may_view_equality_answers

is_evaluation_team = is_officer | is_administrator | is_evaluator

# The dashboards (aims, indicators, evidence, surveys, self-assessment): the team, evaluators and the board.
VIEW = Policy(
    "co-production officers, evaluators, administrators and the board",
    is_evaluation_team | is_board_member,
    back_office=True,
)
# Writing aims, indicators, evidence, surveys, reports and the self-assessment.
EDIT = Policy("co-production officers, evaluators and administrators", is_evaluation_team, back_office=True)
# Diversity of groups: aggregates only (counts under 10 suppressed), and only for holders of the
# equality-data permission on top of an evaluation role.
DIVERSITY = Policy(
    "officers and evaluators with the equality-data permission",
    is_evaluation_team & may_view_equality_answers,
    back_office=True,
)


@rules.predicate
def is_peer_researcher(user) -> bool:
    from coproduce.projects.selectors import is_peer_researcher as on_a_team

    return on_a_team(user.person.pk)


# The peer researchers' workspace: members who are peer researchers on a project team record interviews and
# observations there (no menu entry: checking the team on every page would cost a query per page).
PEER_RESEARCH = Policy(
    "peer researchers on a project team",
    rules.is_authenticated & has_profile & is_member & is_peer_researcher,
)

rules.add_perm("evaluation.view", VIEW.predicate)
rules.add_perm("evaluation.edit", EDIT.predicate)
rules.add_perm("evaluation.view_diversity", DIVERSITY.predicate)
