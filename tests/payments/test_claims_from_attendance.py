"""Attendance turns into draft claims at the rate in force on the meeting's date, and later changes follow
the rules: hours update while draft or queried, absence withdraws, and after approval finance is warned."""

import datetime
from decimal import Decimal

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.meetings.choices import AttendanceStatus
from coproduce.payments import services
from coproduce.payments.choices import Activity, ClaimStatus, PaymentMethod
from coproduce.payments.models import ActivityRate, Claim

from . import support

pytestmark = pytest.mark.django_db


def test_present_creates_a_draft_time_claim_at_the_dated_rate():
    support.rate_card()
    user, person = support.member()
    claim = support.attend(support.meeting(hours=2), person)
    assert claim.status == ClaimStatus.DRAFT
    assert claim.activity == Activity.MEETING
    assert claim.hours == Decimal("2.00")
    assert claim.time_amount == Decimal("40.00")
    assert AuditEvent.objects.filter(verb="payments.claim_created", object_id=str(claim.pk)).exists()


def test_a_new_rate_applies_from_its_date_and_never_changes_earlier_claims(finance_approver):
    support.rate_card(finance_approver)
    _, person = support.member()
    old_meeting = support.meeting(day=datetime.date.today() - datetime.timedelta(days=20))
    old_claim = support.attend(old_meeting, person)
    services.add_activity_rate(
        actor=finance_approver,
        activity=Activity.MEETING,
        unit="hour",
        amount=Decimal("25.00"),
        effective_from=datetime.date.today() - datetime.timedelta(days=10),
    )
    new_claim = support.attend(support.meeting(), person)
    old_claim.refresh_from_db()
    assert old_claim.time_amount == Decimal("40.00")
    assert new_claim.time_amount == Decimal("50.00")
    assert new_claim.rate.amount == Decimal("25.00")


def test_the_rate_is_taken_on_the_meetings_london_date():
    """A meeting at 00:30 on 1 June (London) is 23:30 on 31 May in UTC: the June rate applies."""
    support.rate_card()
    actor = ActivityRate.objects.first().created_by
    ActivityRate.objects.create(
        activity=Activity.MEETING,
        amount=Decimal("30.00"),
        effective_from=datetime.date(2025, 6, 1),
        created_by=actor,
    )
    _, person = support.member()
    the_meeting = support.meeting(day=datetime.date(2025, 6, 1))
    the_meeting.starts_at = the_meeting.starts_at.replace(hour=0, minute=30)
    the_meeting.ends_at = the_meeting.starts_at + datetime.timedelta(hours=1)
    the_meeting.save()
    claim = support.attend(the_meeting, person)
    assert claim.time_amount == Decimal("30.00")


def test_corrected_hours_update_a_draft_claim():
    support.rate_card()
    _, person = support.member()
    the_meeting = support.meeting(hours=2)
    support.attend(the_meeting, person)
    claim = support.attend(the_meeting, person, hours=Decimal("1.5"))
    assert claim.hours == Decimal("1.50")
    assert claim.time_amount == Decimal("30.00")


def test_marked_absent_withdraws_the_draft_and_present_again_restores_it():
    support.rate_card()
    _, person = support.member()
    the_meeting = support.meeting()
    support.attend(the_meeting, person)
    claim = support.attend(the_meeting, person, status=AttendanceStatus.ABSENT)
    assert claim.status == ClaimStatus.WITHDRAWN
    claim = support.attend(the_meeting, person)
    assert claim.status == ClaimStatus.DRAFT


def test_a_change_after_approval_changes_nothing_but_warns_finance(finance_approver):
    support.rate_card()
    user, person = support.member()
    the_meeting = support.meeting()
    claim = support.approved(support.attend(the_meeting, person), user, finance_approver)
    support.attend(the_meeting, person, hours=Decimal("0.5"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.hours == Decimal("2.00")
    assert claim.attendance_changed_at is not None


def test_volunteers_get_no_time_claim_but_may_claim_expenses():
    support.rate_card()
    user, person = support.member(PaymentMethod.DECLINE)
    the_meeting = support.meeting()
    assert support.attend(the_meeting, person) is None
    claim = services.start_claim(person, the_meeting, actor=user)
    assert claim.time_amount == Decimal("0.00") and claim.activity == ""


def test_reduced_payment_is_capped_at_the_chosen_amount():
    support.rate_card()
    _, person = support.member(PaymentMethod.REDUCE)
    claim = support.attend(support.meeting(hours=3), person)
    assert claim.time_amount == Decimal("15.00")


def test_a_second_claim_for_the_same_meeting_is_refused():
    support.rate_card()
    user, person = support.member()
    the_meeting = support.meeting()
    support.attend(the_meeting, person)
    with pytest.raises(services.PaymentError, match="already a claim"):
        services.start_claim(person, the_meeting, actor=user)
    assert Claim.objects.filter(person=person).count() == 1


def test_a_claim_for_a_meeting_not_attended_is_refused():
    support.rate_card()
    user, person = support.member(PaymentMethod.DECLINE)
    the_meeting = support.meeting()
    with pytest.raises(services.PaymentError, match="recorded as attending"):
        services.start_claim(person, the_meeting, actor=user)
    support.attend(the_meeting, person, status=AttendanceStatus.APOLOGIES)
    with pytest.raises(services.PaymentError, match="recorded as attending"):
        services.start_claim(person, the_meeting, actor=user)
