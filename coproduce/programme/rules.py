"""Who may see and change the programme record, the board's records, challenges and the concordat.

The programme page and the board's pages are for the co-production team (officers, administrators) and
board members; writing the programme record is the team's; the board's records are kept by the team and the
board's co-chairs. A challenge is raised by a board member (or an officer), answered by the project's lead
and its outcome recorded by the co-chairs or the team."""

import rules

from coproduce.accounts.rules import is_administrator, is_board_member, is_officer, is_project_lead
from coproduce.core.access import Policy
from coproduce.meetings.rules import co_chairs_body, person_of
from coproduce.people.rules import has_profile

is_programme_officer = is_officer | is_administrator


@rules.predicate
def is_board_co_chair(user) -> bool:
    """A current co-chair of the board (the meetings app's board membership, kept by a co-chair's term)."""
    if not user.is_authenticated or not user.has_role("board_member"):
        return False
    from coproduce.meetings.models import Body

    cache = user.__dict__.setdefault("_programme_co_chair", {})
    if "board" not in cache:
        cache["board"] = co_chairs_body(user, Body.objects.filter(slug="board").first())
    return cache["board"]


may_keep_board = is_programme_officer | is_board_co_chair


@rules.predicate
def may_respond(user, challenge) -> bool:
    """The lead the challenge was sent to, or the co-production team."""
    return bool(challenge is not None and (challenge.lead_id == user.pk or is_programme_officer(user)))


@rules.predicate
def may_decide(user, challenge) -> bool:
    return bool(challenge is not None and may_keep_board(user))


@rules.predicate
def raised(user, challenge) -> bool:
    return bool(challenge is not None and challenge.raised_by_id == user.pk)


# Pages
PROGRAMME = Policy(
    "co-production officers, administrators and board members",
    is_programme_officer | is_board_member,
    back_office=True,
)
PROGRAMME_OFFICERS = Policy("co-production officers", is_programme_officer, back_office=True)
BOARD_KEEPERS = Policy("co-production officers and the board's co-chairs", may_keep_board, back_office=True)
CHALLENGERS = Policy(
    "board members and co-production officers", is_board_member | is_programme_officer, back_office=True
)
# A challenge is answered by its project's staff lead: they reach it from the email, in the back office.
CHALLENGE_PAGES = Policy(
    "board members, staff project leads and co-production officers",
    is_board_member | is_project_lead | is_programme_officer,
    back_office=True,
)
# The queue of challenges waiting for a lead's response: for the roles a project's lead holds.
CHALLENGE_LEADS = Policy(
    "staff project leads and co-production officers", is_project_lead | is_programme_officer, back_office=True
)
BOARD_MEMBER_PAGES = Policy("board members with a profile", is_board_member & has_profile)
PUBLIC = Policy("anyone", rules.always_allow)
SIGNERS = Policy("anyone signed in with a profile", rules.is_authenticated & has_profile)

rules.add_perm("programme.respond_to_challenge", may_respond)
rules.add_perm("programme.decide_challenge", may_decide)

__all__ = ["person_of"]
