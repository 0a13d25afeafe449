"""Permission predicates about roles. Other apps compose these in their own rules.py."""

import rules

from coproduce.core.access import Policy

from .models import TWO_FACTOR_ROLES, Role


def role_predicate(*roles: str):
    names = "_or_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def check(user) -> bool:
        return bool(user.is_authenticated and user.has_role(*roles))

    return check


is_member = role_predicate(Role.MEMBER)
is_champion = role_predicate(Role.CHAMPION)
is_board_member = role_predicate(Role.BOARD_MEMBER)
is_project_lead = role_predicate(Role.PROJECT_LEAD)
is_officer = role_predicate(Role.OFFICER)
is_finance_approver = role_predicate(Role.FINANCE_APPROVER)
is_evaluator = role_predicate(Role.EVALUATOR)
is_administrator = role_predicate(Role.ADMINISTRATOR)

# Anyone who works on the back office (/manage/): the same roles that must use two-factor.
is_back_office = role_predicate(*sorted(TWO_FACTOR_ROLES))


# The administrators' page for accounts and roles (/manage/accounts/).
MANAGE_ACCOUNTS = Policy("administrators", is_administrator, back_office=True)


@rules.predicate
def has_confirmed_email(user) -> bool:
    """Whether the account's email address is confirmed (its link followed). Until it is, the account can
    sign in and finish joining, but not apply, claim, be paid or get an API token (decision 0023): nothing
    that sends money or personal details to an address nobody has shown is theirs."""
    return bool(getattr(user, "is_authenticated", False) and user.email_confirmed_at is not None)


UNCONFIRMED_EMAIL = (
    "Confirm your email address first: follow the link in the email we sent you. You can ask for a new "
    "link on your account page."
)
