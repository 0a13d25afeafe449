"""A form sent empty names what is missing in each message, so the error summary makes sense read aloud
(not "This field is required." several times over)."""

import datetime

import pytest
from django.utils.html import escape

from coproduce.meetings import services
from tests.conftest import sign_in

from . import factories

GENERIC = ("This field is required", "Ensure this value")
# What a browser sends for a form left empty: its text boxes, blank (an empty POST leaves a form unbound).
BLANK = {"title": "", "description": "", "text": "", "name": "", "notes": ""}


def _errors(response) -> list[str]:
    assert response.status_code == 200
    return [message for errors in response.context["form"].errors.values() for message in errors]


def _assert_specific(response, *expected):
    messages = _errors(response)
    assert not [m for m in messages if m.startswith(GENERIC)], messages
    for message in expected:
        assert message in messages
        assert escape(message) in response.content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/manage/meetings/new/",
            [
                "Choose the project or group the meeting belongs to",
                "Enter a title for the meeting",
                "Say what the meeting is for",
                "Enter the date of the meeting",
                "Enter the start time",
                "Enter the end time",
                "Choose in person, online or hybrid",
            ],
        ),
        ("/manage/meetings/{pk}/agenda/add/", ["Enter a title for the agenda item"]),
        (
            "/manage/meetings/{pk}/papers/add/",
            ["Enter a title for the paper", "Choose the paper's format", "Choose a file to upload"],
        ),
        ("/manage/meetings/{pk}/decisions/add/", ["Write what was decided"]),
        ("/manage/meetings/{pk}/actions/add/", ["Write what needs doing", "Choose who will do it"]),
        ("/manage/meetings/venues/new/", ["Enter the venue's name", "Enter the venue's address"]),
    ],
)
def test_empty_organiser_forms_say_what_is_missing(client, db, officer, path, expected):
    meeting = factories.meeting()
    sign_in(client, officer)
    _assert_specific(client.post(path.format(pk=meeting.pk), BLANK), *expected)


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        ("-5", "Places must be 1 or more, or leave it empty for no limit"),
        ("lots", "Places must be a whole number, like 12"),
        ("20000", "Places must be 10,000 or fewer"),
    ],
)
def test_impossible_places_are_explained(client, db, officer, places, expected):
    sign_in(client, officer)
    _assert_specific(client.post("/manage/meetings/new/", {"capacity": places}), expected)


def test_a_reply_without_an_answer_asks_for_yes_or_no(client, db):
    meeting = factories.meeting()
    user, person = factories.member_with_profile()
    factories.join_team(meeting.project, person)
    sign_in(client, user)
    _assert_specific(
        client.post(f"/meetings/{meeting.pk}/reply/", BLANK),
        "Choose yes if you can come, or no if you cannot",
    )


def test_an_action_update_without_a_status_asks_for_one(client, db, officer):
    meeting = factories.meeting(starts_in=-datetime.timedelta(days=1))
    user, person = factories.member_with_profile()
    factories.join_team(meeting.project, person)
    action = services.add_action(meeting, actor=officer, description="Book the room", owner_id=person.pk)
    sign_in(client, user)
    _assert_specific(client.post(f"/meetings/actions/{action.pk}/", BLANK), "Choose the action's status")
