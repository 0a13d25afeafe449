"""A member with something recorded in every app (projects, opportunities, meetings, payments), for the
data-rights tests: the download, erasure and the "Your involvement" part of their profile."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.meetings import services as meetings_services
from coproduce.meetings.choices import RegistrationStatus
from coproduce.meetings.models import Action, Registration
from coproduce.opportunities.choices import InterestStatus, InvitationMethod
from coproduce.opportunities.models import Invitation
from coproduce.payments import services as payments_services
from coproduce.payments.choices import ExpenseKind
from coproduce.payments.models import ActivityRate, ExpenseLine
from coproduce.projects.choices import TeamRole
from coproduce.projects.models import TeamMember
from tests.factories import UserFactory
from tests.meetings import factories as meeting_factories
from tests.opportunities.factories import InterestFactory, OpportunityFactory, ProjectFactory
from tests.payments import support as payments_support


@dataclass
class Involved:
    user: object
    person: object
    project: object
    interest: object
    registration: object
    claim: object


def involved_member(name: str, *, secret: str, account_number: str = "12345678") -> Involved:
    """A member on a project team, with an application, an invitation, a reply to a coming meeting, a past
    meeting attended, an action, a calendar feed and a paid claim with an expense. `secret` marks every
    piece of free text they wrote, so a test can tell their data from anyone else's."""
    if not ActivityRate.objects.exists():
        payments_support.rate_card()
    user, person = payments_support.member(account_name=name)
    payments_services.save_bank_details(
        person, actor=user, account_name=name, sort_code="112233", account_number=account_number
    )
    project = ProjectFactory(title=f"{secret} project")
    TeamMember.objects.create(project=project, person=person, role=TeamRole.CO_LEAD)
    opportunity = OpportunityFactory(title=f"{secret} opportunity", project=project)
    interest = InterestFactory(
        opportunity=opportunity,
        person=person,
        why=f"{secret} why",
        brings=f"{secret} brings",
        access_needs_detail=f"{secret} needs",
        outcome_message=f"{secret} outcome",
        status=InterestStatus.SELECTED,
    )
    officer = UserFactory(roles=[Role.OFFICER])
    Invitation.objects.create(
        opportunity=opportunity, person=person, method=InvitationMethod.EMAIL, invited_by=officer
    )
    coming = meeting_factories.meeting(project_=project, title=f"{secret} coming meeting")
    registration = Registration.objects.create(
        meeting=coming,
        person=person,
        status=RegistrationStatus.REGISTERED,
        adjustments_detail=f"{secret} adjustments",
        companion_name=f"{secret} companion",
        dietary_needs=f"{secret} dietary",
    )
    meetings_services.regenerate_calendar_feed(person, actor=user)
    claim = _paid_claim(user, person, secret)
    Action.objects.create(
        meeting=claim.meeting,
        body=claim.meeting.body,
        description=f"{secret} action",
        owner=person,
        created_by=officer,
    )
    return Involved(user, person, project, interest, registration, claim)


def _paid_claim(user, person, secret: str):
    past = payments_support.meeting(
        day=timezone.localdate() - datetime.timedelta(days=1), hours=2, title=f"{secret} past meeting"
    )
    claim = payments_support.attend(past, person)
    payments_services.add_expense(
        claim,
        line=ExpenseLine(
            kind=ExpenseKind.PUBLIC_TRANSPORT, description=f"{secret} bus", amount=Decimal("4.50")
        ),
        actor=user,
    )
    finance = UserFactory(roles=[Role.FINANCE_APPROVER])
    payments_support.approved(claim, user, finance)
    batch = payments_services.create_batch(actor=finance)
    payments_services.mark_batch_paid(batch, timezone.localdate(), actor=finance)
    claim.refresh_from_db()
    return claim
