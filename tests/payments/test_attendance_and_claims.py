"""Attendance and its claim can never come apart: the claim is written in the attendance's own transaction,
one person's failed claim neither loses anyone else's nor leaves their attendance unpaid for good, and
reconcile_claims (the command and the work queue's button) finds and makes any claim that is missing."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.meetings.choices import AttendanceStatus, BodyRole
from coproduce.meetings.models import Attendance, BodyMembership
from coproduce.meetings.services import record_attendance
from coproduce.payments import selectors, services
from coproduce.payments.choices import Activity, ClaimStatus, PaymentMethod, RateUnit
from coproduce.payments.models import ActivityRate, Claim
from coproduce.people.models import Person
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.meetings import factories as meeting_factories

from . import support

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture
def claims_fail_for(monkeypatch):
    """Make the claim of the given people fail with a database error (a broken statement, which on
    PostgreSQL also aborts the transaction unless it ran in a savepoint), as a lock timeout or a bug would."""
    failing: set[int] = set()
    original = services._create_from_attendance

    def create(attendance, **kwargs):
        if attendance.person_id in failing:
            with connection.cursor() as cursor:
                cursor.execute("SELECT no_such_column FROM payments_claim")
        return original(attendance, **kwargs)

    monkeypatch.setattr(services, "_create_from_attendance", create)
    return failing


def legacy_attendance(meeting, person, *, hours="2.00", status=AttendanceStatus.PRESENT):
    """Attendance committed with no claim, as when a process was killed between the attendance's commit and
    the claim's (claims used to be made in a second transaction, after a signal on commit)."""
    return Attendance.objects.create(
        meeting=meeting, person=person, status=status, hours=Decimal(hours), recorded_by=meeting.organiser
    )


def reconcile() -> str:
    out = StringIO()
    call_command("reconcile_claims", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_claim_is_written_in_the_attendance_transaction_before_it_commits():
    support.rate_card()
    _, person = support.member()
    meeting = support.meeting(hours=2)
    record_attendance(meeting, person, status=AttendanceStatus.PRESENT, actor=meeting.organiser)
    # No on-commit callback has run in this test's transaction: the claim is already there.
    claim = Claim.objects.get(person=person, meeting=meeting)
    assert (claim.activity, claim.hours, claim.time_amount) == (
        Activity.MEETING,
        Decimal("2.00"),
        Decimal("40.00"),
    )


def test_attendance_rolled_back_takes_its_claim_with_it():
    support.rate_card()
    _, person = support.member()
    meeting = support.meeting()
    with pytest.raises(Boom), transaction.atomic():
        record_attendance(meeting, person, status=AttendanceStatus.PRESENT, actor=meeting.organiser)
        raise Boom
    assert not Attendance.objects.exists()
    assert not Claim.objects.exists()


def test_one_persons_failed_claim_loses_nobody_elses_and_is_made_by_reconcile(client, claims_fail_for):
    support.rate_card()
    meeting = support.meeting(hours=2)
    people = [support.member(full_name=name)[1] for name in ("Ann Ash", "Bo Birch", "Cy Cedar")]
    for person in people:
        meeting_factories.registered(meeting, person)
    ann, bo, cy = people
    claims_fail_for.add(bo.pk)

    sign_in(client, meeting.organiser)
    response = client.post(
        reverse("meetings_manage:attendance", args=[meeting.pk]),
        {f"status_{person.pk}": "present" for person in people},
        follow=True,
    )
    page = response.content.decode()
    assert "Attendance saved." in page
    assert "Bo Birch&#x27;s attendance is saved, but their payment claim could not be made" in page
    # Everyone's attendance is saved; the people before and after Bo have their claims.
    assert Attendance.objects.filter(meeting=meeting).count() == 3
    assert set(Claim.objects.values_list("person__full_name", flat=True)) == {"Ann Ash", "Cy Cedar"}
    # Bo's failure is recorded and visible: audited, and on the work queue of attendance with no claim.
    bo_row = Attendance.objects.get(meeting=meeting, person=bo)
    assert AuditEvent.objects.filter(verb="payments.claim_failed", object_id=str(bo_row.pk)).exists()
    assert list(selectors.attendance_without_claim()) == [bo_row]

    claims_fail_for.clear()  # the cause is put right
    assert "Made 1 claim(s); 0 still failing" in reconcile()
    claim = Claim.objects.get(person=bo, meeting=meeting)
    assert (claim.status, claim.time_amount) == (ClaimStatus.DRAFT, Decimal("40.00"))
    assert AuditEvent.objects.filter(verb="payments.claim_reconciled", object_id=str(claim.pk)).exists()
    assert "Made 0 claim(s); 0 still failing" in reconcile()


def test_the_api_records_the_attendance_and_says_the_claim_failed(api_client, token_for, claims_fail_for):  # noqa: F811
    support.rate_card()
    meeting = support.meeting(hours=2)
    _, person = support.member()
    meeting_factories.registered(meeting, person)
    claims_fail_for.add(person.pk)
    _token, secret = token_for(meeting.organiser)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    url = f"/api/meetings/{meeting.pk}/attendance/"
    answer = api_client.post(url, {"person": person.pk, "status": "present"}, format="json")
    assert answer.status_code == 200, answer.json()
    assert "payment claim could not be made" in answer.json()["problems"][0]
    assert Attendance.objects.filter(meeting=meeting, person=person).exists()

    claims_fail_for.clear()
    again = api_client.post(url, {"person": person.pk, "status": "present"}, format="json")
    assert again.json()["problems"] == [], "saving the same marks again makes the claim"
    assert Claim.objects.filter(person=person, meeting=meeting).exists()


def test_a_claim_that_keeps_failing_is_reported_and_stays_on_the_list(claims_fail_for):
    support.rate_card()
    meeting = support.meeting()
    _, failing = support.member()
    _, fine = support.member()
    legacy_attendance(meeting, failing)
    legacy_attendance(meeting, fine)
    claims_fail_for.add(failing.pk)
    done = services.reconcile_claims()
    assert [claim.person for claim in done.made] == [fine]
    assert [row.person for row in done.failed] == [failing]
    assert [row.person for row in selectors.attendance_without_claim()] == [failing]


def test_a_process_killed_between_the_two_commits_is_found_and_repaired_by_reconcile():
    support.rate_card()
    meeting = support.meeting(hours=3)
    _, paid = support.member()
    legacy_attendance(meeting, paid, hours="3.00")

    out = StringIO()
    call_command("reconcile_claims", "--dry-run", stdout=out)
    assert "1 attendance record(s) with no claim." in out.getvalue()
    assert not Claim.objects.exists(), "a dry run changes nothing"

    assert "Made 1 claim(s)" in reconcile()
    claim = Claim.objects.get(person=paid, meeting=meeting)
    assert (claim.hours, claim.time_amount) == (Decimal("3.00"), Decimal("60.00"))
    assert "Made 0 claim(s)" in reconcile(), "idempotent: a second run finds nothing"
    assert Claim.objects.count() == 1


def test_reconcile_respects_payment_choices_and_attendance_without_hours():
    support.rate_card()
    meeting = support.meeting()
    _, volunteer = support.member(PaymentMethod.DECLINE)
    _, no_hours = support.member()
    _, absent = support.member()
    legacy_attendance(meeting, volunteer)
    legacy_attendance(meeting, no_hours, hours="0.00")
    legacy_attendance(meeting, absent, hours="0.00", status=AttendanceStatus.ABSENT)
    assert not selectors.attendance_without_claim().exists()
    assert "Made 0 claim(s)" in reconcile()
    assert not Claim.objects.exists()


def test_a_claim_withdrawn_by_a_change_of_attendance_does_not_count_but_one_corrected_to_nothing_does():
    support.rate_card()
    meeting = support.meeting()
    _, person = support.member()
    claim = support.attend(meeting, person)
    # Present again, but the claim stayed withdrawn (its update was lost).
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.WITHDRAWN)
    assert [row.person for row in selectors.attendance_without_claim()] == [person]
    Claim.objects.filter(pk=claim.pk).update(corrections_made=1)  # finance corrected it to nothing
    assert not selectors.attendance_without_claim().exists()


def test_saving_the_same_marks_again_makes_a_missing_claim_and_otherwise_writes_nothing():
    support.rate_card()
    meeting = support.meeting(hours=2)
    _, person = support.member()
    legacy_attendance(meeting, person)
    record_attendance(meeting, person, status=AttendanceStatus.PRESENT, actor=meeting.organiser)
    assert Claim.objects.filter(person=person, meeting=meeting).count() == 1

    events = AuditEvent.objects.count()
    record_attendance(meeting, person, status=AttendanceStatus.PRESENT, actor=meeting.organiser)
    assert AuditEvent.objects.count() == events, "the marks and the claim agree: nothing is written"


def test_saving_absence_again_withdraws_a_claim_left_open():
    support.rate_card()
    meeting = support.meeting()
    _, person = support.member()
    claim = support.attend(meeting, person)
    Attendance.objects.filter(meeting=meeting, person=person).update(status=AttendanceStatus.ABSENT, hours=0)
    record_attendance(meeting, person, status=AttendanceStatus.ABSENT, actor=meeting.organiser)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


def test_the_work_queue_counts_them_and_its_page_makes_them(client, officer):
    support.rate_card()
    meeting = support.meeting()
    _, person = support.member(full_name="Dee Damson")
    legacy_attendance(meeting, person)
    sign_in(client, officer)
    home = client.get(reverse("core:manage")).content.decode()
    assert "Attendance with no claim" in home
    assert _unclaimed_on_home(client) == "1 waiting"
    page = client.get(reverse("payments_manage:unclaimed")).content.decode()
    assert "Dee Damson" in page and "Make the missing claims" in page

    response = client.post(reverse("payments_manage:make_missing_claims"), follow=True)
    assert "1 missing claim made." in response.content.decode()
    assert Claim.objects.filter(person=person, meeting=meeting, started_on_behalf_by=None).exists()
    assert AuditEvent.objects.filter(verb="payments.claim_reconciled", actor=officer).exists()
    assert "has its claim" in client.get(reverse("payments_manage:unclaimed")).content.decode()
    # The home page's count is shared through the cache, and the claims made just now forgot it.
    assert _unclaimed_on_home(client) == "none waiting"


def _unclaimed_on_home(client) -> str:
    home = client.get(reverse("core:manage")).content.decode()
    item = home.split('id="queue-paymentsunclaimed"', 1)[1].split("</li>", 1)[0]
    return "none waiting" if "none waiting" in item else item.split("<strong>", 1)[1].split("</strong>", 1)[0]


def test_the_queue_is_not_for_members_or_organisers(client, member):
    sign_in(client, member)
    assert client.get(reverse("payments_manage:unclaimed")).status_code == 403
    assert client.post(reverse("payments_manage:make_missing_claims")).status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_the_queue_page_costs_the_same_with_few_or_many_rows(client, officer, count):
    support.rate_card()
    meeting = support.meeting()
    for number in range(count):
        legacy_attendance(meeting, support.member(account_name=f"Member {number}")[1])
    sign_in(client, officer)
    response = assert_page_queries(client, reverse("payments_manage:unclaimed"), "payments_manage:unclaimed")
    assert len(response.context["page"].object_list) == count


# --- The activity attendance is paid at ---------------------------------------------------------------------


@pytest.fixture
def resolvers(monkeypatch):
    """The registry, restored after the test."""
    registered = list(selectors._pay_resolvers)
    monkeypatch.setattr(selectors, "_pay_resolvers", registered)
    return registered


def add_rate(activity, amount, unit=RateUnit.HOUR):
    ActivityRate.objects.create(
        activity=activity,
        unit=unit,
        amount=Decimal(amount),
        effective_from=support.RATE_START,
        created_by=support.UserFactory(roles=["finance_approver"]),
    )


def test_an_app_declares_the_activity_and_hours_its_attendance_is_paid_at(resolvers):
    support.rate_card()
    add_rate(Activity.TRAINING, "25.00")

    def training(attendance):
        if attendance.meeting.title.startswith("Training"):
            # Co-trainers: the session plus an hour's preparation, at the training delivery rate.
            return selectors.PayAt(Activity.TRAINING, hours=attendance.hours + 1)
        return None

    selectors.register_pay_activity(training)
    selectors.register_pay_activity(training)  # registering twice is harmless
    _, person = support.member()
    trained = support.attend(support.meeting(hours=2, title="Training for co-trainers"), person)
    assert (trained.activity, trained.hours, trained.time_amount) == (
        Activity.TRAINING,
        Decimal("3.00"),
        Decimal("75.00"),
    )
    ordinary = support.attend(support.meeting(hours=2, title="Carers' forum"), person)
    assert (ordinary.activity, ordinary.time_amount) == (Activity.MEETING, Decimal("40.00"))


def test_a_resolver_may_answer_with_just_an_activity(resolvers):
    support.rate_card()
    add_rate(Activity.PEER_RESEARCH, "21.00")
    selectors.register_pay_activity(lambda attendance: Activity.PEER_RESEARCH)
    _, person = support.member()
    claim = support.attend(support.meeting(hours=2), person)
    assert (claim.activity, claim.time_amount) == (Activity.PEER_RESEARCH, Decimal("42.00"))


def test_board_co_chairs_are_paid_at_the_co_chairing_rate_when_the_rate_card_has_one():
    support.rate_card()
    _, chair = support.member()
    _, member = support.member()
    board = support.body()
    BodyMembership.objects.create(body=board, person=chair, role=BodyRole.CO_CHAIR)
    BodyMembership.objects.create(body=board, person=member, role=BodyRole.MEMBER)
    before_the_rate = support.attend(support.meeting(hours=2, title="Board, March"), chair)
    assert before_the_rate.activity == Activity.MEETING, "no co-chairing rate yet: the meeting rate"

    add_rate(Activity.CO_CHAIRING, "45.00", RateUnit.SESSION)
    board_meeting = support.meeting(hours=2, title="Board, April")
    chaired = support.attend(board_meeting, chair)
    assert (chaired.activity, chaired.time_amount) == (Activity.CO_CHAIRING, Decimal("45.00"))
    assert support.attend(board_meeting, member).activity == Activity.MEETING


def test_an_unknown_activity_from_a_resolver_fails_that_claim_only(resolvers):
    support.rate_card()
    selectors.register_pay_activity(lambda attendance: "juggling")
    _, person = support.member()
    meeting = support.meeting()
    row = record_attendance(meeting, person, status=AttendanceStatus.PRESENT, actor=meeting.organiser)
    assert row.problems and not Claim.objects.exists()
    assert Attendance.objects.filter(pk=row.pk).exists()


def test_erased_people_are_not_listed():
    support.rate_card()
    meeting = support.meeting()
    _, person = support.member()
    legacy_attendance(meeting, person)
    Person.objects.filter(pk=person.pk).update(erased_at=datetime.datetime.now(datetime.UTC))
    assert not selectors.attendance_without_claim().exists()
