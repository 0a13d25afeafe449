from tests.conftest import sign_in

from . import factories


def test_member_sees_meeting_page(client, db):
    user, person = factories.member_with_profile()
    meeting = factories.meeting()
    factories.join_team(meeting.project, person)
    sign_in(client, user)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get("/meetings/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/reply/").status_code == 200
