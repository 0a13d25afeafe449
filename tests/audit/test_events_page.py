import datetime
import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.audit import selectors, services
from coproduce.audit.models import AuditEvent
from tests.conftest import sign_in

from .conftest import tamper

URL = reverse("audit:events")


def rows(response) -> list[str]:
    body = response.content.decode()
    return re.findall(r'<tr class="govuk-table__row">\s*<td.*?</tr>', body, flags=re.S)


def test_it_is_for_administrators_only(client, officer, member):
    assert client.get(URL).status_code == 302
    assert sign_in(client, member).get(URL).status_code == 403
    assert sign_in(client, officer).get(URL).status_code == 403


def test_it_asks_administrators_for_their_second_factor(client, administrator):
    response = sign_in(client, administrator, verified=False).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_it_lists_events_newest_first_with_who_when_what(admin_client, administrator, rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.7")
    services.record(
        "claims.approved",
        actor=administrator,
        obj=("archive.claim", "41"),
        changed_fields=["status", "approved_by"],
        request=request,
    )
    services.record("projects.updated", actor=None, obj=("projects.project", "3"), changed_fields=["title"])
    response = admin_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Events, newest first</caption>' in body
    )
    first, second = rows(response)[:2]
    assert "Projects: updated" in first and "Not signed in" in first
    assert "Claims: approved" in second
    assert "Ada Admin" in second and "admin@example.test" in second
    assert "Archive.claim 41" in second  # a record type with no model yet is shown as stored
    assert "approved_by, status" in second
    assert "198.51.100.7" in second
    assert f'href="{URL}" aria-current="page"' in body


def test_it_shows_times_in_london(admin_client, record_events):
    event = record_events(1)[0]
    summer = datetime.datetime(2026, 7, 1, 11, 30, tzinfo=datetime.UTC)
    tamper("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [summer, event.id])
    body = admin_client.get(URL).content.decode()
    assert "1 Jul 2026, 12:30:00" in body


def test_it_filters_by_verb(admin_client, record_events):
    record_events(6)
    response = admin_client.get(URL, {"verb": "claims.approved"})
    assert len(rows(response)) == 2
    assert all("Claims: approved" in row for row in rows(response))


def test_it_offers_the_verbs_in_the_trail(admin_client, record_events):
    record_events(3)
    body = admin_client.get(URL).content.decode()
    offered = {
        "claims.approved": "Claims: approved",
        "people.viewed": "People: viewed",
        "projects.updated": "Projects: updated",
    }
    for verb, label in offered.items():
        assert f'<option value="{verb}">{label}</option>' in body


def test_it_filters_by_actor_email_ignoring_case_and_spaces(admin_client, record_events, user_with_role):
    someone = user_with_role(email="sam.jones@example.test")
    record_events(2, actor=someone)
    record_events(3)
    response = admin_client.get(URL, {"actor": "  SAM.Jones@ "})
    assert len(rows(response)) == 2
    assert response.context["form"]["actor"].value() == "  SAM.Jones@ "


def test_it_filters_by_object(admin_client, record_events):
    record_events(2, obj=("projects.project", "7"))
    record_events(1, obj=("projects.project", "8"))
    record_events(1, obj=("payments.claim", "7"))
    assert len(rows(admin_client.get(URL, {"object_type": "projects.project"}))) == 3
    assert len(rows(admin_client.get(URL, {"object_type": "projects.project", "object_id": "7"}))) == 2


def test_it_needs_a_type_of_record_to_search_by_id(admin_client, record_events):
    record_events(1)
    response = admin_client.get(URL, {"object_id": "7"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Audit log" in body
    assert 'href="#id_object_type">Select a type of record to search by record ID</a>' in body
    assert rows(response) == []


def dates(**fields):
    """Query parameters for GOV.UK date inputs: dates(date_from="2026-06-01") fills the three boxes."""
    params = {}
    for name, value in fields.items():
        year, month, day = value.split("-")
        params.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return params


def test_it_filters_by_london_dates(admin_client, record_events):
    early, late, later = record_events(3)
    moments = {
        early.id: datetime.datetime(2026, 5, 31, 22, 59, tzinfo=datetime.UTC),  # 31 May, 23:59 in London
        late.id: datetime.datetime(2026, 5, 31, 23, 0, tzinfo=datetime.UTC),  # 1 June, 00:00 in London
        later.id: datetime.datetime(2026, 6, 2, 12, 0, tzinfo=datetime.UTC),
    }
    for event_id, moment in moments.items():
        tamper("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [moment, event_id])
    response = admin_client.get(URL, dates(date_from="2026-06-01", date_to="2026-06-01"))
    assert len(rows(response)) == 1
    response = admin_client.get(URL, dates(date_from="2026-06-01"))
    assert len(rows(response)) == 2
    response = admin_client.get(URL, dates(date_to="2026-05-31"))
    assert len(rows(response)) == 1


@pytest.mark.parametrize(
    "params, field, message",
    [
        (dates(date_from="2026-02-30"), "date_from", "The first day must be a real date"),
        ({"date_to_day": "tomorrow"}, "date_to", "The last day must include a month and year"),
        (dates(date_to="2026-13-01"), "date_to", "The last day must be a real date"),
        (
            dates(date_from="2026-06-02", date_to="2026-06-01"),
            "date_to",
            "To must be the same as or after From",
        ),
        ({"verb": "made.up"}, "verb", "Select what happened from the list"),
        ({"object_type": "x" * 500}, "object_type", "Select a type of record from the list"),
    ],
)
def test_it_explains_invalid_filters_inline(admin_client, record_events, params, field, message):
    record_events(1)
    response = admin_client.get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<p id="id_{field}_error" class="govuk-error-message">' in body
    assert message in body
    anchor = f"id_{field}_day" if field.startswith("date_") else f"id_{field}"
    assert f'href="#{anchor}">{message}' in body
    # What was typed stays in the date boxes.
    for name, value in params.items():
        if name.startswith("date_") and value:
            assert f'name="{name}" type="text" inputmode="numeric" spellcheck="false" value="{value}"' in body


@pytest.mark.parametrize(
    "params",
    [
        {"before": "abc"},
        {"after": "-5"},
        {"before": "9" * 40},
        {"before": "²"},
        {"actor": "a\x00b"},
        dates(date_from="9999-12-31", date_to="9999-12-31"),
        dates(date_from="0001-01-01"),
        {"date_from_day": "9" * 50, "date_from_month": "-1", "date_from_year": "2026"},
        {"object_id": "x" * 100, "object_type": "projects.project"},
    ],
)
def test_it_never_fails_on_odd_input(admin_client, record_events, params):
    record_events(2)
    assert admin_client.get(URL, params).status_code == 200


def test_it_pages_through_events_newest_first(admin_client, record_events):
    events = record_events(120)
    newest_first = [event.id for event in reversed(events)]

    first = admin_client.get(URL)
    page = first.context["page"]
    assert [e.id for e in page.events] == newest_first[:50]
    assert page.newer_cursor is None
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()

    second = admin_client.get(URL, {"before": page.older_cursor})
    page = second.context["page"]
    assert [e.id for e in page.events] == newest_first[50:100]

    third = admin_client.get(URL, {"before": page.older_cursor})
    page = third.context["page"]
    assert [e.id for e in page.events] == newest_first[100:]
    assert page.older_cursor is None
    assert 'rel="next"' not in third.content.decode()

    back = admin_client.get(URL, {"after": page.newer_cursor})
    page = back.context["page"]
    assert [e.id for e in page.events] == newest_first[50:100]

    back_to_start = admin_client.get(URL, {"after": page.newer_cursor})
    page = back_to_start.context["page"]
    assert [e.id for e in page.events] == newest_first[:50]
    assert page.newer_cursor is None


def test_paging_keeps_the_filters(admin_client, record_events):
    record_events(160)
    body = admin_client.get(URL, {"verb": "people.viewed"}).content.decode()
    assert re.search(r'href="\?verb=people\.viewed&amp;before=\d+" rel="next"', body)


def test_it_reads_no_total_count(admin_client, record_events):
    record_events(3)
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(URL, {"verb": "people.viewed"})
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_menu_shows_the_audit_log_to_administrators_only(client, administrator, officer):
    assert f'href="{URL}"' in sign_in(client, administrator).get(reverse("core:manage")).content.decode()
    assert f'href="{URL}"' not in sign_in(client, officer).get(reverse("core:manage")).content.decode()


def test_it_shows_a_message_when_nothing_matches(admin_client, record_events):
    record_events(2)
    response = admin_client.get(URL, dates(date_to="2000-01-01"))
    assert "No events match these filters." in response.content.decode()
    assert AuditEvent.objects.count() == 2


def test_it_finds_events_from_a_server_whose_clock_is_a_little_behind(admin_client, record_events):
    first, behind, last = record_events(3)
    moments = {
        first.id: datetime.datetime(2026, 5, 31, 23, 5, tzinfo=datetime.UTC),  # 1 June 00:05 in London
        behind.id: datetime.datetime(2026, 5, 31, 22, 58, tzinfo=datetime.UTC),  # written later, clock slow
        last.id: datetime.datetime(2026, 5, 31, 23, 10, tzinfo=datetime.UTC),
    }
    for event_id, moment in moments.items():
        tamper("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [moment, event_id])
    may = admin_client.get(URL, dates(date_to="2026-05-31")).context["page"].events
    june = admin_client.get(URL, dates(date_from="2026-06-01")).context["page"].events
    assert [e.id for e in may] == [behind.id]
    assert [e.id for e in june] == [last.id, first.id]


# The row as the log's template wrote it before EventRow.html did.
ROW_TEMPLATE = """<tr class="govuk-table__row">
      <td class="govuk-table__cell"><time datetime="{{ row.iso }}">{{ row.when }}</time></td>
      <td class="govuk-table__cell">{% if row.who %}{{ row.who }}<br><span class="govuk-body-s">{{ row.email }}</span>{% else %}Not signed in{% endif %}</td>
      <td class="govuk-table__cell">{{ row.what }}</td>
      <td class="govuk-table__cell">{{ row.record }}</td>
      <td class="govuk-table__cell">{{ row.fields }}</td>
      <td class="govuk-table__cell">{{ row.ip }}</td>
    </tr>"""  # noqa: E501


def test_a_row_is_written_as_the_template_wrote_it(db, user_with_role, rf):
    odd = user_with_role(email="jo&co@example.test", full_name='Jo "JJ" <O\'Neil>', preferred_name="")
    request = rf.get("/", REMOTE_ADDR="198.51.100.7")
    services.record("people.<odd>", actor=odd, obj=("x.<y>", "<7>"), changed_fields=["a&b"], request=request)
    services.record("projects.updated", actor=None, obj=("", ""), changed_fields=[])
    rows = selectors.event_rows(list(AuditEvent.objects.select_related("actor").order_by("id")))
    template = engines["django"].from_string(ROW_TEMPLATE)
    for row in rows:
        assert row.html == template.render({"row": row})
    assert "Jo &quot;JJ&quot; &lt;O&#x27;Neil&gt;" in rows[0].html
    assert "jo&amp;co@example.test" in rows[0].html and "X.&lt;y&gt; &lt;7&gt;" in rows[0].html
    assert "Not signed in" in rows[1].html and rows[1].record == "–"
