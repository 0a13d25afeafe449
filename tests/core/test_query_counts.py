"""Pages cost the same number of queries however much data they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from coproduce.audit import services
from tests.conftest import sign_in
from tests.factories import UserFactory

from .query_counts import assert_page_queries, load_baselines


def record_events(count, actors):
    verbs = ["projects.updated", "claims.approved", "people.viewed", "access.denied"]
    for i in range(count):
        services.record(
            verbs[i % len(verbs)],
            actor=actors[i % len(actors)],
            obj=("projects.project", str(i)),
            changed_fields=["title", "status"],
        )


@pytest.fixture
def admin_client(client, administrator):
    return sign_in(client, administrator)


@pytest.fixture
def actors(db):
    return [UserFactory() for _ in range(5)]


@pytest.mark.parametrize("count", [5, 200])
def test_audit_log_matches_its_baseline(admin_client, actors, count):
    record_events(count, actors)
    response = assert_page_queries(admin_client, reverse("audit:events"), "audit:events")
    assert len(response.context["page"].events) == min(count, 50)


def test_audit_log_costs_the_same_with_5_or_200_events(admin_client, actors):
    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse("audit:events")).status_code == 200
        return len(queries.captured_queries)

    record_events(5, actors)
    with_five = queries_for_page()
    record_events(195, actors)
    assert queries_for_page() == with_five


def test_filtered_and_later_pages_cost_the_same(admin_client, actors):
    record_events(200, actors)
    first = admin_client.get(reverse("audit:events"), {"verb": "claims.approved"})
    older = first.context["page"].events[25].id
    assert_page_queries(
        admin_client,
        reverse("audit:events"),
        "audit:events",
        data={"verb": "claims.approved", "actor": "example", "before": older},
    )


def url_names(resolver=None, prefix=""):
    """Every URL name, with its namespace (detail pages take arguments, so names are not reversed)."""
    resolver = resolver or get_resolver()
    names = {prefix + name for name in resolver.reverse_dict if isinstance(name, str)}
    for namespace, (_, inner) in resolver.namespace_dict.items():
        names |= url_names(inner, f"{prefix}{namespace}:")
    return names


def test_every_baseline_names_a_url():
    names = url_names()
    assert "audit:events" in names and "evaluation:report" in names
    assert [name for name in load_baselines() if name not in names] == []
