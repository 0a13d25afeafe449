"""The API's organiser writes follow the pages' rules: the organiser change, agenda and paper edits, action
edits (organisers) beside status updates (owners), and officers' replies on someone's behalf."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.audit.models import AuditEvent
from coproduce.meetings import services
from coproduce.meetings.models import Paper, Registration
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)

from . import factories

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def as_user(api_client, token_for):  # noqa: F811
    def authorise(user):
        _token, secret = token_for(user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return api_client

    return authorise


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _lead(project, role="staff_lead"):
    user, person = factories.member_with_profile("project_lead")
    factories.join_team(project, person, role=role)
    return user


def test_the_organiser_is_changed_to_someone_allowed_only(as_user, db, officer):
    meeting = factories.meeting(organiser=officer)
    lead = _lead(meeting.project)
    stranger = _lead(factories.project())
    client = as_user(officer)
    url = f"/api/meetings/{meeting.pk}/organiser/"
    refused = client.post(url, {"organiser": stranger.pk}, format="json")
    assert refused.status_code == 400 and "organiser" in refused.json()
    assert client.post(url, {"organiser": "me"}, format="json").status_code == 400
    changed = client.post(url, {"organiser": lead.pk}, format="json")
    assert changed.status_code == 200
    meeting.refresh_from_db()
    assert meeting.organiser == lead and mail.outbox[-1].to == [lead.email]
    assert AuditEvent.objects.filter(verb="meetings.meeting_changed", changed_fields=["organiser"]).exists()
    # The stranger leads another project: the meeting is not theirs to hand on.
    assert as_user(stranger).post(url, {"organiser": stranger.pk}, format="json").status_code == 404


def test_agenda_items_are_edited_moved_and_removed(as_user, db, officer):
    meeting = factories.meeting(organiser=officer)
    one, two = (services.add_agenda_item(meeting, actor=officer, title=t) for t in ("One", "Two"))
    client = as_user(officer)
    assert client.patch(f"/api/agenda-items/{one.pk}/", {"title": "First"}, format="json").status_code == 200
    moved = client.post(f"/api/agenda-items/{two.pk}/move/", {"direction": "up"}, format="json")
    assert [row["title"] for row in moved.json()] == ["Two", "First"]
    again = client.post(f"/api/agenda-items/{two.pk}/move/", {"direction": "up"}, format="json")
    assert again.status_code == 400
    assert (
        client.post(f"/api/agenda-items/{two.pk}/move/", {"direction": "x"}, format="json").status_code == 400
    )
    assert client.delete(f"/api/agenda-items/{one.pk}/").status_code == 204
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Two"]
    assert {
        "meetings.agenda_item_changed",
        "meetings.agenda_item_moved",
        "meetings.agenda_item_deleted",
    } <= set(AuditEvent.objects.values_list("verb", flat=True))
    other = _lead(factories.project())
    assert as_user(other).delete(f"/api/agenda-items/{two.pk}/").status_code == 404
    member, _ = factories.member_with_profile()
    assert as_user(member).get(f"/api/agenda-items/{two.pk}/").status_code == 403


def test_papers_are_edited_replaced_with_checks_and_deleted(as_user, db, officer, media):
    meeting = factories.meeting(organiser=officer)
    paper = services.add_paper(
        meeting,
        uploaded=SimpleUploadedFile("a.pdf", PDF),
        content_type="application/pdf",
        actor=officer,
        title="Pack",
    )
    old = paper.file.name
    client = as_user(officer)
    url = f"/api/papers/{paper.pk}/"
    assert client.patch(url, {"description": "Page 2 first"}, format="json").json()["description"] == (
        "Page 2 first"
    )
    bad = client.patch(url, {"file": SimpleUploadedFile("x.pdf", b"<html>")}, format="multipart")
    assert bad.status_code == 400 and "not a real PDF" in bad.json()["file"][0]
    good = client.patch(url, {"file": SimpleUploadedFile("b.txt", b"plain words")}, format="multipart")
    assert good.status_code == 200 and good.json()["original_name"] == "b.txt"
    assert not (media / old).exists()
    paper.refresh_from_db()
    assert client.delete(url).status_code == 204
    assert not Paper.objects.exists() and not (media / paper.file.name).exists()


def test_organisers_edit_actions_and_owners_only_their_status(as_user, db, officer):
    meeting = factories.meeting(organiser=officer)
    owner_user, owner = factories.member_with_profile()
    _, other = factories.member_with_profile()
    outsider = factories.person()
    for person in (owner, other):
        factories.join_team(meeting.project, person)
    action = services.add_action(meeting, actor=officer, description="Book the hall", owner=owner)
    url = f"/api/actions/{action.pk}/"
    owner_client = as_user(owner_user)
    assert owner_client.patch(url, {"description": "Mine now"}, format="json").status_code == 403
    assert owner_client.patch(url, {"status": "in_progress"}, format="json").status_code == 200
    client = as_user(officer)
    assert client.patch(url, {"owner": outsider.pk}, format="json").status_code == 400
    response = client.patch(
        url, {"owner": other.pk, "due_date": "2030-01-31", "description": "Book it"}, format="json"
    )
    assert response.status_code == 200, response.json()
    action.refresh_from_db()
    assert (action.owner, str(action.due_date), action.description) == (other, "2030-01-31", "Book it")
    assert action.status == "in_progress"
    assert mail.outbox[-1].to == [other.email]


def test_officers_reply_on_behalf_with_profile_adjustments(as_user, db, officer):
    meeting = factories.meeting(capacity=5)
    caller = factories.person(access_needs=["step_free"], formats=["easy_read"])
    factories.join_team(meeting.project, caller)
    url = f"/api/meetings/{meeting.pk}/registrations/on-behalf/"
    client = as_user(officer)
    assert (
        client.post(url, {"person": factories.person().pk, "attending": True}, format="json").status_code
        == 400
    )
    response = client.post(url, {"person": caller.pk, "attending": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["access_needs"] == ["step_free"] and response.json()["formats"] == ["easy_read"]
    registration = Registration.objects.get(person=caller)
    assert registration.status == "registered" and registration.on_behalf_by == officer
    lead = _lead(meeting.project)
    assert (
        as_user(lead).post(url, {"person": caller.pk, "attending": False}, format="json").status_code == 403
    )
