"""visible_meetings(user), the one-query rule the API and site search use (compiled once per process and
shape, core.prepared), finds exactly the meetings may_view_meeting lets each person open, whatever their way
in: organiser, lead or facilitator, team or body member, invited, board co-chair, or none."""

import pytest

from coproduce.accounts.models import Role
from coproduce.meetings.choices import BodyRole
from coproduce.meetings.models import Body, Meeting
from coproduce.meetings.rules import may_view_meeting
from coproduce.meetings.selectors import visible_meetings
from coproduce.projects.choices import TeamRole
from tests.factories import UserFactory
from tests.meetings import factories as meetings


@pytest.fixture
def world(db):
    """Meetings of two projects, the board and a network body, and someone in each relation to them."""
    first, second = meetings.project(), meetings.project()
    board = meetings.board()
    network = Body.objects.create(name="Champions", slug="champions-x", kind="network", code="CHX")
    people = {}

    def member(name, *roles):
        people[name] = meetings.member_with_profile(*roles)
        return people[name]

    organiser, _ = member("organiser", Role.MEMBER)
    _, on_team = member("team member")
    meetings.join_team(first, on_team)
    _, left = member("left the team")
    meetings.join_team(first, left).__class__.objects.filter(person=left).update(left_at="2026-01-01T00:00Z")
    _, facilitator = member("facilitator")
    meetings.join_team(second, facilitator, role=TeamRole.FACILITATOR)
    _, co_chair = member("board co-chair", Role.MEMBER, Role.BOARD_MEMBER)
    meetings.join_body(board, co_chair, role=BodyRole.CO_CHAIR)
    _, co_chair_without_role = member("co-chair without the board role")
    meetings.join_body(board, co_chair_without_role, role=BodyRole.CO_CHAIR)
    _, in_network = member("network member")
    meetings.join_body(network, in_network)
    _, invited = member("invited")
    erased_user, erased = member("erased")
    meetings.join_team(first, erased)
    erased.__class__.objects.filter(pk=erased.pk).update(erased_at="2026-02-01T00:00Z")
    member("stranger")
    people["requester"] = (first.requested_by, None)
    people["no profile"] = (UserFactory(roles=[Role.MEMBER]), None)

    found = [
        meetings.meeting(project_=first, organiser=organiser),
        meetings.meeting(project_=first),
        meetings.meeting(project_=second),
        meetings.meeting(body=board),
        meetings.meeting(body=network),
    ]
    meetings.registered(found[2], invited)
    meetings.registered(found[4], erased)
    return {name: user for name, (user, _) in people.items()}


def test_visible_meetings_are_those_may_view_meeting_allows(world):
    every = list(Meeting.objects.select_related("project", "body"))
    for name, user in world.items():
        user.refresh_from_db()
        expected = {meeting.pk for meeting in every if may_view_meeting(user, meeting)}
        assert set(visible_meetings(user).values_list("pk", flat=True)) == expected, name
    # Each way in finds something, so the comparison above is not between empty sets.
    seen = {name: visible_meetings(user).count() for name, user in world.items()}
    assert all(seen[name] for name in ("organiser", "team member", "facilitator", "board co-chair"))
    assert all(seen[name] for name in ("invited", "network member", "requester"))
    assert seen["co-chair without the board role"]  # a member of the board all the same
    assert not any(seen[name] for name in ("stranger", "left the team", "erased", "no profile"))
