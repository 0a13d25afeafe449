"""Times are Europe/London wall-clock times stored as UTC, correct across the clock changes, and the calendar
files say the same moments."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.meetings import ics
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings.forms import MeetingForm
from tests.conftest import sign_in

from . import factories

UTC = datetime.UTC


def test_last_sunday_of_march_after_the_change_is_summer_time():
    # 29 March 2026: the clocks go forward at 01:00 GMT. 10:00 that morning is BST (UTC+1).
    moment = meetings_selectors.london_datetime(datetime.date(2026, 3, 29), datetime.time(10, 0))
    assert moment.astimezone(UTC) == datetime.datetime(2026, 3, 29, 9, 0, tzinfo=UTC)


def test_the_day_before_the_spring_change_is_still_gmt():
    moment = meetings_selectors.london_datetime(datetime.date(2026, 3, 28), datetime.time(10, 0))
    assert moment.astimezone(UTC) == datetime.datetime(2026, 3, 28, 10, 0, tzinfo=UTC)


def test_last_sunday_of_october_after_the_change_is_gmt():
    # 25 October 2026: the clocks go back at 02:00 BST. 10:00 that morning is GMT again.
    moment = meetings_selectors.london_datetime(datetime.date(2026, 10, 25), datetime.time(10, 0))
    assert moment.astimezone(UTC) == datetime.datetime(2026, 10, 25, 10, 0, tzinfo=UTC)


def test_an_hour_skipped_in_spring_is_refused():
    with pytest.raises(meetings_selectors.NonexistentLocalTime):
        meetings_selectors.london_datetime(datetime.date(2026, 3, 29), datetime.time(1, 30))


def test_an_hour_repeated_in_autumn_means_the_first_one():
    moment = meetings_selectors.london_datetime(datetime.date(2026, 10, 25), datetime.time(1, 30))
    assert moment.astimezone(UTC) == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def _form_data(scope, day, start="10:00", end="12:00", **extra):
    data = {
        "scope": scope,
        "title": "Spring forward",
        "purpose": "Plan",
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "start_time": start,
        "end_time": end,
        "mode": "online",
        "online_link": "https://meet.example.test/abc",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        (datetime.date(2026, 3, 29), "20260329T090000Z", "20260329T110000Z"),
        (datetime.date(2026, 10, 25), "20261025T100000Z", "20261025T120000Z"),
    ],
)
def test_a_meeting_created_on_a_clock_change_day_is_stored_and_exported_in_utc(
    client, db, officer, day, utc_start, utc_end
):
    project = factories.project()
    sign_in(client, officer)
    response = client.post("/manage/meetings/new/", _form_data(f"project:{project.pk}", day))
    assert response.status_code == 302, response.context["form"].errors
    meeting = project.meetings.get()
    assert meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") == utc_start
    assert meeting.duration_hours == 2
    body = client.get(f"/meetings/{meeting.pk}/calendar.ics").content.decode()
    assert f"DTSTART:{utc_start}\r\n" in body
    assert f"DTEND:{utc_end}\r\n" in body


def test_the_form_refuses_a_time_skipped_by_the_clock_change(client, db, officer):
    project = factories.project()
    sign_in(client, officer)
    response = client.post(
        "/manage/meetings/new/",
        _form_data(f"project:{project.pk}", datetime.date(2026, 3, 29), start="01:30", end="03:00"),
    )
    assert response.status_code == 200
    assert "does not exist" in response.context["form"].errors["start_time"][0]
    assert not project.meetings.exists()


def test_the_form_keeps_what_was_typed_and_explains_bad_times(client, db, officer):
    project = factories.project()
    sign_in(client, officer)
    response = client.post(
        "/manage/meetings/new/",
        _form_data(f"project:{project.pk}", datetime.date(2026, 5, 1), start="25:00", end="9am"),
    )
    form = response.context["form"]
    assert "24-hour clock" in form.errors["start_time"][0]
    assert 'value="9am"' in response.content.decode()


def test_end_before_start_is_refused(db):
    project = factories.project()
    form = MeetingForm(
        _form_data(f"project:{project.pk}", datetime.date(2026, 5, 1), start="14:00", end="13:00"),
        scopes={f"project:{project.pk}": project},
        creator=factories.UserFactory(roles=["officer"]),
    )
    assert not form.is_valid()
    assert "after the start time" in form.errors["end_time"][0]


# --- The iCalendar writer ---------------------------------------------------------------------------------


def one_event(**fields) -> str:
    start = datetime.datetime(2026, 6, 1, 9, tzinfo=UTC)
    values = {
        "uid": "m-1@x",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=1),
        "summary": "x",
    }
    return ics.calendar([ics.Event(**{**values, **fields})], name="Mine", now=start)


def unfolded(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_text_is_escaped():
    assert "DESCRIPTION:a\\\\b\\;c\\,d\\ne" in unfolded(one_event(description="a\\b;c,d\ne"))


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    body = one_event(summary="é" * 100)
    pieces = body.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "SUMMARY:" + "é" * 100 in unfolded(body)


@given(st.text(min_size=0, max_size=400).filter(lambda text: text.strip() and "\r" not in text))
def test_folding_then_unfolding_gives_back_the_line(text):
    body = one_event(description=text)
    assert all(len(piece.encode()) <= 75 for piece in body.split("\r\n"))
    line = next(line for line in unfolded(body) if line.startswith("DESCRIPTION:"))
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    assert line == "DESCRIPTION:" + escaped


def test_a_calendar_has_crlf_lines_and_one_event_per_meeting():
    start = datetime.datetime(2026, 6, 1, 9, tzinfo=UTC)
    event = ics.Event(
        uid="m-1@x", starts_at=start, ends_at=start + datetime.timedelta(hours=1), summary="Board, June"
    )
    body = ics.calendar([event], name="Mine", now=start)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Board\\, June\r\n" in body
