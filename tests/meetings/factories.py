"""Builders for meetings tests: a project with a team, a body with members, venues and meetings."""

import datetime
import itertools

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings import services
from coproduce.meetings.choices import BodyRole, Mode
from coproduce.meetings.models import Body, BodyMembership, Meeting, Venue
from coproduce.people.models import Person
from coproduce.projects.choices import Rung, Stage, TeamRole
from coproduce.projects.models import Organisation, Project, ServiceArea, TeamMember
from tests.factories import UserFactory

_numbers = itertools.count(1)


def person(*, user=None, **fields):
    fields.setdefault("full_name", f"Person {next(_numbers)}")
    fields.setdefault("email", f"p{next(_numbers)}@example.test")
    return Person.objects.create(user=user, **fields)


def member_with_profile(*roles, **fields):
    """A signed-in member (or other roles) with a network profile."""
    user = UserFactory(roles=list(roles or [Role.MEMBER]))
    return user, person(user=user, full_name=user.full_name, email=user.email, **fields)


def project(**fields):
    n = next(_numbers)
    area, _ = ServiceArea.objects.get_or_create(
        name="Adult social care", defaults={"slug": "adult-social-care"}
    )
    organisation, _ = Organisation.objects.get_or_create(name="Adult Services")
    defaults = dict(
        title=f"Day services review {n}",
        slug=f"day-services-{n}",
        service_area=area,
        organisation=organisation,
        summary="How day services work",
        affects="People who use day services",
        can_change="Opening times",
        hoped_rung=Rung.CO_PRODUCING,
        requested_by=UserFactory(roles=[Role.PROJECT_LEAD]),
        stage=Stage.DELIVERING,
    )
    defaults.update(fields)
    return Project.objects.create(**defaults)


def join_team(project_, person_, role=TeamRole.MEMBER):
    return TeamMember.objects.create(project=project_, person=person_, role=role)


def board():
    return Body.objects.get(slug="board")


def join_body(body, person_, role=BodyRole.MEMBER):
    return BodyMembership.objects.create(body=body, person=person_, role=role)


def venue(**fields):
    defaults = dict(
        name=f"Wyvernbridge Library {next(_numbers)}", address="1 High Street\nWyvernbridge", step_free=True
    )
    defaults.update(fields)
    return Venue.objects.create(**defaults)


def meeting(*, organiser=None, project_=None, body=None, starts_in=None, hours=2, **fields):
    """A meeting of `project_` (or `body`; a new project if neither) starting `starts_in` from now; by
    default a week today at 10:00 local time, so it starts and ends on one day (the meeting form's shape)
    whatever the hour the tests run at (from 22:00 a meeting two hours from now ended the next day, which the
    edit form rightly refused)."""
    if project_ is None and body is None:
        project_ = project()
    if starts_in is None:
        week_today = timezone.localtime() + datetime.timedelta(days=7)
        starts_at = week_today.replace(hour=10, minute=0, second=0, microsecond=0)
    else:
        starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    organiser = organiser or UserFactory(roles=[Role.OFFICER])
    defaults = dict(
        title="Planning meeting",
        purpose="Plan the next stage",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        mode=Mode.IN_PERSON,
        venue=fields.pop("venue", None) or venue(),
        organiser=organiser,
        created_by=organiser,
    )
    defaults.update(fields)
    return Meeting.objects.create(project=project_, body=body, **defaults)


def register(meeting_, person_, **adjustments):
    return services.register(meeting_, person_, adjustments=adjustments, actor=None)


def registered(meeting_, person_):
    """A registration row as it stands after the meeting (services.register refuses past meetings)."""
    from coproduce.meetings.models import Registration

    return Registration.objects.create(meeting=meeting_, person=person_, status="registered")
