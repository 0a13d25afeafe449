"""Decisions are numbered per project or body and searchable; actions are tracked; owners update theirs."""

import datetime

from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.meetings import selectors as meetings_selectors
from coproduce.meetings import services
from coproduce.meetings.models import Action
from tests.conftest import sign_in

from . import factories


def test_decisions_are_numbered_per_body_and_year(db, officer):
    board = factories.board()
    first = factories.meeting(body=board)
    second = factories.meeting(body=board)
    project_meeting = factories.meeting()
    year = first.starts_at.astimezone(meetings_selectors.LONDON).year
    refs = [
        services.add_decision(first, "Adopt the concordat", actor=officer).reference,
        services.add_decision(second, "Pay people within 10 days", actor=officer).reference,
        services.add_decision(project_meeting, "Open on Saturdays", actor=officer).reference,
    ]
    assert refs == [f"BOARD-{year}-001", f"BOARD-{year}-002", f"P{project_meeting.project_id}-{year}-001"]


def test_decisions_are_searchable_by_words_in_any_case_and_by_reference(client, db, officer):
    board = factories.board()
    meeting = factories.meeting(body=board)
    services.add_decision(meeting, "Adopt the CONCORDAT for 2026", actor=officer)
    services.add_decision(meeting, "Pay people within ten days", actor=officer)
    user, person = factories.member_with_profile()
    factories.join_body(board, person)
    sign_in(client, user)
    found = client.get("/meetings/groups/board/decisions/", {"q": "concordat adopt"})
    assert [d.text for d in found.context["page"]] == ["Adopt the CONCORDAT for 2026"]
    by_ref = client.get("/meetings/groups/board/decisions/", {"q": "-002"})
    assert [d.number for d in by_ref.context["page"]] == [2]
    assert (
        client.get("/meetings/groups/board/decisions/", {"q": "nothing"}).context["page"].paginator.count == 0
    )


def test_a_decision_log_is_hidden_from_people_outside_the_body(client, db):
    user, _ = factories.member_with_profile()
    sign_in(client, user)
    assert client.get("/meetings/groups/board/decisions/").status_code == 404
    assert client.get("/meetings/groups/board/actions/").status_code == 404


def _actions(officer):
    meeting = factories.meeting(starts_in=-datetime.timedelta(days=3))
    owner_user, owner = factories.member_with_profile()
    other_user, other = factories.member_with_profile()
    for person in (owner, other):
        factories.join_team(meeting.project, person)
    today = timezone.localdate()
    mine = services.add_action(
        meeting,
        actor=officer,
        description="Draft the leaflet",
        owner=owner,
        due_date=today - datetime.timedelta(days=1),
    )
    theirs = services.add_action(
        meeting,
        actor=officer,
        description="Book the hall",
        owner=other,
        due_date=today + datetime.timedelta(days=5),
    )
    return meeting, (owner_user, mine), (other_user, theirs)


def test_an_owner_may_update_their_own_action_but_not_anyone_elses(client, db, officer):
    _, (owner_user, mine), (_, theirs) = _actions(officer)
    sign_in(client, owner_user)
    response = client.post(f"/meetings/actions/{mine.pk}/", {"status": "done", "notes": "Sent to print"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "done" and mine.notes == "Sent to print" and mine.completed_at
    assert AuditEvent.objects.get(verb="meetings.action_updated").changed_fields == ["notes", "status"]

    assert client.get(f"/meetings/actions/{theirs.pk}/").status_code == 404
    assert client.post(f"/meetings/actions/{theirs.pk}/", {"status": "done"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_an_action_update_with_a_bad_status_keeps_the_notes_typed(client, db, officer):
    _, (owner_user, mine), _ = _actions(officer)
    sign_in(client, owner_user)
    response = client.post(f"/meetings/actions/{mine.pk}/", {"status": "finished", "notes": "Half way"})
    assert response.status_code == 200
    assert "Half way" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "open"


def test_the_tracker_shows_open_overdue_and_done_and_filters_by_owner(client, db, officer):
    meeting, (owner_user, mine), (_, theirs) = _actions(officer)
    sign_in(client, owner_user)
    url = f"/meetings/project/{meeting.project_id}/actions/"
    assert {a.pk for a in client.get(url).context["page"]} == {mine.pk, theirs.pk}
    overdue = client.get(url, {"show": "overdue"})
    assert [a.pk for a in overdue.context["page"]] == [mine.pk]
    assert "Overdue" in overdue.content.decode()
    assert [a.pk for a in client.get(url, {"owner": str(theirs.owner_id)}).context["page"]] == [theirs.pk]
    services.update_action(mine, actor=officer, status="done")
    assert [a.pk for a in client.get(url, {"show": "done"}).context["page"]] == [mine.pk]
    # A hand-edited filter is ignored, not an error.
    assert client.get(url, {"owner": "99999999999999999999", "show": "x"}).status_code == 200


def test_adding_an_action_tells_its_owner(client, db, officer):
    from django.core import mail

    meeting = factories.meeting()
    _, owner = factories.member_with_profile()
    factories.join_team(meeting.project, owner)
    sign_in(client, officer)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/actions/add/",
        {
            "description": "Write up",
            "owner": str(owner.pk),
            "due_date_day": "",
            "due_date_month": "",
            "due_date_year": "",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().owner == owner
    assert mail.outbox[-1].to == [owner.email]


def test_an_action_cannot_go_to_someone_outside_the_meeting(client, db, officer):
    meeting = factories.meeting()
    stranger = factories.person()
    sign_in(client, officer)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/actions/add/", {"description": "X", "owner": str(stranger.pk)}
    )
    assert response.status_code == 200 and "owner" in response.context["form"].errors
