"""The meetings API follows the page rules: callers see only their meetings; the online link only once
registered; organisers read registrations and record attendance; owners update only their own actions."""

import datetime
from decimal import Decimal

import pytest

from coproduce.meetings.choices import Mode
from coproduce.meetings.models import Attendance, Registration
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)

from . import factories


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise


@pytest.fixture
def setting(db):
    meeting = factories.meeting(
        mode=Mode.ONLINE, online_link="https://meet.example.test/hidden", venue=None, capacity=1
    )
    member, person = factories.member_with_profile()
    factories.join_team(meeting.project, person)
    outsider, _ = factories.member_with_profile()
    return meeting, member, person, outsider


def test_members_list_only_their_meetings_and_see_the_link_once_registered(as_user, setting):
    meeting, member, person, outsider = setting
    client = as_user(member)
    listed = client.get("/api/meetings/").json()["results"]
    assert [m["id"] for m in listed] == [meeting.pk]
    assert listed[0]["online_link"] == ""
    reply = client.post(
        f"/api/meetings/{meeting.pk}/registrations/",
        {"attending": True, "formats": ["easy_read"]},
        format="json",
    )
    assert reply.status_code == 200 and reply.json()["status"] == "registered"
    assert (
        client.get(f"/api/meetings/{meeting.pk}/").json()["online_link"] == "https://meet.example.test/hidden"
    )

    other = as_user(outsider)
    assert other.get("/api/meetings/").json()["results"] == []
    assert other.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    assert (
        other.post(
            f"/api/meetings/{meeting.pk}/registrations/", {"attending": True}, format="json"
        ).status_code
        == 404
    )


def test_a_full_meeting_puts_api_replies_on_the_waiting_list(as_user, setting):
    meeting, member, person, _ = setting
    factories.register(meeting, factories.person())
    response = as_user(member).post(
        f"/api/meetings/{meeting.pk}/registrations/", {"attending": True}, format="json"
    )
    assert response.json()["status"] == "waiting"


def test_bad_replies_are_refused_with_reasons(as_user, setting):
    meeting, member, _, _ = setting
    response = as_user(member).post(
        f"/api/meetings/{meeting.pk}/registrations/",
        {"attending": "maybe", "access_needs": ["flying"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"attending", "access_needs"}
    assert not Registration.objects.exists()


def test_only_organisers_read_registrations_and_record_attendance(as_user, setting, officer):
    meeting, member, person, _ = setting
    factories.register(meeting, person, access_needs=["hearing_loop"])
    assert as_user(member).get(f"/api/meetings/{meeting.pk}/registrations/").status_code == 404
    assert (
        as_user(member)
        .post(f"/api/meetings/{meeting.pk}/attendance/", {"person": person.pk, "status": "present"})
        .status_code
        == 404
    )

    client = as_user(officer)
    rows = client.get(f"/api/meetings/{meeting.pk}/registrations/").json()
    assert rows[0]["access_needs"] == ["hearing_loop"]
    meeting.starts_at -= datetime.timedelta(days=8)
    meeting.ends_at -= datetime.timedelta(days=8)
    meeting.save()
    recorded = client.post(
        f"/api/meetings/{meeting.pk}/attendance/", {"person": person.pk, "status": "present"}, format="json"
    )
    assert recorded.status_code == 200, recorded.json()
    assert Decimal(recorded.json()["hours"]) == Decimal("2.00")
    stranger = factories.person()
    refused = client.post(
        f"/api/meetings/{meeting.pk}/attendance/", {"person": stranger.pk, "status": "present"}, format="json"
    )
    assert refused.status_code == 400
    assert Attendance.objects.count() == 1


def test_owners_update_their_own_actions_through_the_api_but_not_others(as_user, setting, officer):
    from coproduce.meetings import services

    meeting, member, person, outsider = setting
    mine = services.add_action(meeting, actor=officer, description="Mine", owner=person)
    other_person = factories.person()
    theirs = services.add_action(meeting, actor=officer, description="Theirs", owner=other_person)
    client = as_user(member)
    assert [a["id"] for a in client.get("/api/actions/").json()["results"]] == [mine.pk]
    # Owners change status and notes; the text, owner and date are the organisers' (sent unchanged is fine).
    changing_text = client.patch(
        f"/api/actions/{mine.pk}/", {"status": "done", "description": "changed"}, format="json"
    )
    assert changing_text.status_code == 403
    mine.refresh_from_db()
    assert mine.status == "open" and mine.description == "Mine"
    assert (
        client.patch(
            f"/api/actions/{mine.pk}/", {"status": "done", "description": "Mine"}, format="json"
        ).status_code
        == 200
    )
    mine.refresh_from_db()
    assert mine.status == "done" and mine.description == "Mine"
    assert client.patch(f"/api/actions/{theirs.pk}/", {"status": "done"}, format="json").status_code == 404
    assert client.patch(f"/api/actions/{mine.pk}/", {"status": "nope"}, format="json").status_code == 400


def test_decisions_are_listed_for_visible_meetings_and_searchable(as_user, setting, officer):
    from coproduce.meetings import services

    meeting, member, _, outsider = setting
    services.add_decision(meeting, "Open the café on Sundays", actor=officer)
    services.add_decision(factories.meeting(), "Hidden elsewhere", actor=officer)
    client = as_user(member)
    assert [d["text"] for d in client.get("/api/decisions/").json()["results"]] == [
        "Open the café on Sundays"
    ]
    assert client.get("/api/decisions/", {"q": "sundays CAFÉ"}).json()["count"] == 1
    assert client.get("/api/decisions/", {"q": "mondays"}).json()["count"] == 0
    assert as_user(outsider).get("/api/decisions/").json()["count"] == 0


def test_anonymous_callers_are_refused(api_client, db):  # noqa: F811
    for url in ("/api/meetings/", "/api/decisions/", "/api/actions/"):
        assert api_client.get(url).status_code in (401, 403)


def test_the_meeting_serializer_writes_what_drfs_model_serializer_writes(db):
    from rest_framework import serializers

    from coproduce.meetings.api import MeetingSerializer
    from coproduce.meetings.models import Meeting

    online = factories.meeting(
        mode=Mode.ONLINE,
        online_link="https://meet.example.test/abc",
        capacity=12,
        is_public=True,
        minutes="Agreed the plan.",
        starts_in=datetime.timedelta(days=-3, microseconds=123456),
    )
    factories.meeting(body=factories.board(), cancelled_at=online.starts_at, room="Room 2")
    factories.meeting(venue=factories.venue(step_free=False, access_notes="Ramp at the side"))
    meetings = list(
        Meeting.objects.select_related("project", "body", "venue").only(*MeetingSerializer.COLUMNS)
    )
    for context in ({"sees_every_link": True}, {"link_visible": {online.pk}}, {}):
        fast = MeetingSerializer(meetings, many=True, context=context).data
        drf = [
            serializers.ModelSerializer.to_representation(MeetingSerializer(context=context), m)
            for m in meetings
        ]
        assert [dict(row) for row in fast] == [dict(row) for row in drf]
        assert len(fast) == 3
