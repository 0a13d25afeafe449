"""Who may do what with meetings. Page policies say who may open a kind of page; the object predicates say
which meetings, papers and actions a user may see or change (a refusal there is a 404, so an id reveals
nothing)."""

import rules

from coproduce.accounts.rules import (
    is_administrator,
    is_board_member,
    is_champion,
    is_member,
    is_officer,
    is_project_lead,
)
from coproduce.core.access import Policy
from coproduce.people.rules import has_profile
from coproduce.projects.rules import arranges_meetings, is_on_team, reads_project

from .choices import BodyKind, BodyRole

is_meetings_officer = is_officer | is_administrator


def person_of(user):
    """The user's network profile, or None (back-office staff may have none)."""
    if not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person if person is not None and person.erased_at is None else None


def leads_project(user, project) -> bool:
    """Whoever may arrange the project's meetings, as the projects app decides (coproduce.projects.rules:
    the lead who requested it, its staff lead or facilitator)."""
    return bool(arranges_meetings(user, project))


def co_chairs_body(user, body) -> bool:
    """A current co-chair of the board (BodyMembership role co-chair) holding the board member role. Ordinary
    board members hold that role too, so the role alone is not enough; it is still needed, because it is
    the role that opens the organisers' pages (with two-factor sign-in)."""
    person = person_of(user)
    return bool(
        body is not None
        and body.kind == BodyKind.BOARD
        and person is not None
        and user.has_role("board_member")
        and body.memberships.current().filter(person=person, role=BodyRole.CO_CHAIR).exists()
    )


def co_chaired_boards(user):
    """The ids of the boards co_chairs_body(user, board) allows, as a queryset (one indexed read wherever it
    is used), or None for someone without a profile or the board member role (no query at all)."""
    from .models import BodyMembership

    person = person_of(user)
    if person is None or not user.has_role("board_member"):
        return None
    co_chairs = BodyMembership.objects.current().filter(
        person=person, role=BodyRole.CO_CHAIR, body__kind=BodyKind.BOARD
    )
    return co_chairs.order_by().values("body_id")


def boards_co_chaired_by(user) -> list[int]:
    boards = co_chaired_boards(user)
    return [] if boards is None else [row["body_id"] for row in boards]


def belongs_to_scope(user, *, project=None, body=None) -> bool:
    """A current member of the project's team or the body."""
    if project is not None:
        return bool(is_on_team(user, project))
    person = person_of(user)
    if person is None:
        return False
    return body.memberships.current().filter(person=person).exists()


def may_organise_scope(user, *, project=None, body=None) -> bool:
    if is_meetings_officer(user):
        return True
    if project is not None:
        return leads_project(user, project)
    return body is not None and co_chairs_body(user, body)


@rules.predicate
def may_organise(user, meeting) -> bool:
    return bool(
        meeting is not None
        and user.is_authenticated
        and (
            meeting.organiser_id == user.id
            or may_organise_scope(user, project=meeting.project, body=meeting.body)
        )
    )


@rules.predicate
def may_view_meeting(user, meeting) -> bool:
    """Organisers, anyone invited, and current members of the meeting's team or body."""
    if meeting is None or not user.is_authenticated:
        return False
    if may_organise(user, meeting):
        return True
    person = person_of(user)
    if person is None:
        return False
    return meeting.registrations.filter(person=person).exists() or belongs_to_scope(
        user, project=meeting.project, body=meeting.body
    )


@rules.predicate
def may_view_scope(user, scope) -> bool:
    """Who sees a project's or body's meetings list, action tracker and decision log: organisers and current
    members; for a project also the board, which reads every project (coproduce.projects.rules)."""
    project, body = scope
    return (
        may_organise_scope(user, project=project, body=body)
        or belongs_to_scope(user, project=project, body=body)
        or (project is not None and bool(reads_project(user, project)))
    )


@rules.predicate
def owns_action(user, action) -> bool:
    person = person_of(user)
    return bool(person is not None and action is not None and action.owner_id == person.pk)


@rules.predicate
def may_organise_action(user, action) -> bool:
    return bool(action is not None and may_organise(user, action.meeting))


# Pages
MEMBER_MEETINGS = Policy("members with a profile", rules.is_authenticated & has_profile)
MEETING_PAGE = Policy("anyone signed in (each meeting checks who may see it)", rules.is_authenticated)
ORGANISERS = Policy(
    "officers, administrators, staff project leads and board members",
    is_meetings_officer | is_project_lead | is_board_member,
    back_office=True,
)
OFFICERS = Policy("co-production officers", is_meetings_officer, back_office=True)
CALENDAR_FEED = Policy("anyone with the private feed address", rules.always_allow)

rules.add_perm("meetings.organise_meeting", may_organise)
rules.add_perm("meetings.view_meeting", may_view_meeting)
rules.add_perm("meetings.update_action", owns_action | may_organise_action)

# For the menu only.
# Champions and board members are invited to their body's meetings; the demo's champion and board logins
# hold that role alone.
MEMBER_MENU = Policy(
    "members, champions and board members with a profile",
    (is_member | is_champion | is_board_member) & has_profile,
)
