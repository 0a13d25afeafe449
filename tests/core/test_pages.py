import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import sign_in


@pytest.mark.parametrize("name", ["core:home", "core:accessibility", "core:privacy", "core:contact"])
def test_public_pages_open_to_anyone(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Skip to main content" in response.content


def test_back_office_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("core:manage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_back_office_refuses_members(client, member):
    response = sign_in(client, member).get(reverse("core:manage"))
    assert response.status_code == 403


def test_back_office_asks_officer_to_enrol_two_factor_first(client, officer):
    response = sign_in(client, officer, verified=False).get(reverse("core:manage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_back_office_opens_for_verified_officer(client, officer):
    response = sign_in(client, officer).get(reverse("core:manage"))
    assert response.status_code == 200
    assert b"People by role" in response.content


def test_back_office_figures_are_shared_for_a_few_minutes_instead_of_counted_on_every_view(client, officer):
    cache.clear()
    sign_in(client, officer)
    first = client.get(reverse("core:manage")).content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in first

    with CaptureQueriesContext(connection) as again:
        client.get(reverse("core:manage"))
    # Only the role figures are shared; the work queues are counted fresh (each an indexed count of what
    # waits, see coproduce/core/work.py), so someone who has just cleared a queue sees it empty.
    counts = [q["sql"] for q in again.captured_queries if "COUNT(" in q["sql"].upper()]
    assert [sql for sql in counts if "accounts_rolegrant" in sql] == []
