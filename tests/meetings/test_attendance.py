"""Attendance: default hours from the meeting's times, late corrections audited, the hook payments uses."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings import services
from coproduce.meetings.models import Attendance
from coproduce.meetings.signals import attendance_recorded
from tests.conftest import sign_in

from . import factories

PAST = -datetime.timedelta(days=1)


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    attendance_recorded.connect(receiver)
    yield calls
    attendance_recorded.disconnect(receiver)


def test_hours_default_to_the_meeting_length_for_people_present(db, officer, heard):
    meeting = factories.meeting(starts_in=PAST, hours=2.5)
    person = factories.person()
    row = services.record_attendance(meeting, person, status="present", actor=officer)
    assert row.hours == Decimal("2.50")
    assert row.recorded_by == officer
    assert heard[0]["attendance"] == row and heard[0]["previous_status"] is None
    person.refresh_from_db()
    assert person.last_involved_at == meeting.starts_at.astimezone(meetings_selectors.LONDON).date()


def test_apologies_and_absence_carry_no_hours(db, officer):
    meeting = factories.meeting(starts_in=PAST)
    assert (
        services.record_attendance(meeting, factories.person(), status="apologies", actor=officer).hours == 0
    )
    with pytest.raises(services.MeetingError):
        services.record_attendance(
            meeting, factories.person(), status="absent", hours=Decimal("1"), actor=officer
        )


def test_recording_the_same_again_changes_nothing_and_fires_nothing(db, officer, heard):
    meeting = factories.meeting(starts_in=PAST)
    person = factories.person()
    services.record_attendance(meeting, person, status="present", actor=officer)
    services.record_attendance(meeting, person, status="present", actor=officer)
    assert len(heard) == 1
    assert AuditEvent.objects.filter(verb__startswith="meetings.attendance").count() == 1


def test_a_correction_within_the_window_is_audited_as_a_correction(db, officer, heard):
    meeting = factories.meeting(starts_in=PAST)
    person = factories.person()
    services.record_attendance(meeting, person, status="present", actor=officer)
    row = services.record_attendance(meeting, person, status="present", hours=Decimal("1.5"), actor=officer)
    assert row.late_corrected_at is None
    event = AuditEvent.objects.filter(verb="meetings.attendance_corrected").get()
    assert event.changed_fields == ["hours"]
    assert heard[-1]["previous_hours"] == Decimal("2.00")


@override_settings(
    COPRODUCE={**__import__("django.conf").conf.settings.COPRODUCE, "ATTENDANCE_CORRECTION_DAYS": 7}
)
def test_a_late_correction_is_marked_and_audited_as_late(db, officer):
    meeting = factories.meeting(starts_in=-datetime.timedelta(days=10))
    person = factories.person()
    services.record_attendance(meeting, person, status="absent", actor=officer)
    row = services.record_attendance(meeting, person, status="present", actor=officer)
    assert row.late_corrected_at is not None
    assert row.first_recorded_at < row.late_corrected_at
    event = AuditEvent.objects.get(verb="meetings.attendance_corrected_late")
    assert sorted(event.changed_fields) == ["hours", "status"]
    assert event.object_id == str(row.pk)


def test_the_attendance_form_defaults_hours_and_checks_them(client, db, officer):
    meeting = factories.meeting(starts_in=PAST, hours=3)
    coming, late_comer, no_show = (factories.person(full_name=n) for n in ("Ann", "Bo", "Cy"))
    for person in (coming, late_comer, no_show):
        factories.registered(meeting, person)
    sign_in(client, officer)
    page = client.get(f"/manage/meetings/{meeting.pk}/attendance/")
    assert 'value="3.00"' in page.content.decode()

    bad = client.post(
        f"/manage/meetings/{meeting.pk}/attendance/",
        {
            f"status_{late_comer.pk}": "present",
            f"hours_{late_comer.pk}": "lots",
            f"status_{coming.pk}": "present",
        },
    )
    assert bad.status_code == 200
    assert "must be a number" in bad.context["form"].errors[f"hours_{late_comer.pk}"][0]
    assert not Attendance.objects.exists(), "nothing half-saved"

    client.post(
        f"/manage/meetings/{meeting.pk}/attendance/",
        {
            f"status_{coming.pk}": "present",
            f"hours_{coming.pk}": "",
            f"status_{late_comer.pk}": "present",
            f"hours_{late_comer.pk}": "1.75",
            f"status_{no_show.pk}": "absent",
        },
    )
    hours = dict(Attendance.objects.values_list("person__full_name", "hours"))
    assert hours == {"Ann": Decimal("3.00"), "Bo": Decimal("1.75"), "Cy": Decimal("0.00")}


@pytest.mark.parametrize("value", ["-1", "25", "1.234", "NaN", "Infinity", "1e400"])
def test_impossible_hours_are_refused(client, db, officer, value):
    meeting = factories.meeting(starts_in=PAST)
    person = factories.person()
    factories.registered(meeting, person)
    sign_in(client, officer)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/attendance/",
        {f"status_{person.pk}": "present", f"hours_{person.pk}": value},
    )
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_attendance_waits_until_the_meeting_has_started(client, db, officer):
    meeting = factories.meeting()
    sign_in(client, officer)
    assert client.get(f"/manage/meetings/{meeting.pk}/attendance/").status_code == 302


def test_a_duration_across_the_autumn_clock_change_counts_real_hours(db):
    # 00:30 to 02:30 on 25 October 2026 (clocks go back at 02:00 BST): three hours pass.
    start = meetings_selectors.london_datetime(datetime.date(2026, 10, 25), datetime.time(0, 30))
    end = meetings_selectors.london_datetime(datetime.date(2026, 10, 25), datetime.time(2, 30))
    meeting = factories.meeting(starts_in=datetime.timedelta(0))
    meeting.starts_at, meeting.ends_at = start, end
    assert meeting.duration_hours == Decimal("3.00")
    assert timezone.is_aware(meeting.starts_at)


def test_a_cancelled_meeting_takes_no_attendance_so_nobody_is_paid_for_it(client, db, officer, heard):
    meeting = factories.meeting(starts_in=PAST)
    person = factories.person()
    factories.registered(meeting, person)
    services.cancel_meeting(meeting, actor=officer)
    with pytest.raises(services.MeetingError, match="cancelled"):
        services.record_attendance(meeting, person, status="present", actor=officer)

    sign_in(client, officer)
    page = client.get(f"/manage/meetings/{meeting.pk}/attendance/", follow=True)
    assert "cancelled, so there is no attendance to record" in page.content.decode()
    client.post(f"/manage/meetings/{meeting.pk}/attendance/", {f"status_{person.pk}": "present"})
    assert not Attendance.objects.exists() and heard == []


def test_a_meeting_with_attendance_recorded_cannot_be_cancelled(client, db, officer):
    meeting = factories.meeting(starts_in=PAST)
    person = factories.person()
    factories.registered(meeting, person)
    services.record_attendance(meeting, person, status="present", actor=officer)
    sign_in(client, officer)
    page = client.post(f"/manage/meetings/{meeting.pk}/cancel/", follow=True)
    assert "it took place and cannot be cancelled" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    assert not AuditEvent.objects.filter(verb="meetings.meeting_cancelled").exists()
