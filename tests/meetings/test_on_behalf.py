"""Officers reply for people who phone or write in: adjustments start from the profile, the reply is marked as
taken on their behalf (and by whom), and the usual capacity and waiting list rules apply."""

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.meetings.models import Registration
from coproduce.meetings.personal_data import download as download_meetings
from tests.conftest import sign_in

from . import factories


@pytest.fixture
def setting(client, officer):
    meeting = factories.meeting(capacity=1)
    caller = factories.person(
        full_name="Glenys Phone", access_needs=["hearing_loop"], formats=["large_print"]
    )
    factories.join_team(meeting.project, caller)
    sign_in(client, officer)
    return client, meeting, caller


def test_an_officer_chooses_the_person_and_sees_their_profile_needs(setting):
    client, meeting, caller = setting
    outsider = factories.person(full_name="Not On Team")
    page = client.get(f"/manage/meetings/{meeting.pk}/on-behalf/")
    assert [person for person, _ in page.context["rows"]] == [caller]
    assert "Not invited" in page.content.decode()
    form = client.get(f"/manage/meetings/{meeting.pk}/on-behalf/?person={caller.pk}").context["form"]
    assert form["access_needs"].value() == ["hearing_loop"]
    assert form["formats"].value() == ["large_print"]
    # Someone outside the team, a made-up id or nonsense just shows the list again.
    for value in (outsider.pk, 99999, "abc", "9" * 30):
        response = client.get(f"/manage/meetings/{meeting.pk}/on-behalf/?person={value}")
        assert response.status_code == 200 and "rows" in response.context


def test_the_reply_is_recorded_as_on_behalf_with_the_adjustments(setting, officer):
    client, meeting, caller = setting
    response = client.post(
        f"/manage/meetings/{meeting.pk}/on-behalf/?person={caller.pk}",
        {
            "person": str(caller.pk),
            "attending": "yes",
            "access_needs": ["hearing_loop", "step_free"],
            "formats": ["large_print"],
            "companion_name": "Dai",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, person=caller)
    assert registration.status == "registered" and registration.on_behalf_by == officer
    assert registration.access_needs == ["hearing_loop", "step_free"]
    event = AuditEvent.objects.get(verb="meetings.registered")
    assert event.actor == officer and "on_behalf_by" in event.changed_fields
    overview = client.get(f"/manage/meetings/{meeting.pk}/").content.decode()
    assert f"Reply taken by {officer.full_name} on their behalf" in overview
    (row,) = download_meetings(caller)["meeting_registrations"]
    assert row["reply_taken_by"] == officer.full_name


def test_a_full_meeting_puts_them_on_the_waiting_list_and_a_no_frees_the_place(setting, officer):
    client, meeting, caller = setting
    first = factories.person()
    factories.register(meeting, first)
    url = f"/manage/meetings/{meeting.pk}/on-behalf/?person={caller.pk}"
    client.post(url, {"attending": "yes"})
    assert Registration.objects.get(person=caller).status == "waiting"
    factories.join_team(meeting.project, first)
    client.post(f"/manage/meetings/{meeting.pk}/on-behalf/?person={first.pk}", {"attending": "no"})
    first_reply = Registration.objects.get(person=first)
    assert first_reply.status == "cancelled" and first_reply.on_behalf_by == officer
    assert Registration.objects.get(person=caller).status == "registered", "promoted from the waiting list"


def test_a_missing_answer_is_a_message_and_nothing_is_saved(setting):
    client, meeting, caller = setting
    response = client.post(
        f"/manage/meetings/{meeting.pk}/on-behalf/?person={caller.pk}", {"other_language": "Welsh"}
    )
    assert response.status_code == 200 and "attending" in response.context["form"].errors
    assert "Welsh" in response.content.decode()
    assert not Registration.objects.exists()


def test_replying_for_themselves_clears_the_on_behalf_mark(setting, officer, client):
    _, meeting, caller = setting
    client.post(f"/manage/meetings/{meeting.pk}/on-behalf/?person={caller.pk}", {"attending": "yes"})
    user = factories.UserFactory(roles=["member"])
    caller.user = user
    caller.save()
    sign_in(client, user)
    client.post(f"/meetings/{meeting.pk}/reply/", {"attending": "yes"})
    assert Registration.objects.get(person=caller).on_behalf_by is None


def test_only_officers_reply_on_behalf(client, db):
    meeting = factories.meeting()
    lead, person = factories.member_with_profile("project_lead")
    factories.join_team(meeting.project, person, role="staff_lead")
    sign_in(client, lead)
    assert client.get(f"/manage/meetings/{meeting.pk}/on-behalf/").status_code == 403
    assert "on-behalf" not in client.get(f"/manage/meetings/{meeting.pk}/").content.decode()
