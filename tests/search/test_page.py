"""The results page: one box in the header, results grouped by kind, any text accepted, a fixed cost."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.search import selectors
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.handbook import factories as handbook
from tests.meetings import factories as meetings


def test_every_page_has_one_search_box_in_the_header(client, db):
    html = client.get("/handbook/").content.decode()
    assert html.count('role="search"') == 1
    assert 'action="/search/"' in html


def test_results_are_grouped_by_kind_with_a_link_to_all_of_a_kind(client, db):
    for n in range(7):
        handbook.page(title=f"Heron guide {n}")
    meetings.project(title="Heron project", is_published=True)
    response = client.get("/search/", {"q": "heron"})
    groups = response.context["groups"]
    assert [group.kind.key for group in groups] == ["project", "handbook_page"]
    assert groups[1].total == 7 and len(groups[1].hits) == 5
    html = response.content.decode()
    assert "All 7 handbook" in html
    everything = client.get("/search/", {"q": "heron", "kind": "handbook_page"})
    assert len(everything.context["page"].group.hits) == 7


def test_a_kind_the_person_may_not_search_is_not_found(client, db):
    assert client.get("/search/", {"q": "x", "kind": "person"}).status_code == 404
    assert client.get("/search/", {"q": "x", "kind": "nonsense"}).status_code == 404


def test_nothing_found_says_so(client, db):
    response = client.get("/search/", {"q": "zzzzqqq"})
    assert "Nothing found" in response.content.decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=120))
def test_any_text_searches_without_error(db, officer, query):
    for group in selectors.search_all(officer, query):
        assert group.hits
    selectors.search_kind(officer, query, "decision", page=3)


def test_odd_characters_reach_the_page_without_error(client, db, officer):
    sign_in(client, officer)
    handbook.page(title="Quotes guide")
    for query in ['"', "'", "NEAR(", "a*", "-", "AND OR NOT", "\x00", "%_", "é", 'guide"*)', "::*", "&|!"]:
        assert client.get("/search/", {"q": query}).status_code == 200, query


def test_the_search_page_costs_the_same_with_few_or_many_matches(client, db, officer):
    sign_in(client, officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "kestrel"}).status_code == 200
        return len(captured.queries) if hasattr(captured, "queries") else len(captured.captured_queries)

    handbook.page(title="Kestrel guide")
    meetings.meeting(title="Kestrel meeting")
    few = queries()
    for n in range(12):
        handbook.page(title=f"Kestrel guide {n}")
        meetings.meeting(title=f"Kestrel meeting {n}")
    assert queries() == few


def test_search_page_matches_its_baseline(client, db, officer):
    sign_in(client, officer)
    handbook.page(title="Falcon guide")
    assert_page_queries(client, "/search/?q=falcon", "search:results")
