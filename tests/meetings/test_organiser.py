"""Choosing who organises a meeting: only people allowed to organise its project or group, audited, and the
new organiser is told (and, through the payments rules, confirms the meeting's claims)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors, services
from coproduce.meetings.models import Meeting
from coproduce.payments.rules import CLAIM_REVIEW, organises_claim_meeting
from tests.conftest import sign_in

from . import factories


def _data(meeting_or_scope, venue, **extra):
    day = datetime.date.today() + datetime.timedelta(days=30)
    data = {
        "scope": meeting_or_scope,
        "title": "Steering group",
        "purpose": "Agree the plan",
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "start_time": "10:00",
        "end_time": "12:00",
        "mode": "in_person",
        "venue": str(venue.pk),
    }
    data.update(extra)
    return data


def _as_posted(initial) -> dict:
    """The edit form's starting values as the browser would send them back."""
    data = {name: "" if value is None else str(value) for name, value in initial.items()}
    day = initial["date"]
    data.update(date_day=str(day.day), date_month=str(day.month), date_year=str(day.year))
    data.update({name: f"{initial[name]:%H:%M}" for name in ("start_time", "end_time")})
    return data


def _lead_of(project, role="staff_lead"):
    user, person = factories.member_with_profile("project_lead")
    factories.join_team(project, person, role=role)
    return user


@pytest.fixture
def setting(db):
    project = factories.project()
    return project, factories.venue(), _lead_of(project), _lead_of(factories.project())


def test_the_organiser_defaults_to_whoever_creates_the_meeting(client, officer, setting):
    project, venue, lead, _ = setting
    sign_in(client, officer)
    form = client.get("/manage/meetings/new/").context["form"]
    assert form["organiser"].value() == str(officer.pk)
    choices = dict(form.fields["organiser"].choices)
    assert str(lead.pk) in choices and str(officer.pk) in choices


def test_an_officer_hands_a_new_meeting_to_the_projects_lead_who_is_told(client, officer, setting):
    project, venue, lead, _ = setting
    sign_in(client, officer)
    response = client.post(
        "/manage/meetings/new/", _data(f"project:{project.pk}", venue, organiser=str(lead.pk))
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.organiser == lead and meeting.created_by == officer
    assert mail.outbox[-1].to == [lead.email]
    assert mail.outbox[-1].subject == "You are organising: Steering group"
    # The payments rules follow the meeting's organiser: the lead now confirms its claims.
    claim = SimpleNamespace(meeting=meeting)
    assert organises_claim_meeting(lead, claim) and CLAIM_REVIEW.allows(lead)
    assert not organises_claim_meeting(officer, claim)


def test_someone_who_may_not_organise_that_project_is_refused(client, officer, setting):
    project, venue, _, other_lead = setting
    facilitator_without_role, person = factories.member_with_profile()
    factories.join_team(project, person, role="facilitator")
    sign_in(client, officer)
    for who in (other_lead, facilitator_without_role):
        response = client.post(
            "/manage/meetings/new/", _data(f"project:{project.pk}", venue, organiser=str(who.pk))
        )
        assert response.status_code == 200
        assert "may organise meetings of" in response.context["form"].errors["organiser"][0]
    response = client.post("/manage/meetings/new/", _data(f"project:{project.pk}", venue, organiser="x"))
    assert "organiser" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_changing_the_organiser_is_audited_and_emails_the_new_one(client, officer, setting):
    project, venue, lead, _ = setting
    facilitator = _lead_of(project, role="facilitator")
    meeting = factories.meeting(project_=project, organiser=lead, venue=venue)
    sign_in(client, lead)
    form = client.get(f"/manage/meetings/{meeting.pk}/edit/").context["form"]
    data = {**_as_posted(form.initial), "organiser": str(facilitator.pk)}
    mail.outbox.clear()
    response = client.post(f"/manage/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.organiser == facilitator
    event = AuditEvent.objects.filter(verb="meetings.meeting_changed").latest("id")
    assert event.changed_fields == ["organiser"], event.changed_fields
    assert event.actor == lead
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    # The old organiser leads the project, so still organises its meetings; someone else's lead does not.
    assert client.get(f"/manage/meetings/{meeting.pk}/").status_code == 200


def test_a_former_organiser_stays_listed_but_cannot_be_given_a_new_project(client, officer, setting):
    project, venue, lead, other_lead = setting
    meeting = factories.meeting(project_=project, organiser=other_lead, venue=venue)
    sign_in(client, officer)
    form = client.get(f"/manage/meetings/{meeting.pk}/edit/").context["form"]
    assert form["organiser"].value() == str(other_lead.pk)
    assert str(other_lead.pk) in dict(form.fields["organiser"].choices)


def test_the_service_changes_the_organiser_for_the_api(db, officer, setting):
    project, venue, lead, _ = setting
    meeting = factories.meeting(project_=project, organiser=officer, venue=venue)
    services.change_organiser(meeting, lead, actor=officer)
    meeting.refresh_from_db()
    assert meeting.organiser == lead
    assert mail.outbox[-1].to == [lead.email]


def test_board_meetings_are_organised_by_officers_and_co_chairs_only(db, officer):
    board = factories.board()
    cochair_user, cochair = factories.member_with_profile("board_member")
    factories.join_body(board, cochair, role="co_chair")
    member_user, member = factories.member_with_profile("board_member")
    factories.join_body(board, member)
    candidates = set(selectors.organiser_candidates(bodies=[board]))
    assert cochair_user in candidates and officer in candidates
    assert member_user not in candidates
    training = factories.Body.objects.get(slug="training")
    assert cochair_user not in set(selectors.organiser_candidates(bodies=[training]))
