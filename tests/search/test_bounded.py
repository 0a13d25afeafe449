"""The search's work is bounded per kind (decision 0022, "search at scale 25"): each kind's newest
CANDIDATES visible matches are counted and ranked (every word in the title first, then the newest), a kind
with more says "more than", and the query count is the same with few, many or more than CANDIDATES
matches. Access is applied before the bound: nothing hidden is counted, shown or crowds out what is
visible."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.meetings import search as meetings_search
from coproduce.meetings import services as meeting_services
from coproduce.search import selectors
from tests.conftest import sign_in
from tests.handbook import factories as handbook
from tests.meetings import factories as meetings


def _groups(user, query):
    return {group.kind.key: group for group in selectors.search_all(user, query)}


def test_more_than_the_bound_is_said_so_and_paged_within_it(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    for n in range(6):
        handbook.page(title=f"Ibis guide {n}")
    group = _groups(AnonymousUser(), "ibis")["handbook_page"]
    assert group.capped and group.total == 4 and len(group.hits) == 4
    html = client.get("/search/", {"q": "ibis"}).content.decode()
    assert "More than 4 found" in html
    (api,) = client.get("/api/search/", {"q": "ibis"}).json()["groups"]
    assert (api["total"], api["more_than_total"]) == (4, True)
    page = selectors.search_kind(AnonymousUser(), "ibis", "handbook_page", page=1, page_size=3)
    assert page.group.found == "More than 4" and page.num_pages == 2
    second = selectors.search_kind(AnonymousUser(), "ibis", "handbook_page", page=2, page_size=3)
    assert len(second.group.hits) == 1
    assert not {hit.object_id for hit in page.group.hits} & {hit.object_id for hit in second.group.hits}


def test_at_the_bound_exactly_the_count_is_given(db, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 4)
    for n in range(4):
        handbook.page(title=f"Ibis guide {n}")
    group = _groups(AnonymousUser(), "ibis")["handbook_page"]
    assert not group.capped and group.total == 4 and group.found == "4"


def test_hidden_records_are_neither_counted_nor_crowd_out_visible_ones(db, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    handbook.page(title="Tapir public guide")
    for n in range(5):  # newer than the public page: they would fill the bound if access came after it
        handbook.page(title=f"Tapir staff note {n}", visibility="staff")
    group = _groups(AnonymousUser(), "tapir")["handbook_page"]
    assert [hit.title for hit in group.hits] == ["Tapir public guide"]
    assert group.total == 1 and not group.capped


def test_every_word_in_the_title_comes_first_then_the_newest(db):
    older = handbook.page(title="Gannet colonies", summary="About seabirds")
    handbook.page(title="Seabird survey", body="A note on the gannet and others")
    newest = handbook.page(title="Cliffs", body="Gannet nesting on cliffs")
    titles = [hit.title for hit in _groups(AnonymousUser(), "gannet")["handbook_page"].hits]
    assert titles == [older.title, newest.title, "Seabird survey"]


def test_a_member_s_search_costs_the_same_with_few_many_or_more_than_the_bound(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 5)
    user, person = meetings.member_with_profile()
    sign_in(client, user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "puffin"}).status_code == 200
        return len(captured.captured_queries)

    mine = meetings.meeting(title="Puffin meeting")
    meetings.registered(mine, person)
    few = queries()
    for n in range(8):
        meetings.registered(meetings.meeting(title=f"Puffin meeting {n}"), person)
        meetings.meeting(title=f"Puffin meeting elsewhere {n}")
        handbook.page(title=f"Puffin guide {n}")
    assert queries() == few
    groups = _groups(user, "puffin")
    assert groups["meeting"].capped and groups["handbook_page"].capped
    assert all("elsewhere" not in hit.title for hit in groups["meeting"].hits)


def test_a_member_s_own_few_meetings_are_searched_first_and_bounded_the_same(db, monkeypatch):
    """Meetings, decisions and actions are search.Few for a member: the search starts from the meetings
    they may see. Newer meetings they may not see neither count nor crowd out theirs; the bound, "more
    than" and the title-first order hold as for any kind."""
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    user, person = meetings.member_with_profile()
    in_purpose = meetings.meeting(title="Planning", purpose="Talk about the osprey nest")
    meetings.registered(in_purpose, person)
    theirs = [meetings.meeting(title=f"Osprey watch {n}") for n in range(3)]
    for meeting in theirs:
        meetings.registered(meeting, person)
    for n in range(5):  # newer than all of theirs
        meetings.meeting(title=f"Osprey watch elsewhere {n}")
    group = _groups(user, "osprey")["meeting"]
    assert group.capped and group.total == 3
    assert [hit.object_id for hit in group.hits] == [meeting.pk for meeting in reversed(theirs)]
    monkeypatch.setattr(selectors, "CANDIDATES", 10)
    group = _groups(user, "osprey")["meeting"]
    assert not group.capped and group.total == 4
    assert [hit.object_id for hit in group.hits][-1] == in_purpose.pk  # the word not in its title: last


@pytest.mark.parametrize("read_first", [2000, 2])
def test_a_member_s_meetings_decisions_and_actions_are_each_bounded_in_their_shared_walk(
    db, monkeypatch, read_first
):
    """The Few kinds share one walk of the words' matches (SQLite) and the member's meetings are read first
    as ids, or, past MEETINGS_READ_FIRST, compiled into the query as the rule: either way each kind keeps
    its own bound, and nothing of another meeting is found."""
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    monkeypatch.setattr(meetings_search, "MEETINGS_READ_FIRST", read_first)
    user, person = meetings.member_with_profile()
    theirs = [meetings.meeting(title=f"Heron count {n}") for n in range(5)]
    for meeting in theirs:
        meetings.registered(meeting, person)
    organiser = theirs[0].organiser
    decision = meeting_services.add_decision(theirs[0], "Heron counts are paid as meetings", actor=organiser)
    meeting_services.add_action(
        theirs[1], actor=organiser, description="Print the heron count sheets", owner=person
    )
    elsewhere = meetings.meeting(title="Heron count elsewhere")
    meeting_services.add_decision(elsewhere, "Heron counts elsewhere are not ours", actor=organiser)
    meeting_services.add_action(
        elsewhere, actor=organiser, description="Heron sheets for elsewhere", owner=person
    )

    groups = _groups(user, "heron")
    assert groups["meeting"].capped and groups["meeting"].total == 3
    assert [hit.object_id for hit in groups["meeting"].hits] == [m.pk for m in reversed(theirs[2:])]
    assert [hit.object_id for hit in groups["decision"].hits] == [decision.pk]
    assert [hit.title for hit in groups["action"].hits] == ["Print the heron count sheets"]
    assert not groups["decision"].capped and not groups["action"].capped


def test_a_member_who_may_see_no_meeting_searches_the_other_kinds(db):
    user, _ = meetings.member_with_profile()
    meetings.meeting(title="Bittern survey meeting")
    handbook.page(title="Bittern survey guide")
    groups = _groups(user, "bittern")
    assert "meeting" not in groups
    assert [hit.title for hit in groups["handbook_page"].hits] == ["Bittern survey guide"]
