"""The personal calendar feed: a private token address (only its hash kept), no sign-in needed, revocable."""

from coproduce.meetings.models import CalendarFeed
from tests.conftest import sign_in

from . import factories


def _new_feed(client):
    response = client.post("/meetings/calendar-feed/", {"action": "regenerate"})
    return response.context["feed_url"].split("127.0.0.1:8000")[-1].split("testserver")[-1]


def test_a_member_makes_a_feed_that_lists_only_meetings_they_registered_for(client, db):
    user, person = factories.member_with_profile()
    mine = factories.meeting(title="Mine")
    factories.register(mine, person)
    factories.meeting(title="Not mine")
    sign_in(client, user)
    path = _new_feed(client)
    token = path.rsplit("/", 1)[-1].removesuffix(".ics")
    assert token not in CalendarFeed.objects.get().token_hash, "only a hash is kept"

    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:Mine\r\n" in body and "Not mine" not in body


def test_making_a_new_address_revokes_the_old_one_and_turning_off_revokes_all(client, db):
    user, _ = factories.member_with_profile()
    sign_in(client, user)
    first = _new_feed(client)
    second = _new_feed(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post("/meetings/calendar-feed/", {"action": "revoke"})
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_guessed_token_finds_nothing(client, db):
    assert client.get("/meetings/calendar-feed/not-a-token.ics").status_code == 404


def test_the_single_meeting_file_is_an_attachment(client, db, officer):
    meeting = factories.meeting(title="Board; June, 2026")
    sign_in(client, officer)
    response = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert "SUMMARY:Board\\; June\\, 2026\r\n" in response.content.decode()
