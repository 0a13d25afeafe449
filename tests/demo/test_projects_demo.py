"""The demo's projects: about 60 at every stage, with teams drawn from the demo people, deterministic."""

from collections import Counter

import pytest

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.audit.selectors import verify_chain
from coproduce.people.models import Person
from coproduce.projects.choices import LIVED_EXPERIENCE_ROLES, RatingMoment, Stage, TriageState
from coproduce.projects.models import LadderRating, Project, StageChange, TeamMember

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

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
