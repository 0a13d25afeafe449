import csv
import io

from django.http import StreamingHttpResponse
from django.urls import reverse

from coproduce.audit import services
from coproduce.audit.models import AuditEvent
from tests.conftest import sign_in

URL = reverse("audit:export")


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_streams_the_filtered_events_as_csv(admin_client, record_events):
    record_events(6)
    response = admin_client.get(URL, {"verb": "claims.approved"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    header, *rows = read_csv(response)
    assert header[:3] == ["id", "when (UK time)", "verb"]
    assert len(rows) == 2
    assert {row[2] for row in rows} == {"claims.approved"}
    assert rows[0][5:8] == ["projects.project", "7", "title"]


def test_it_exports_more_than_one_batch(admin_client, record_events, monkeypatch):
    from coproduce.audit import selectors

    original = selectors.events_for_export
    monkeypatch.setattr(selectors, "events_for_export", lambda filters: original(filters, batch_size=7))
    events = record_events(30)
    _, *rows = read_csv(admin_client.get(URL, {"verb": "projects.updated"}))
    assert [int(row[0]) for row in rows] == [e.id for e in reversed(events) if e.verb == "projects.updated"]


def test_the_export_is_itself_audited(admin_client, administrator, record_events):
    record_events(3)
    read_csv(admin_client.get(URL, {"verb": "people.viewed", "actor": "someone@"}))
    event = AuditEvent.objects.order_by("-id").first()
    assert event.verb == "audit.exported"
    assert event.actor == administrator
    assert event.changed_fields == ["actor", "verb"]
    assert "someone" not in str(event.__dict__)


def test_it_defuses_spreadsheet_formulas(admin_client, db):
    services.record("access.denied", obj=("url", '=HYPERLINK("http://evil.example")'))
    _, *rows = read_csv(admin_client.get(URL))
    denied = next(row for row in rows if row[2] == "access.denied")
    assert denied[6].startswith("'=")


def test_it_refuses_invalid_filters_without_exporting(admin_client, record_events):
    record_events(1)
    response = admin_client.get(
        URL, {"date_from_day": "not", "date_from_month": "a", "date_from_year": "date"}
    )
    assert response.status_code == 400
    assert "The first day must be a real date" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="audit.exported").exists()


def test_it_is_for_administrators_only(client, officer):
    assert client.get(URL).status_code == 302
    assert sign_in(client, officer).get(URL).status_code == 403
    assert not AuditEvent.objects.filter(verb="audit.exported").exists()
