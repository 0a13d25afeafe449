"""An officer starts a claim for someone (expenses only if need be) for a meeting they attended, recorded as
made on their behalf; and the kind emails people get as their claim moves on (none for people without an
email address, who officers keep informed another way)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.meetings.choices import AttendanceStatus
from coproduce.meetings.models import Attendance
from coproduce.payments import services
from coproduce.payments.choices import ClaimStatus, PaymentMethod
from coproduce.payments.models import Claim, ExpenseLine
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.on_commit import committed

from . import support

pytestmark = pytest.mark.django_db


# --- An officer starts a claim on someone's behalf ----------------------------------------------------------


def test_an_officer_starts_an_expenses_only_claim_for_a_volunteer(client, officer):
    support.rate_card()
    _, person = support.member(PaymentMethod.DECLINE)
    meeting = support.meeting(hours=2, title="Travel group")
    assert support.attend(meeting, person) is None, "no time claim for someone who volunteers"
    sign_in(client, officer)
    url = reverse("payments_manage:start_claim_for", args=[person.pk])
    assert meeting.title in client.get(url).content.decode()

    response = client.post(url, {"meeting": meeting.pk}, follow=True)
    claim = Claim.objects.get(person=person, meeting=meeting)
    assert claim.started_on_behalf_by == officer and claim.time_amount == 0
    assert f"{officer.full_name}, on the person" in response.content.decode()
    assert AuditEvent.objects.filter(
        verb="payments.claim_created", actor=officer, object_id=str(claim.pk)
    ).exists()


def test_expenses_only_leaves_out_the_time_of_someone_who_is_paid(client, officer):
    support.rate_card()
    _, person = support.member()
    meeting = support.meeting(hours=2)
    # Attendance with no time claim: written straight to the table, as a row saved before claims were made
    # in the attendance's own transaction (record_attendance now makes the claim with it).
    Attendance.objects.create(
        meeting=meeting,
        person=person,
        status=AttendanceStatus.PRESENT,
        hours=Decimal("2"),
        recorded_by=officer,
    )
    assert not Claim.objects.filter(person=person).exists()
    sign_in(client, officer)
    url = reverse("payments_manage:start_claim_for", args=[person.pk])
    client.post(url, {"meeting": meeting.pk, "expenses_only": "on"})
    claim = Claim.objects.get(person=person, meeting=meeting)
    assert (claim.activity, claim.time_amount, claim.started_on_behalf_by) == ("", Decimal("0.00"), officer)


def test_one_claim_per_meeting_and_only_for_a_meeting_attended(client, officer):
    support.rate_card()
    _, person = support.member()
    attended, missed = support.meeting(title="Attended"), support.meeting(title="Missed")
    support.attend(attended, person)
    support.attend(missed, person, status=AttendanceStatus.APOLOGIES)
    with pytest.raises(services.PaymentError, match="already a claim for this meeting"):
        services.start_claim(person, attended, actor=officer, on_behalf=True)
    with pytest.raises(services.PaymentError, match="meeting they were recorded as attending"):
        services.start_claim(person, missed, actor=officer, on_behalf=True)

    sign_in(client, officer)
    url = reverse("payments_manage:start_claim_for", args=[person.pk])
    page = client.get(url).content.decode()
    assert "Attended" not in page and "Missed" not in page and "no meetings to claim for" in page
    refused = client.post(url, {"meeting": missed.pk}).content.decode()
    assert "Select one of the meetings listed" in refused
    assert Claim.objects.filter(person=person).count() == 1


def test_members_cannot_start_claims_for_others(client, member):
    _, person = support.member()
    sign_in(client, member)
    response = client.get(reverse("payments_manage:start_claim_for", args=[person.pk]))
    assert response.status_code in (403, 404)


# --- Emails -------------------------------------------------------------------------------------------------


def test_the_person_and_the_organiser_hear_at_each_step(finance_approver):
    support.rate_card()
    organiser = UserFactory(roles=[Role.OFFICER], email="organiser@example.org")
    user, person = support.member()
    claim = support.attend(support.meeting(organiser, hours=2), person)
    [draft] = mail.outbox
    assert draft.to == [person.email] and "Please check your claim" in draft.subject
    assert "add any travel" in draft.body and f"/payments/claims/{claim.pk}/" in draft.body

    committed(lambda: services.submit_claim(claim, actor=user))
    assert mail.outbox[-1].to == ["organiser@example.org"]
    assert person.full_name in mail.outbox[-1].body and "£40.00" in mail.outbox[-1].body

    committed(lambda: services.query_claim(claim, "Did you stay for lunch?", actor=organiser))
    assert mail.outbox[-1].to == [person.email] and "Did you stay for lunch?" in mail.outbox[-1].body

    committed(lambda: services.submit_claim(claim, actor=user))
    committed(lambda: services.check_claim(claim, actor=organiser))
    committed(lambda: services.approve_claim(claim, actor=finance_approver))
    assert "is approved" in mail.outbox[-1].subject and mail.outbox[-1].to == [person.email]

    batch = services.create_batch(actor=finance_approver)
    paid_on = timezone.localdate() - datetime.timedelta(days=1)
    committed(lambda: services.mark_batch_paid(batch, paid_on, actor=finance_approver))
    body = mail.outbox[-1].body
    assert "has been paid" in mail.outbox[-1].subject
    assert "£40.00" in body and "by bank transfer" in body and f"{paid_on:%-d %B %Y}" in body


def test_a_donation_email_names_the_charity(finance_approver):
    support.rate_card()
    user, person = support.member(PaymentMethod.DONATE)
    claim = support.approved(support.attend(support.meeting(hours=1), person), user, finance_approver)
    batch = services.create_batch(actor=finance_approver)
    committed(lambda: services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver))
    assert "£20.00, as a donation to Wyvern Hospice" in mail.outbox[-1].body
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID


def test_people_without_an_email_address_get_none_and_nothing_breaks(finance_approver):
    support.rate_card()
    user, person = support.member()
    person.email = ""
    person.save()
    claim = support.attend(support.meeting(hours=2), person)
    services.add_expense(claim, line=ExpenseLine(kind="meal", amount=Decimal("6.00")), actor=user)
    committed(lambda: support.approved(claim, user, finance_approver))
    batch = services.create_batch(actor=finance_approver)
    committed(lambda: services.mark_batch_paid(batch, timezone.localdate(), actor=finance_approver))
    assert all(person.email not in message.to for message in mail.outbox)
    assert [m.to for m in mail.outbox] == [[claim.meeting.organiser.email]], "only the organiser was told"
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PAID
