"""Data rights across the apps: the download holds each app's part for the member and nothing of anyone
else's, erasure blanks or deletes what it should and keeps financial records, and the profile shows the
member's involvement with a fixed number of queries."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.meetings.models import Attendance, CalendarFeed, Registration
from coproduce.opportunities.models import ExpressionOfInterest
from coproduce.payments.models import BankDetails, Claim, ExpenseLine, LedgerEntry
from coproduce.payments.personal_data import FINANCIAL_RECORDS_KEPT_YEARS
from coproduce.people import services
from coproduce.projects.models import TeamMember
from tests.conftest import sign_in

from .data_rights_support import involved_member
from .member_factories import joined_member

pytestmark = pytest.mark.django_db

NEW_PARTS = (
    "project_teams",
    "expressions_of_interest",
    "invitations",
    "meeting_registrations",
    "meeting_attendance",
    "meeting_actions",
    "payment_choice",
    "bank_details",
    "claims",
    "expense_lines",
)


@pytest.fixture
def jo():
    return involved_member("Jo Joiner", secret="JOSECRET", account_number="12345678")


@pytest.fixture
def other():
    return involved_member("Other Person", secret="OTHERSECRET", account_number="87654321")


def download(client, user) -> zipfile.ZipFile:
    sign_in(client, user)
    response = client.post(reverse("people:me_download"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_download_holds_each_apps_part_and_nothing_of_anyone_elses(client, jo, other):
    archive = download(client, jo.user)
    names = set(archive.namelist())
    for part in NEW_PARTS:
        assert {f"{part}.json", f"{part}.csv"} <= names, part
    everything = "".join(archive.read(name).decode("utf-8-sig") for name in names)
    for text in ("why", "brings", "needs", "outcome", "adjustments", "companion", "dietary", "bus", "action"):
        assert f"JOSECRET {text}" in everything, text
    assert "OTHERSECRET" not in everything and "Other Person" not in everything
    assert "JOSECRET project" in archive.read("project_teams.csv").decode("utf-8-sig")
    event = AuditEvent.objects.filter(verb="people.data_downloaded").latest("id")
    assert set(NEW_PARTS) <= set(event.changed_fields)


def test_the_download_gives_claims_with_amounts_and_statuses(client, jo):
    archive = download(client, jo.user)
    [claim] = json.loads(archive.read("claims.json"))
    assert claim["claim"] == jo.claim.reference and claim["status"] == "Paid"
    assert claim["time_amount"] == str(jo.claim.time_amount) and claim["expenses_amount"] == "4.50"
    [line] = json.loads(archive.read("expense_lines.json"))
    assert line["amount"] == "4.50" and line["claim"] == jo.claim.reference
    [attended] = json.loads(archive.read("meeting_attendance.json"))
    assert attended["status"] == "Present" and attended["hours"] == "2.00"


def test_the_download_masks_bank_details_and_says_why(client, jo):
    archive = download(client, jo.user)
    bank_text = archive.read("bank_details.json").decode() + archive.read("bank_details.csv").decode(
        "utf-8-sig"
    )
    assert "12345678" not in bank_text and "112233" not in bank_text and "11-22-33" not in bank_text
    [row] = json.loads(archive.read("bank_details.json"))
    assert row["account_number"].endswith("5678") and "last 4 digits" in row["note"]
    assert row["account_name"] == "Jo Joiner"
    assert "last 4 digits" in archive.read("README.txt").decode()


def test_a_member_with_nothing_in_the_new_apps_gets_only_the_people_parts(client):
    user, _ = joined_member()
    names = set(download(client, user).namelist())
    assert not any(name.startswith(NEW_PARTS) for name in names)
    assert {"profile.json", "consents.csv"} <= names


def test_erasure_blanks_what_they_wrote_and_deletes_bank_details_but_keeps_claims_and_ledger(
    jo, other, officer
):
    ledger_rows = LedgerEntry.objects.filter(person=jo.person).count()
    assert ledger_rows
    services.erase_person(jo.person, actor=officer)

    interest = ExpressionOfInterest.objects.get(pk=jo.interest.pk)
    assert (interest.why, interest.brings, interest.access_needs_detail, interest.outcome_message) == (
        "",
    ) * 4
    assert interest.status == "selected" and interest.access_needs == []
    registration = Registration.objects.get(pk=jo.registration.pk)
    assert (registration.adjustments_detail, registration.companion_name, registration.dietary_needs) == (
        "",
    ) * 3
    assert registration.status == "registered"
    assert not CalendarFeed.objects.filter(person=jo.person).exists()
    assert not BankDetails.objects.filter(person=jo.person).exists()
    claim = Claim.objects.get(pk=jo.claim.pk)
    assert claim.status == "paid" and claim.total == jo.claim.total
    assert ExpenseLine.objects.filter(claim=claim).count() == 1
    assert LedgerEntry.objects.filter(person=jo.person).count() == ledger_rows

    # Nobody else's data is touched.
    assert ExpressionOfInterest.objects.get(pk=other.interest.pk).why == "OTHERSECRET why"
    assert Registration.objects.get(pk=other.registration.pk).companion_name == "OTHERSECRET companion"
    assert BankDetails.objects.filter(person=other.person).exists()
    assert CalendarFeed.objects.filter(person=other.person).exists()


def test_erasure_names_the_fields_blanked_in_each_app_in_its_audit_event(jo, officer):
    services.erase_person(jo.person, actor=officer)
    event = AuditEvent.objects.get(verb="people.erased")
    fields = set(event.changed_fields)
    assert {"expressions_of_interest.why", "meeting_registrations.companion_name"} <= fields
    assert {"calendar_feed", "bank_details"} <= fields
    assert "JOSECRET" not in json.dumps(event.changed_fields)


def test_erasing_a_person_with_nothing_in_the_new_apps_still_works(officer):
    _, person = joined_member()
    services.erase_person(person, actor=officer)
    person.refresh_from_db()
    assert person.erased_at is not None and person.full_name == ""


def test_the_delete_page_says_financial_records_are_kept_and_for_how_long(client):
    user, _ = joined_member()
    sign_in(client, user)
    page = client.get(reverse("people:me_delete")).content.decode()
    assert f"{FINANCIAL_RECORDS_KEPT_YEARS} years after the end of the tax year" in page
    assert "HMRC" in page


def test_the_profile_shows_their_involvement_with_links(client, jo, other):
    sign_in(client, jo.user)
    page = client.get(reverse("people:me")).content.decode()
    assert reverse("projects:team_project", args=[jo.project.pk]) in page and "JOSECRET project" in page
    assert "co-lead with lived experience" in page
    assert reverse("opportunities:application", args=[jo.interest.pk]) in page and "selected" in page
    assert reverse("meetings:detail", args=[jo.registration.meeting_id]) in page
    assert "You have attended 1 meeting (2 hours)" in page
    assert reverse("payments:home") in page and f"£{jo.claim.total}" in page
    assert "OTHERSECRET" not in page
    for heading in ("Your projects", "Your applications", "Your meetings", "Your payments"):
        assert f'<h3 class="govuk-heading-s">{heading}</h3>' in page


def test_the_profile_counts_meetings_attended_with_or_without_meetings_coming_up(client, jo, other):
    # The totals ride on the coming meetings' rows when there are some, and are asked on their own otherwise.
    sign_in(client, jo.user)
    assert "You have attended 1 meeting (2 hours)" in client.get(reverse("people:me")).content.decode()
    Registration.objects.filter(person=jo.person).delete()
    page = client.get(reverse("people:me")).content.decode()
    assert "You have no meetings coming up." in page and "You have attended 1 meeting (2 hours)" in page
    Attendance.objects.filter(person=jo.person).update(status="absent")
    Registration.objects.create(meeting=jo.registration.meeting, person=jo.person, status="registered")
    page = client.get(reverse("people:me")).content.decode()
    assert "You have attended 0 meetings." in page and "hours)" not in page


def test_the_profile_of_a_member_with_no_involvement_says_nothing_is_recorded(client):
    user, _ = joined_member()
    sign_in(client, user)
    page = client.get(reverse("people:me")).content.decode()
    assert "Nothing is recorded yet" in page
    for heading in ("Your projects", "Your applications", "Your meetings", "Your payments"):
        assert f'<h3 class="govuk-heading-s">{heading}</h3>' not in page


def queries_for_profile(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:me")).status_code == 200
    return len(queries)


def test_the_involvement_section_makes_the_same_few_queries_however_much_there_is(client, jo):
    sign_in(client, joined_member(account_name="Nobody")[0])
    with_nothing = queries_for_profile(client)
    sign_in(client, jo.user)
    with_one_of_each = queries_for_profile(client)
    # Projects, applications, coming meetings, meetings attended, whether they have claims, paid this year.
    assert with_one_of_each - with_nothing <= 6
    for _ in range(3):
        more = involved_member("Jo Joiner", secret="MORE")
        for model in (TeamMember, ExpressionOfInterest, Registration, Attendance):
            model.objects.filter(person=more.person).update(person=jo.person)
    assert queries_for_profile(client) == with_one_of_each
