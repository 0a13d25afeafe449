"""Organisers' pages: creating and changing meetings, venue clashes, invitations, agenda, minutes, venues."""

import datetime

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings import services
from coproduce.meetings.models import Meeting, Venue
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries

from . import factories


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def _data(scope, venue=None, day=None, start="10:00", end="12:00", **extra):
    day = day or (datetime.date.today() + datetime.timedelta(days=30))
    data = {
        "scope": scope,
        "title": "Steering group",
        "purpose": "Agree the plan",
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "start_time": start,
        "end_time": end,
        "mode": "in_person",
        "venue": str(venue.pk) if venue else "",
        "capacity": "12",
    }
    data.update(extra)
    return data


def test_an_officer_creates_a_meeting_and_it_is_audited(officer_client, db, officer):
    project = factories.project()
    venue = factories.venue()
    response = officer_client.post("/manage/meetings/new/", _data(f"project:{project.pk}", venue))
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/manage/meetings/{meeting.pk}/"
    assert meeting.organiser == officer and meeting.capacity == 12 and meeting.venue == venue
    assert AuditEvent.objects.filter(verb="meetings.meeting_created", object_id=str(meeting.pk)).exists()


def test_in_person_needs_a_venue_and_online_needs_a_link(officer_client, db):
    project = factories.project()
    response = officer_client.post("/manage/meetings/new/", _data(f"project:{project.pk}"))
    assert "venue" in response.context["form"].errors
    response = officer_client.post("/manage/meetings/new/", _data(f"project:{project.pk}", mode="online"))
    assert "online_link" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_double_booking_a_venue_warns_and_needs_confirmation(officer_client, db):
    venue = factories.venue()
    day = datetime.date.today() + datetime.timedelta(days=30)
    project = factories.project()
    officer_client.post("/manage/meetings/new/", _data(f"project:{project.pk}", venue, day, "10:00", "12:00"))
    clash = officer_client.post(
        "/manage/meetings/new/", _data(f"project:{project.pk}", venue, day, "11:30", "13:00", title="Second")
    )
    assert "already booked" in clash.context["form"].errors["confirm_clash"][0]
    assert Meeting.objects.count() == 1
    # Back to back is not a clash.
    officer_client.post("/manage/meetings/new/", _data(f"project:{project.pk}", venue, day, "12:00", "13:00"))
    assert Meeting.objects.count() == 2
    confirmed = officer_client.post(
        "/manage/meetings/new/",
        _data(f"project:{project.pk}", venue, day, "11:30", "13:00", title="Second", confirm_clash="on"),
    )
    assert confirmed.status_code == 302
    overview = officer_client.get(confirmed["Location"]).content.decode()
    assert "The venue is also booked" in overview


def test_someone_may_only_create_meetings_for_what_they_organise(client, db):
    user, person = factories.member_with_profile("project_lead")
    led, other = factories.project(), factories.project()
    factories.join_team(led, person, role="staff_lead")
    sign_in(client, user)
    form = client.get("/manage/meetings/new/").context["form"]
    assert [key for key, _ in form.fields["scope"].choices if key] == [f"project:{led.pk}"]
    response = client.post(
        "/manage/meetings/new/", _data(f"project:{other.pk}", mode="online", online_link="https://x.test")
    )
    assert "scope" in response.context["form"].errors


def test_a_lead_with_nothing_to_organise_cannot_open_create(client, db):
    user, _ = factories.member_with_profile("project_lead")
    sign_in(client, user)
    assert client.get("/manage/meetings/new/").status_code == 404


def test_changing_a_meeting_audits_the_fields_changed(officer_client, db):
    meeting = factories.meeting(capacity=5)
    data = _data(f"project:{meeting.project_id}", meeting.venue)
    local = meeting.starts_at.astimezone(meetings_selectors.LONDON)
    data.update(title=meeting.title, purpose=meeting.purpose, capacity="8")
    data["date_day"], data["date_month"], data["date_year"] = (
        str(local.day),
        str(local.month),
        str(local.year),
    )
    officer_client.post(f"/manage/meetings/{meeting.pk}/edit/", data)
    event = AuditEvent.objects.filter(verb="meetings.meeting_changed").get()
    assert "capacity" in event.changed_fields
    meeting.refresh_from_db()
    assert meeting.capacity == 8


def test_another_leads_meeting_is_not_found(client, db):
    meeting = factories.meeting()
    user, person = factories.member_with_profile("project_lead")
    factories.join_team(factories.project(), person, role="staff_lead")
    sign_in(client, user)
    for path in ("", "edit/", "attendance/", "minutes/", "papers/add/", "cancel/"):
        assert client.get(f"/manage/meetings/{meeting.pk}/{path}").status_code == 404, path
    assert client.post(f"/manage/meetings/{meeting.pk}/invite/").status_code == 404


def test_agenda_minutes_and_decisions_show_on_the_meeting_page(officer_client, db):
    meeting = factories.meeting()
    officer_client.post(
        f"/manage/meetings/{meeting.pk}/agenda/add/", {"title": "Welcome", "minutes_allowed": "10"}
    )
    officer_client.post(f"/manage/meetings/{meeting.pk}/minutes/", {"minutes": "We met and agreed things."})
    officer_client.post(f"/manage/meetings/{meeting.pk}/decisions/add/", {"text": "Meet monthly"})
    page = officer_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Welcome" in page and "We met and agreed things." in page and "Meet monthly" in page
    assert "You organise this meeting" in page


def test_cancelling_tells_registered_people(officer_client, db):
    from django.core import mail

    meeting = factories.meeting()
    person = factories.person()
    factories.register(meeting, person)
    officer_client.post(f"/manage/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    assert mail.outbox[-1].subject == f"Cancelled: {meeting.title}"


def test_inviting_from_the_overview(officer_client, db):
    meeting = factories.meeting()
    factories.join_team(meeting.project, factories.person())
    officer_client.post(f"/manage/meetings/{meeting.pk}/invite/")
    assert meeting.registrations.count() == 1


def test_venues_are_added_and_changed_by_officers(officer_client, db):
    response = officer_client.post(
        "/manage/meetings/venues/new/",
        {"name": "County Hall", "address": "Market Square", "hearing_loop": "on", "active": "on"},
    )
    assert response.status_code == 302
    venue = Venue.objects.get()
    assert venue.hearing_loop and not venue.step_free
    assert AuditEvent.objects.filter(verb="meetings.venue_created").exists()


def test_the_meetings_list_has_a_constant_query_count(officer_client, db):
    for _ in range(3):
        factories.meeting()
    assert_page_queries(officer_client, "/manage/meetings/", "meetings_manage:list")
    for _ in range(3):
        factories.meeting(body=factories.board())
    assert_page_queries(officer_client, "/manage/meetings/", "meetings_manage:list")


def test_the_tracker_has_a_constant_query_count(officer_client, db, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = factories.meeting()
    services.add_action(meeting, actor=officer, description="One", owner=factories.person())
    url = f"/meetings/project/{meeting.project_id}/actions/"
    with CaptureQueriesContext(connection) as first:
        officer_client.get(url)
    for n in range(4):
        services.add_action(meeting, actor=officer, description=f"More {n}", owner=factories.person())
    assert_page_queries(officer_client, url, len(first.captured_queries))


def test_moving_a_meeting_tells_everyone_coming_but_a_new_title_does_not(officer_client, db):
    from django.core import mail

    meeting = factories.meeting(capacity=1)
    coming, waiting, declined = (factories.person() for _ in range(3))
    factories.register(meeting, coming)
    factories.register(meeting, waiting)
    services.withdraw(meeting, declined, actor=None)
    local = meeting.starts_at.astimezone(meetings_selectors.LONDON)
    data = _data(f"project:{meeting.project_id}", meeting.venue, day=local.date(), capacity="1")
    data.update(
        title=meeting.title,
        purpose=meeting.purpose,
        start_time=local.strftime("%H:%M"),
        end_time=meeting.ends_at.astimezone(meetings_selectors.LONDON).strftime("%H:%M"),
    )
    mail.outbox.clear()
    officer_client.post(f"/manage/meetings/{meeting.pk}/edit/", {**data, "title": "Renamed"})
    assert mail.outbox == []

    new_start = "07:00" if local.hour != 7 else "09:00"
    moved = {**data, "title": "Renamed", "start_time": new_start, "end_time": new_start.replace(":00", ":30")}
    officer_client.post(f"/manage/meetings/{meeting.pk}/edit/", moved)
    changed = [m for m in mail.outbox if m.subject == "Changed: Renamed"]
    assert sorted(m.to[0] for m in changed) == sorted([coming.email, waiting.email])
    assert new_start in changed[0].body and meeting.venue.name in changed[0].body


@pytest.mark.parametrize(
    "starts",
    [
        datetime.datetime(2031, 7, 3, 18, 30),  # summer time
        datetime.datetime(2031, 1, 9, 9, 5),  # winter, single-digit day and minutes
        datetime.datetime(2031, 3, 30, 0, 30),  # the night the clocks go forward
        datetime.datetime(2031, 10, 26, 23, 45),  # the night they go back
    ],
)
def test_a_meetings_time_is_written_as_its_include_wrote_it(starts):
    """meeting_when writes meetings/member/_when.html in Python for the lists; both must say the same, in UK
    time, however many meetings share a day."""
    from django.template import engines
    from django.utils import timezone

    starts_at = timezone.make_aware(starts)
    meeting = Meeting(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
    old = (
        engines["django"]
        .from_string('{% include "meetings/member/_when.html" %}')
        .render({"meeting": meeting})
    )
    days: dict = {}
    for _ in range(2):  # the second from the day's words kept by the first
        assert meetings_selectors.meeting_when(meeting.starts_at, meeting.ends_at, days=days) == old
