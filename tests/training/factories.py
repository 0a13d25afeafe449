"""Builders for training tests: a course, a session of it with trainers from the training body, learners."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings.choices import BodyKind, BodyRole, Mode
from coproduce.meetings.models import Body, BodyMembership, Meeting
from coproduce.payments.choices import Activity, RateUnit
from coproduce.payments.models import ActivityRate
from coproduce.projects.models import Organisation
from coproduce.training import services
from coproduce.training.choices import CourseFormat, LearnerRole, TrainerKind, TrainerRole
from coproduce.training.models import Course, Session
from tests.factories import UserFactory
from tests.meetings.factories import person, venue

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(1)


def training_body() -> Body:
    return Body.objects.get(kind=BodyKind.TRAINING)


def officer():
    return UserFactory(roles=[Role.OFFICER])


def course(actor=None, **fields) -> Course:
    n = next(_numbers)
    defaults = dict(
        title=f"Paying people fairly {n}",
        summary="Why and how we pay people for their time.",
        audiences=["staff", "members"],
        learning_outcomes="Explain the rate card\nHelp someone think about benefits",
        duration_hours=Decimal("3.0"),
        format=CourseFormat.IN_PERSON,
    )
    defaults.update(fields)
    return services.create_course(actor=actor or officer(), **defaults)


def trainer(kind_role=Role.MEMBER, **fields):
    """Someone in the training body's trainer pool (with a sign-in)."""
    user, someone = learner(role=kind_role, **fields)
    BodyMembership.objects.create(body=training_body(), person=someone, role=BodyRole.MEMBER)
    return user, someone


def session(
    the_course=None, *, actor=None, starts_in=datetime.timedelta(days=10), hours=3, capacity=12, trainers=None
):
    """A session created through the service (refuses past dates? no: the meeting takes any date)."""
    actor = actor or officer()
    the_course = the_course or course(actor)
    starts = (timezone.now() + starts_in).replace(microsecond=0, second=0)
    if trainers is None:
        trainers = [(trainer()[1], TrainerRole.LEAD, TrainerKind.LIVED_EXPERIENCE)]
    return services.create_session(
        the_course,
        trainers=trainers,
        actor=actor,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        mode=Mode.IN_PERSON,
        venue=venue(),
        capacity=capacity,
        organiser=actor,
    )


def move_to_past(the_session: Session, *, days=2) -> Session:
    """Put a session (booked while in the future) in the past, as time would."""
    meeting = the_session.meeting
    length = meeting.ends_at - meeting.starts_at
    starts = (timezone.now() - datetime.timedelta(days=days)).replace(microsecond=0, second=0)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + length)
    Session.objects.filter(pk=the_session.pk).update(starts_at=starts)
    the_session.bookings.update(starts_at=starts)
    the_session.refresh_from_db()
    the_session.meeting.refresh_from_db()
    return the_session


def learner(full_name=None, role=Role.MEMBER, **fields):
    """A signed-in member with a profile."""
    user = UserFactory(roles=[role], **({"full_name": full_name} if full_name else {}))
    return user, person(user=user, full_name=user.full_name, email=user.email, **fields)


def book(the_session, someone, *, actor=None, role=LearnerRole.MEMBER, **kwargs):
    return services.book(the_session, someone, role=role, actor=actor or officer(), **kwargs)


def organisation(name="Adult Services"):
    return Organisation.objects.get_or_create(name=name)[0]


def training_rates(actor=None):
    actor = actor or UserFactory(roles=[Role.FINANCE_APPROVER])
    start = datetime.date(2020, 4, 1)
    for activity, amount in (
        (Activity.MEETING, "20.00"),
        (Activity.TRAINING, "27.00"),
        (Activity.PREPARATION, "21.00"),
    ):
        ActivityRate.objects.create(
            activity=activity,
            unit=RateUnit.HOUR,
            amount=Decimal(amount),
            effective_from=start,
            created_by=actor,
        )


__all__ = ["person"]
