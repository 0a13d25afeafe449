"""Co-trainers with lived experience are paid at the training delivery rate for the session and at the
preparation rate for their preparation (a claim of its own), through payments' approval and ledger; staff
trainers and learners have no time payment."""

import datetime
from decimal import Decimal

import pytest

from coproduce.payments import services as payments
from coproduce.payments.choices import Activity, ClaimStatus
from coproduce.payments.models import Claim
from coproduce.training import exports, services
from coproduce.training.choices import TrainerKind, TrainerRole

from . import factories

pytestmark = pytest.mark.django_db


def _delivered_session():
    factories.training_rates()
    user, paid = factories.trainer()
    _, staff = factories.trainer()
    session = factories.session(
        hours=3,
        trainers=[
            (paid, TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE),
            (staff, TrainerRole.CO_TRAINER, TrainerKind.STAFF),
        ],
    )
    payments.save_payment_choice(paid, actor=user, method="bank")
    _, learner = factories.learner()
    payments.save_payment_choice(learner, actor=user, method="bank")
    factories.book(session, learner)
    factories.move_to_past(session)
    services.record_attendance(
        session, {paid: "present", staff: "present", learner: "present"}, actor=session.meeting.organiser
    )
    return session, user, paid, staff, learner


def test_a_paid_co_trainer_is_claimed_at_the_training_delivery_rate():
    session, _, paid, _, _ = _delivered_session()
    claim = Claim.objects.get(person=paid, meeting=session.meeting)
    assert claim.activity == Activity.TRAINING
    assert claim.hours == Decimal("3.00")
    assert claim.time_amount == Decimal("81.00")


def test_staff_trainers_and_learners_have_no_time_payment():
    session, _, _, staff, learner = _delivered_session()
    for person in (staff, learner):
        claim = Claim.objects.filter(person=person, meeting=session.meeting).first()
        assert claim is None or (claim.activity == "" and claim.time_amount == Decimal("0.00"))


def test_preparation_is_a_claim_of_its_own_at_the_preparation_rate():
    session, _, paid, _, _ = _delivered_session()
    day = session.meeting.starts_at.date() - datetime.timedelta(days=1)
    prep = services.record_preparation(session, {paid.pk: Decimal("2")}, day=day, actor=factories.officer())
    claims = Claim.objects.filter(person=paid).order_by("id")
    assert claims.count() == 2
    preparation = claims.get(meeting=prep)
    assert (preparation.activity, preparation.hours, preparation.time_amount) == (
        Activity.PREPARATION,
        Decimal("2.00"),
        Decimal("42.00"),
    )
    session.refresh_from_db()
    assert session.preparation_meeting == prep
    # Recording again changes the same claim, never a second one.
    services.record_preparation(session, {paid.pk: Decimal("3")}, day=day, actor=factories.officer())
    preparation.refresh_from_db()
    assert preparation.hours == Decimal("3.00") and Claim.objects.filter(person=paid).count() == 2


def test_preparation_for_someone_who_is_not_a_trainer_is_refused():
    session, _, _, _, learner = _delivered_session()
    with pytest.raises(Exception) as refused:
        services.record_preparation(
            session, {learner.pk: Decimal("2")}, day=datetime.date(2024, 1, 1), actor=factories.officer()
        )
    assert "trainers" in str(refused.value)


def test_the_co_trainers_claim_goes_through_the_usual_approval_into_the_ledger_and_the_report():
    session, user, paid, _, _ = _delivered_session()
    finance = factories.UserFactory(roles=["finance_approver"])
    claim = Claim.objects.get(person=paid, meeting=session.meeting)
    payments.submit_claim(claim, actor=user)
    payments.check_claim(claim, actor=session.meeting.organiser)
    payments.approve_claim(claim, actor=finance)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    services.refresh_report()  # the nightly refresh picks up pay approved in payments
    rows = exports.report_tables()["pay"]
    assert [(row[1], row[3]) for row in rows] == [("Training delivery", Decimal("81.00"))]
