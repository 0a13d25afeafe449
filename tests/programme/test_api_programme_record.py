"""The programme record, its team, shifts, sponsors and commitments, the terms of reference and the forward
plan through the API: the page services' refusals by field (nothing saved), the pages' policies."""

import datetime

from coproduce.audit.models import AuditEvent
from coproduce.programme.models import (
    Commitment,
    PlanItem,
    Programme,
    ShiftNote,
    Sponsor,
    TeamMember,
    TermsOfReference,
)

from . import factories as f

DAY = datetime.timedelta(days=1)


def test_the_record_is_read_by_the_board_and_changed_by_officers(
    as_user, api_client, db, officer, board_cochair, member
):
    assert api_client.get("/api/programme/record/").status_code in (401, 403)
    assert as_user(officer).get("/api/programme/record/").status_code == 404
    record = f.programme()
    assert as_user(board_cochair).get("/api/programme/record/").json()["cost_centre_list"] == [
        "COP01",
        "COP02",
    ]
    assert (
        as_user(board_cochair).patch("/api/programme/record/", {"name": "X"}, format="json").status_code
        == 403
    )
    assert as_user(member).get("/api/programme/record/").status_code == 403
    client = as_user(officer)
    refused = client.patch("/api/programme/record/", {"name": "New name", "budget": "-1"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["budget"]
    again = client.post(
        "/api/programme/record/", {"name": "Another", "started_on": "2025-01-01"}, format="json"
    )
    assert again.status_code == 409 and Programme.objects.count() == 1
    changed = client.patch("/api/programme/record/", {"name": "Wyvernshire together"}, format="json")
    assert changed.status_code == 200 and changed.json()["name"] == "Wyvernshire together"
    record.refresh_from_db()
    assert record.name == "Wyvernshire together"
    assert AuditEvent.objects.filter(verb="programme.updated", actor=officer).count() == 1


def test_officers_add_people_to_the_team_by_email(as_user, db, officer, board_cochair):
    f.programme()
    who = f.person(email="tomos@example.test")
    client = as_user(officer)
    unknown = client.post(
        "/api/programme/team/", {"email": "nobody@example.test", "role": "Lead"}, format="json"
    )
    assert unknown.status_code == 400 and "email" in unknown.json()
    data = {"email": who.email, "role": "Co-production lead"}
    assert client.post("/api/programme/team/", data, format="json").status_code == 201
    twice = client.post("/api/programme/team/", data, format="json")
    assert twice.status_code == 400 and twice.json() == {
        "person": f"{who.full_name} is already on the co-production team"
    }
    assert TeamMember.objects.count() == 1
    assert (
        as_user(board_cochair).get("/api/programme/team/").json()["results"][0]["role"]
        == "Co-production lead"
    )
    assert as_user(board_cochair).post("/api/programme/team/", data, format="json").status_code == 403
    assert AuditEvent.objects.filter(verb="access.denied", actor=board_cochair).count() == 1


def test_a_shift_gets_an_owner_a_status_and_dated_notes(
    as_user, db, officer, board_cochair, member, django_assert_max_num_queries
):
    f.programme()
    owner = f.person(email="owner@example.test")
    client = as_user(officer)
    with django_assert_max_num_queries(12):
        shifts = client.get("/api/programme/shifts/").json()
    assert [s["shift"] for s in shifts][:2] == ["senior_commitment", "training"]
    url = f"/api/programme/shifts/{shifts[0]['id']}/"
    bad = client.put(url, {"owner_email": owner.email, "status": "finished"}, format="json")
    assert bad.status_code == 400 and list(bad.json()) == ["status"]
    changed = client.put(url, {"owner_email": owner.email, "status": "in_progress"}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["owner"], changed.json()["status"]) == (owner.full_name, "in_progress")
    future = client.post(f"{url}notes/", {"noted_on": str(f.today() + DAY), "text": "Soon"}, format="json")
    assert future.status_code == 400
    assert future.json() == {"noted_on": "The date of the note must be today or in the past"}
    assert not ShiftNote.objects.exists()
    noted = client.post(f"{url}notes/", {"noted_on": str(f.today()), "text": "Sponsor named"}, format="json")
    assert noted.status_code == 201 and client.get(url).json()["notes"][0]["text"] == "Sponsor named"
    assert as_user(board_cochair).put(url, {"status": "embedded"}, format="json").status_code == 403
    assert as_user(member).get(url).status_code == 403
    assert as_user(officer).get("/api/programme/shifts/999999/").status_code == 404


def test_senior_sponsors_are_added_and_ended_on_a_date_after_they_started(
    as_user, db, officer, board_cochair
):
    f.programme()
    client = as_user(officer)
    data = {"name": "Dr Asha Patel", "job_title": "Chief Executive", "organisation": "Wyvernshire Council"}
    data.update(since="2025-04-01", until="2025-03-01")
    refused = client.post("/api/programme/sponsors/", data, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"until": "The end of the sponsorship must be on or after its start"}
    assert not Sponsor.objects.exists()
    data["until"] = None
    created = client.post("/api/programme/sponsors/", data, format="json")
    assert created.status_code == 201 and created.json()["until"] is None
    url = f"/api/programme/sponsors/{created.json()['id']}/end/"
    assert client.post(url, {"until": "2025-01-01"}, format="json").status_code == 400
    assert Sponsor.objects.get().until is None
    assert as_user(board_cochair).post(url, {"until": "2026-01-01"}, format="json").status_code == 403
    ended = as_user(officer).post(url, {"until": "2026-01-01"}, format="json")
    assert ended.status_code == 200 and ended.json()["until"] == "2026-01-01"


def test_a_commitment_is_reviewed_after_it_was_made(as_user, db, officer, member):
    f.programme()
    client = as_user(officer)
    data = {"text": "Co-produce every new service", "source": "Corporate plan 2025 to 2029, priority 3"}
    data.update(made_on="2025-05-01", made_by="Full council", review_on="2025-04-01")
    refused = client.post("/api/programme/commitments/", data, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"review_on": "The review date must be after the date it was made"}
    assert not Commitment.objects.exists()
    data["review_on"] = "2026-05-01"
    created = client.post("/api/programme/commitments/", data, format="json")
    assert created.status_code == 201 and created.json()["recorded_by"] == officer.full_name
    assert as_user(member).post("/api/programme/commitments/", data, format="json").status_code == 403


def test_terms_of_reference_are_approved_by_a_board_decision(as_user, db, officer, board_cochair, member):
    decision = f.board_decision("Approve the terms of reference", actor=officer)
    client = as_user(officer)
    data = {"text": "The board checks and challenges", "decision": decision.pk + 1000}
    wrong = client.post("/api/board/terms-of-reference/", data, format="json")
    assert wrong.status_code == 400 and "decision" in wrong.json()
    data["decision"] = decision.pk
    first = client.post("/api/board/terms-of-reference/", data, format="json")
    assert first.status_code == 201 and first.json()["version"] == 1
    approved_on = decision.meeting.starts_at.date()
    assert first.json()["approved_on"] == str(approved_on)
    assert first.json()["review_due"] == str(approved_on.replace(year=approved_on.year + 1))
    second = client.post("/api/board/terms-of-reference/", data, format="json")
    assert second.status_code == 400 and second.json() == {
        "what_changed": "Say what changed from the last version"
    }
    assert TermsOfReference.objects.count() == 1
    # A board member who is not a co-chair reads them but cannot approve a version.
    assert as_user(board_cochair).get("/api/board/terms-of-reference/").json()["count"] == 1
    assert (
        as_user(board_cochair).post("/api/board/terms-of-reference/", data, format="json").status_code == 403
    )
    assert as_user(member).get("/api/board/terms-of-reference/").status_code == 403


def test_a_forward_plan_item_goes_on_a_coming_meetings_agenda_and_moves_with_it(as_user, db, officer, member):
    past = f.board_meeting(days=-3, actor=officer)
    coming, later = f.board_meeting(days=10, actor=officer), f.board_meeting(days=40, actor=officer)
    client = as_user(officer)
    data = {"title": "Evaluation plan", "meeting": past.pk}
    refused = client.post("/api/board/forward-plan/", data, format="json")
    assert refused.status_code == 400 and refused.json() == {
        "meeting": ["Choose one of the board's coming meetings"]
    }
    assert not PlanItem.objects.exists()
    data["meeting"] = coming.pk
    created = client.post("/api/board/forward-plan/", data, format="json")
    assert created.status_code == 201
    item = PlanItem.objects.select_related("agenda_item").get()
    assert created.json()["agenda_item"] == item.agenda_item.pk and item.agenda_item.meeting == coming
    moved = client.post(f"/api/board/forward-plan/{item.pk}/move/", {"meeting": later.pk}, format="json")
    assert moved.status_code == 200 and moved.json()["meeting"] == later.pk
    item.refresh_from_db()
    assert item.agenda_item.meeting == later
    assert client.get("/api/board/forward-plan/").json()["results"][0]["title"] == "Evaluation plan"
    assert as_user(member).get("/api/board/forward-plan/").status_code == 403
