"""The demo's projects: about 60 at every stage, with teams drawn from the demo people, deterministic."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.audit.selectors import verify_chain
from coproduce.people.models import Person
from coproduce.projects.choices import LIVED_EXPERIENCE_ROLES, RatingMoment, Stage, TriageState
from coproduce.projects.models import LadderRating, Project, StageChange, TeamMember
from tests.demo.support import delete_demo_rows, demo_loaded_once

pytestmark = pytest.mark.django_db


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


def test_the_same_seed_makes_the_same_projects():
    def snapshot():
        return sorted(
            Project.objects.values_list(
                "title", "stage", "target_rung", "achieved_rung", "is_published", "requested_at"
            )
        ), Counter(TeamMember.objects.values_list("role", flat=True))

    load("--seed", "4", "--scale", "0.3")
    first = snapshot()
    delete_demo_rows()
    load("--seed", "4", "--scale", "0.3")
    assert snapshot() == first


@pytest.fixture(scope="class")
def demo_at_scale_1(django_db_setup, django_db_blocker):
    with demo_loaded_once(django_db_blocker):
        yield


@pytest.mark.usefixtures("demo_at_scale_1")
class TestOneLoadOfTheDemo:
    """These tests only read the scale-1 demo: it is loaded once for them."""

    def test_scale_one_makes_sixty_projects_at_every_stage(self):
        assert Project.objects.count() == 60
        stages = Counter(Project.objects.values_list("stage", flat=True))
        assert set(stages) == set(Stage.values)
        assert stages[Stage.CLOSED] == 15 and 2 <= stages[Stage.STOPPED] <= 3
        triage = Counter(Project.objects.filter(stage=Stage.REQUESTED).values_list("triage_state", flat=True))
        assert triage[TriageState.AWAITING] >= 3 and triage[TriageState.MORE_INFORMATION] >= 2
        assert Project.objects.values("service_area").distinct().count() == 10
        assert Project.objects.published().count() > 30
        assert not Project.objects.filter(
            is_published=True, stage__in=[Stage.REQUESTED, Stage.DECLINED]
        ).exists()
        assert verify_chain() == []

    def test_closed_projects_have_review_and_close_ratings_and_an_achieved_rung(self):
        for project in Project.objects.filter(stage=Stage.CLOSED):
            moments = set(project.ladder_ratings.values_list("moment", flat=True))
            assert moments == {RatingMoment.TARGET, RatingMoment.REVIEW, RatingMoment.CLOSE}
            close = project.ladder_ratings.filter(moment=RatingMoment.CLOSE).get()
            assert project.achieved_rung == close.rung
        assert not LadderRating.objects.filter(project__stage=Stage.REQUESTED).exists()

    def test_stage_histories_run_forward_in_time_and_end_at_the_current_stage(self):
        for project in Project.objects.prefetch_related("stage_changes"):
            changes = list(project.stage_changes.all())
            assert changes[0].to_stage == Stage.REQUESTED and changes[-1].to_stage == project.stage
            times = [change.changed_at for change in changes]
            assert times == sorted(times)
        assert (
            StageChange.objects.filter(to_stage=Stage.STOPPED).exclude(reason="").count()
            == Project.objects.filter(stage=Stage.STOPPED).count()
        )

    def test_teams_draw_lived_experience_from_members_and_staff_from_staff_accounts(self):
        staff_ids = set(
            RoleGrant.objects.filter(role__in=[Role.PROJECT_LEAD, Role.OFFICER]).values_list(
                "user_id", flat=True
            )
        )
        for member in TeamMember.objects.select_related("person"):
            if member.role in LIVED_EXPERIENCE_ROLES:
                assert member.person.user_id not in staff_ids
            else:
                assert member.person.user_id in staff_ids
        demo_member = Person.objects.get(user__email="member@demo.coproduce.test")
        assert TeamMember.objects.filter(person=demo_member).exists()
        demo_lead = User.objects.get(email="lead@demo.coproduce.test")
        states = set(Project.objects.filter(requested_by=demo_lead).values_list("triage_state", flat=True))
        assert states >= {
            TriageState.AWAITING,
            TriageState.MORE_INFORMATION,
            TriageState.DECLINED,
            TriageState.ACCEPTED,
        }
