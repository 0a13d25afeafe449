"""The training report: people trained by course, role, department and organisation over the years with
counts under 10 hidden, feedback by course and trainer, and each CSV download audited."""

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.training import exports, services
from coproduce.training.models import ReportFigure
from tests.conftest import sign_in

from . import factories

pytestmark = pytest.mark.django_db


def _trained(count, *, staff=True):
    officer = factories.officer()
    session = factories.session(actor=officer, capacity=count + 1)
    organisation = factories.organisation("Wyvern Valley NHS Foundation Trust")
    people = [factories.learner()[1] for _ in range(count)]
    for person in people:
        if staff:
            factories.book(
                session, person, role="staff", department="Community nursing", organisation=organisation
            )
        else:
            factories.book(session, person)
    factories.move_to_past(session)
    services.record_attendance(session, {person: "present" for person in people}, actor=officer)
    return officer, session


def _tables():
    services.refresh_report()
    return {table["key"]: table for table in exports.report_context()["trained"]}


def test_counts_under_ten_read_fewer_than_ten_and_ten_or_more_are_shown():
    _trained(3)
    tables = _tables()
    [(label, counts, total)] = tables["department"]["rows"]
    assert label == "Community nursing" and total == "fewer than 10"
    _trained(9)
    tables = _tables()
    [(_, _, total)] = tables["organisation"]["rows"]
    assert total == 12


def test_only_learners_recorded_present_count_as_trained():
    officer, session = _trained(2, staff=False)
    _, absent = factories.learner()
    tables = _tables()
    assert tables["role"]["rows"][0][0] == "Member"
    rows = list(exports.CSV["trained-by-course"](exports.report_tables()))
    assert rows[1][-1] == "fewer than 10"
    assert absent.pk not in [b.person_id for b in session.bookings.all()]


def test_the_report_page_and_a_csv_download_which_is_audited(client):
    officer, _ = _trained(2)
    sign_in(client, officer)
    page = client.get("/manage/training/report/").content.decode()
    assert "People trained by department" in page and "fewer than 10" in page
    response = client.get("/manage/training/report/trained-by-department.csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("Department,")
    assert AuditEvent.objects.filter(verb="training.report_exported", actor=officer).exists()
    assert client.get("/manage/training/report/nothing.csv").status_code == 404


def test_evaluators_may_read_the_report_and_members_may_not(client, user_with_role):
    member, _ = factories.learner()
    assert sign_in(client, member).get("/manage/training/report/").status_code == 403
    evaluator = user_with_role("evaluator")
    assert sign_in(client, evaluator).get("/manage/training/report/").status_code == 200


def test_recording_attendance_works_the_figures_out_again_and_the_page_reads_them(client):
    officer, _ = _trained(12)  # the training conftest runs on-commit work at once, as a commit would
    [figure] = ReportFigure.objects.filter(table="trained-by-role")
    assert (figure.label, figure.count) == ("Staff", 12)
    sign_in(client, officer)
    ReportFigure.objects.filter(pk=figure.pk).update(count=42)
    page = client.get("/manage/training/report/").content.decode()
    assert "42" in page.split("People trained by role")[1].split("</table>")[0]
    body = b"".join(client.get("/manage/training/report/trained-by-role.csv").streaming_content).decode()
    assert body.splitlines()[1] == "Staff,42,42"  # the downloads hold the same figures


def test_an_officer_works_the_figures_out_again_from_the_report(client):
    officer, _ = _trained(12)
    ReportFigure.objects.filter(table="trained-by-role").update(count=42)
    sign_in(client, officer)
    assert client.post("/manage/training/report/refresh/").status_code == 302
    assert AuditEvent.objects.filter(verb="training.report_refreshed", actor=officer).exists()
    page = client.get("/manage/training/report/").content.decode()
    assert "12" in page.split("People trained by role")[1].split("</table>")[0]


def test_a_new_site_works_the_figures_out_on_the_first_view(client):
    officer, _ = _trained(2)
    ReportFigure.objects.all().delete()
    sign_in(client, officer)
    assert "fewer than 10" in client.get("/manage/training/report/").content.decode()
    assert ReportFigure.objects.filter(table="refreshed").count() == 1


def test_the_reports_tables_are_rendered_once_per_working_out_and_a_new_one_is_read_at_once(client):
    """The tables are the same for every reader until the figures are worked out again: rendered once and
    shared (the next view reads only when they were worked out, after the 5 queries of any signed-in page);
    working them out again changes the key, so the page shows the new figures at once."""
    from tests.core.query_counts import assert_page_queries

    officer, session = _trained(12)
    sign_in(client, officer)
    first = client.get("/manage/training/report/")
    assert "12" in first.content.decode().split("People trained by role")[1].split("</table>")[0]
    again = assert_page_queries(client, "/manage/training/report/", 5)

    def tables(response):
        page = response.content.decode()
        return page[page.index("People trained by") : page.index("</main>")]

    assert tables(again) == tables(first)
    more = [factories.learner()[1] for _ in range(3)]
    later = factories.session(actor=officer, capacity=4)
    elsewhere = factories.organisation("Adult Services")
    for person in more:
        factories.book(later, person, role="staff", department="Community nursing", organisation=elsewhere)
    factories.move_to_past(later)
    services.record_attendance(later, {person: "present" for person in more}, actor=officer)
    page = client.get("/manage/training/report/").content.decode()
    assert "15" in page.split("People trained by role")[1].split("</table>")[0]
