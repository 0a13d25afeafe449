"""Officers keep the programme bodies' member lists: search by name, add (as member or co-chair), remove."""

from coproduce.audit.models import AuditEvent
from coproduce.meetings.models import BodyMembership
from tests.conftest import sign_in

from . import factories

URL = "/manage/meetings/groups/board/members/"


def test_an_officer_finds_adds_and_removes_a_member(client, db, officer):
    person = factories.person(full_name="Gwen Ashdown")
    factories.person(full_name="Tom Birch")
    sign_in(client, officer)
    found = client.get(URL, {"q": "gwen"}).context["found"]
    assert [p.full_name for p in found] == ["Gwen Ashdown"]

    client.post(f"{URL}add/", {"person": str(person.pk), "role": "co_chair"})
    membership = BodyMembership.objects.get(person=person)
    assert membership.role == "co_chair" and membership.left_at is None
    assert AuditEvent.objects.filter(verb="meetings.body_member_added").exists()
    client.post(f"{URL}add/", {"person": str(person.pk), "role": "co_chair"})
    assert BodyMembership.objects.count() == 1, "adding twice changes nothing"

    client.post(f"{URL}{membership.pk}/remove/")
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert list(client.get(URL).context["members"]) == []


def test_bad_additions_are_refused_without_an_error(client, db, officer):
    sign_in(client, officer)
    for data in ({"person": "99999999999999999999", "role": "member"}, {"person": "abc"}, {"role": "member"}):
        response = client.post(f"{URL}add/", data)
        assert response.status_code == 302
    assert not BodyMembership.objects.exists()
    assert client.post(f"{URL}12345/remove/").status_code == 404
    assert client.get("/manage/meetings/groups/nope/members/").status_code == 404


def test_only_officers_manage_members(client, db, board_cochair):
    sign_in(client, board_cochair)
    assert client.get(URL).status_code == 403
