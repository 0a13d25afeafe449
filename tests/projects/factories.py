"""Projects for tests: made through the services where a workflow matters, directly where it does not."""

from __future__ import annotations

import itertools
from decimal import Decimal

from coproduce.accounts.models import Role
from coproduce.people.choices import ConsentMethod, ConsentPurpose
from coproduce.people.models import Consent, Person
from coproduce.projects import services
from coproduce.projects.choices import Rung, Stage
from coproduce.projects.models import Organisation, Project, ServiceArea
from tests.factories import UserFactory

_numbers = itertools.count(1)

PRINCIPLE_NOTES = {
    "equality": "Everyone is paid the same rate and chairs in turn.",
    "diversity": "Recruiting through the carers' centre and the mosque.",
    "accessibility": "Easy read papers a week ahead; step-free venue.",
    "reciprocity": "Paid for time; training certificate.",
}


def service_area(name="Adult social care") -> ServiceArea:
    area, _ = ServiceArea.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})
    return area


def organisation(name="Wyvernshire County Council – Adult Services") -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name)
    return org


def request_data(**overrides) -> dict:
    n = next(_numbers)
    data = {
        "title": f"Day opportunities review {n}",
        "summary": "How day services for adults with a learning disability are planned.",
        "affects": "Adults with a learning disability and their carers.",
        "can_change": "Where and when sessions run.",
        "cannot_change": "The overall budget.",
        "decision_deadline": None,
        "involvement_budget": Decimal("1500.00"),
        "hoped_rung": Rung.CO_PRODUCING,
        "service_area": service_area(),
        "organisation": organisation(),
    }
    data.update(overrides)
    return data


def project_lead(**kwargs):
    return UserFactory(roles=[Role.PROJECT_LEAD], **kwargs)


def requested(actor=None, **overrides) -> Project:
    return services.create_request(request_data(**overrides), actor=actor or project_lead())


def accepted(actor=None, officer=None, target=Rung.CO_PRODUCING, **overrides) -> Project:
    project = requested(actor=actor, **overrides)
    officer = officer or UserFactory(roles=[Role.OFFICER])
    return services.accept_request(
        project,
        target_rung=target,
        justification="People will share decisions from the start.",
        principles=PRINCIPLE_NOTES,
        below_reason="" if target >= Rung.CO_DESIGNING else "A first step with this service.",
        actor=officer,
    )


def at_stage(stage: str, **kwargs) -> Project:
    project = accepted(**kwargs)
    officer = UserFactory(roles=[Role.OFFICER])
    order = [Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING, Stage.REVIEWING, Stage.CLOSED]
    for to_stage in order[1 : order.index(stage) + 1]:
        project = services.move_stage(project, to_stage, expected=project.stage, actor=officer)
    return project


def person(name=None, *, user=None, named=None) -> Person:
    """A person in the network; `named` records their decision on being quoted (named publicly)."""
    someone = Person.objects.create(full_name=name or f"Team Person{next(_numbers)}", user=user)
    if named is not None:
        Consent.objects.create(
            person=someone, purpose=ConsentPurpose.QUOTES, given=named, method=ConsentMethod.ONLINE
        )
    return someone


def member_on(project, role="member", *, name=None, named=None):
    """A member account with a profile, on `project` in `role`; returns (user, team member)."""
    user = UserFactory(roles=[Role.MEMBER], full_name=name or f"Member Person{next(_numbers)}")
    someone = person(user.full_name, user=user, named=named)
    return user, services.add_team_member(project, someone, role, actor=project.requested_by)
