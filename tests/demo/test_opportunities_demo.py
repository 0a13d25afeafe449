"""The demo's opportunities: programme-wide ones always, more for each active project; interest from people
whose experience fits, with every outcome; deterministic."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from coproduce.accounts.models import Role, RoleGrant
from coproduce.audit.selectors import verify_chain
from coproduce.opportunities.choices import InterestStatus, Status
from coproduce.opportunities.models import ExpressionOfInterest, Invitation, Opportunity
from coproduce.people.choices import Day, TimeOfDay
from coproduce.projects.choices import Stage, TeamRole
from coproduce.projects.models import TeamMember
from demo.generators import opportunities as opportunities_generator
from demo.generators.context import DemoContext
from tests.demo.support import delete_demo_rows
from tests.opportunities.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


def officers_context(seed=1):
    ctx = DemoContext(seed=seed, scale=0.2, password_hash="")
    ctx.user_ids_by_role[Role.OFFICER] = list(
        RoleGrant.objects.filter(role=Role.OFFICER).values_list("user_id", flat=True)
    )
    return ctx


def test_active_projects_get_opportunities_and_selected_people_join_their_teams():
    load("--scale", "0.2")
    delete_demo_rows(down_to="projects.Project")
    active = [ProjectFactory(stage=stage) for stage in (Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING)]
    finished = ProjectFactory(stage=Stage.CLOSED)
    opportunities_generator.generate(officers_context())
    projects = set(Opportunity.objects.exclude(project=None).values_list("project_id", flat=True))
    assert projects == {project.pk for project in active}
    assert finished.pk not in projects
    selected = ExpressionOfInterest.objects.filter(status=InterestStatus.SELECTED).exclude(
        opportunity__project=None
    )
    for interest in selected:
        assert TeamMember.objects.filter(
            project=interest.opportunity.project, person=interest.person, role=TeamRole.MEMBER
        ).exists()
    assert verify_chain() == []


def test_without_projects_only_the_programme_wide_opportunities_are_made():
    load("--scale", "0.2")
    delete_demo_rows(down_to="projects.Project")
    opportunities_generator.generate(officers_context())
    assert Opportunity.objects.count() == 4
    assert not Opportunity.objects.exclude(project=None).exists()


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_the_programme_wide_opportunities_are_always_made(self):
        assert sorted(Opportunity.objects.filter(project=None).values_list("title", flat=True)) == [
            "Co-trainer for the co-production course",
            "Interview panel for a new director",
            "Join the co-production board",
            "Reading panel for easy-read leaflets",
        ]
        assert {o.status for o in Opportunity.objects.filter(project=None)} == {
            Status.OPEN,
            Status.CLOSED,
            Status.FILLED,
        }
        statuses = Counter(ExpressionOfInterest.objects.values_list("status", flat=True))
        assert statuses[InterestStatus.SELECTED] and statuses[InterestStatus.NOT_SELECTED]
        assert statuses[InterestStatus.ACTIVE]
        assert verify_chain() == []

    def test_interest_comes_from_people_whose_experience_fits_and_who_agreed_to_contact(self):
        for interest in ExpressionOfInterest.objects.select_related("person", "opportunity"):
            wanted = set(interest.opportunity.lived_experience.values_list("pk", flat=True))
            assert wanted & set(interest.person.lived_experience.values_list("pk", flat=True))
            assert interest.person.consents_to_contact
        for filled in Opportunity.objects.filter(status=Status.FILLED):
            assert filled.expressions.filter(status=InterestStatus.SELECTED).count() <= filled.places
        assert Invitation.objects.exists()

    def test_most_demo_opportunities_are_paid_at_the_rate_cards_rate_in_force(self):
        opportunities = list(Opportunity.objects.all())
        from_rate_card = [o for o in opportunities if o.reward_unit == "rate_card"]
        assert len(from_rate_card) > len(opportunities) / 2
        # The payments demo's rate card covers every demo advert's start date: none is left unpriced.
        assert all(o.reward_text.startswith("£") for o in from_rate_card)

    def test_some_demo_opportunities_run_on_set_days_and_times_and_some_are_flexible(self):
        opportunities = list(Opportunity.objects.all())
        flexible = [o for o in opportunities if not o.days and not o.times_of_day]
        fixed = [o for o in opportunities if o.days and o.times_of_day]
        assert flexible and fixed and len(flexible) + len(fixed) == len(opportunities)
        assert all(
            set(o.days) <= set(Day.values) and set(o.times_of_day) <= set(TimeOfDay.values) for o in fixed
        )
