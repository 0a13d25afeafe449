"""Query-count baselines for pages (after NetBox's query_counts.json).

Each list and detail page records how many SQL queries it runs in query_counts.json, keyed by URL name.
`assert_page_queries` fails when a page runs more (an N+1 crept in) or fewer (update the baseline, it is good
news) queries. After a deliberate change, re-record with `COPRODUCE_RECORD_QUERY_COUNTS=1 make test`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

BASELINES = Path(__file__).with_name("query_counts.json")


def load_baselines() -> dict[str, int]:
    return json.loads(BASELINES.read_text())


def _record(name: str, count: int) -> None:
    baselines = load_baselines()
    baselines[name] = count
    BASELINES.write_text(json.dumps(dict(sorted(baselines.items())), indent=2) + "\n")


def assert_page_queries(client, url: str, expected: str | int, *, data=None):
    """GET `url` and check its query count against `expected`: a baseline's key (URL name) or a number.

    Returns the response (which must be 200), so the test can go on to check what the page shows.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    count = len(queries.captured_queries)
    if isinstance(expected, str):
        if os.environ.get("COPRODUCE_RECORD_QUERY_COUNTS"):
            _record(expected, count)
        baselines = load_baselines()
        assert expected in baselines, f"no baseline for {expected!r} in {BASELINES.name}"
        expected_count = baselines[expected]
    else:
        expected_count = expected
    listing = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(queries.captured_queries, 1))
    assert count == expected_count, f"{url} ran {count} queries, expected {expected_count}:\n{listing}"
    return response
