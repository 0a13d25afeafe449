"""Builders for programme tests: the programme record, board meetings with decisions, board terms,
challenges and concordat versions."""

import datetime
import itertools

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings import services as meetings_services
from coproduce.programme import services
from coproduce.programme.choices import BoardRole
from tests.factories import UserFactory
from tests.meetings import factories as meeting_factories
from tests.meetings.factories import board, member_with_profile, person, project  # noqa: F401

_numbers = itertools.count(1)
TODAY = None


def today():
    return timezone.localdate()


def officer():
    return UserFactory(roles=[Role.OFFICER])


def programme(actor=None):
    return services.create_programme(
        actor=actor or officer(),
        name="Wyvernshire co-production",
        started_on=datetime.date(2024, 4, 1),
        budget="250000.00",
        cost_centres="COP01, COP02",
    )


def board_meeting(*, days=-30, actor=None):
    actor = actor or officer()
    return meeting_factories.meeting(
        body=board(), organiser=actor, starts_in=datetime.timedelta(days=days), title="Co-production Board"
    )


def board_decision(text="Approve it", *, actor=None, days=-30):
    actor = actor or officer()
    return meetings_services.add_decision(board_meeting(days=days, actor=actor), text, actor=actor)


def term(role=BoardRole.LIVED, *, who=None, starts=-100, ends=265, actor=None):
    return services.start_term(
        actor=actor or officer(),
        person=who or person(),
        role=role,
        starts_on=today() + datetime.timedelta(days=starts),
        ends_on=today() + datetime.timedelta(days=ends),
    )


def challenge(project_=None, *, actor=None, days=14, text="Who did you ask?"):
    return services.raise_challenge(
        actor=actor or officer(),
        project=project_ or project(),
        kind="question",
        text=text,
        respond_by=today() + datetime.timedelta(days=days),
    )


def concordat(*, actor=None, what_changed=""):
    actor = actor or officer()
    return services.approve_concordat_version(
        actor=actor,
        title="Wyvernshire Co-production Concordat",
        text="# We agree\n\n- to share power",
        what_changed=what_changed,
        decision=board_decision("Adopt the concordat", actor=actor),
    )
