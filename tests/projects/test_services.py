"""The workflow rules: triage, the target below co-designing, stages one step at a time, the concurrent
move, ladder ratings and the achieved rung."""

import pytest
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from coproduce.accounts.models import Role
from coproduce.accounts.selectors import site_url
from coproduce.audit.models import AuditEvent
from coproduce.projects import selectors, services
from coproduce.projects.choices import ACTIVE_STAGES, STAGE_ORDER, RatingMoment, Rung, Stage, TriageState
from coproduce.projects.models import LadderRating, Project, StageChange
from tests.factories import UserFactory

from .factories import PRINCIPLE_NOTES, accepted, at_stage, requested


@pytest.fixture
def officer(db):
    return UserFactory(roles=[Role.OFFICER])


def accept(project, officer, **overrides):
    values = {
        "target_rung": Rung.CO_PRODUCING,
        "justification": "Shared decisions throughout.",
        "principles": PRINCIPLE_NOTES,
        "below_reason": "",
    }
    values.update(overrides)
    return services.accept_request(project, actor=officer, **values)


def test_a_request_starts_awaiting_triage_with_its_history(db):
    project = requested()
    assert project.stage == Stage.REQUESTED
    assert project.triage_state == TriageState.AWAITING
    assert list(project.stage_changes.values_list("from_stage", "to_stage")) == [("", Stage.REQUESTED)]
    assert AuditEvent.objects.filter(verb="project.requested", object_id=str(project.pk)).exists()


def test_two_requests_with_the_same_title_get_different_slugs(db):
    first, second = requested(title="Carers' breaks"), requested(title="Carers' breaks")
    assert first.slug == "carers-breaks" and second.slug == "carers-breaks-2"


def test_accepting_records_the_target_the_principles_and_moves_to_scoping(
    db, officer, django_capture_on_commit_callbacks
):
    project = requested()
    with django_capture_on_commit_callbacks(execute=True):
        project = accept(project, officer)
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING and project.triage_state == TriageState.ACCEPTED
    assert project.target_rung == Rung.CO_PRODUCING
    assert project.principles_check == PRINCIPLE_NOTES
    rating = LadderRating.objects.get(project=project)
    assert rating.moment == RatingMoment.TARGET and rating.rated_by == officer
    assert StageChange.objects.filter(project=project, to_stage=Stage.SCOPING, changed_by=officer).exists()
    assert len(mail.outbox) == 1 and "accepted" in mail.outbox[0].subject
    assert mail.outbox[0].to == [project.requested_by.email]
    assert site_url(f"/requests/{project.pk}/") in mail.outbox[0].body


@pytest.mark.parametrize("principle", ["equality", "diversity", "accessibility", "reciprocity"])
def test_accepting_needs_a_note_on_every_principle(db, officer, principle):
    project = requested()
    with pytest.raises(services.ProjectError, match=principle):
        accept(project, officer, principles={**PRINCIPLE_NOTES, principle: "  "})
    project.refresh_from_db()
    assert project.stage == Stage.REQUESTED and not project.ladder_ratings.exists()


@pytest.mark.parametrize("rung", [Rung.COERCION, Rung.INFORMING, Rung.CONSULTING, Rung.ENGAGING])
def test_a_target_below_co_designing_needs_a_reason(db, officer, rung):
    project = requested()
    with pytest.raises(services.ProjectError, match="consultation, not co-production"):
        accept(project, officer, target_rung=rung)
    project = accept(project, officer, target_rung=rung, below_reason="A first step with this team.")
    assert project.below_co_production_reason == "A first step with this team."


def test_a_target_at_co_designing_needs_no_reason_and_keeps_none(db, officer):
    project = accept(requested(), officer, target_rung=Rung.CO_DESIGNING, below_reason="ignored")
    assert project.below_co_production_reason == ""


def test_declining_needs_a_reason_the_requester_sees(db, officer, django_capture_on_commit_callbacks):
    project = requested()
    with pytest.raises(services.ProjectError):
        services.decline_request(project, reason=" ", actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_request(project, reason="The decision has already been made.", actor=officer)
    project.refresh_from_db()
    assert project.stage == Stage.DECLINED and project.triage_message == "The decision has already been made."
    assert "The decision has already been made." in mail.outbox[0].body


def test_more_information_then_the_requester_resubmits(db, officer, django_capture_on_commit_callbacks):
    project = requested()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_more_information(project, question="What is the budget for?", actor=officer)
    assert "What is the budget for?" in mail.outbox[0].body
    project.refresh_from_db()
    assert project.triage_state == TriageState.MORE_INFORMATION
    services.resubmit_request(
        project, {"can_change": "Times, places and the menu."}, actor=project.requested_by
    )
    project.refresh_from_db()
    assert (
        project.triage_state == TriageState.AWAITING and project.can_change == "Times, places and the menu."
    )
    with pytest.raises(services.ProjectError):
        services.resubmit_request(project, {"can_change": "again"}, actor=project.requested_by)


def test_a_request_cannot_be_triaged_twice(db, officer):
    project = requested()
    services.decline_request(project, reason="Out of scope.", actor=officer)
    with pytest.raises(services.ProjectError, match="already been dealt with"):
        accept(project, officer)
    with pytest.raises(services.ProjectError, match="already been dealt with"):
        services.ask_for_more_information(project, question="?", actor=officer)


def test_asking_again_before_the_requester_answers_says_so(db, officer):
    project = requested()
    services.ask_for_more_information(project, question="Who decides?", actor=officer)
    with pytest.raises(services.ProjectError, match="You have already asked for more information"):
        services.ask_for_more_information(project, question="And when?", actor=officer)
    project.refresh_from_db()
    assert project.triage_message == "Who decides?"
    accept(project, officer)  # accepting or declining meanwhile is still allowed


def test_stages_move_forward_one_at_a_time(db, officer):
    project = accepted()
    with pytest.raises(services.ProjectError, match="cannot move from scoping to delivering"):
        services.move_stage(project, Stage.DELIVERING, expected=Stage.SCOPING, actor=officer)
    for to_stage in (Stage.DESIGNING, Stage.DELIVERING, Stage.REVIEWING, Stage.CLOSED):
        project = services.move_stage(project, to_stage, expected=project.stage, actor=officer)
    assert project.stage == Stage.CLOSED
    history = list(project.stage_changes.values_list("to_stage", flat=True))
    assert history == ["requested", "scoping", "designing", "delivering", "reviewing", "closed"]
    assert selectors.allowed_moves(Stage.CLOSED) == {}


def test_moving_back_one_step_needs_a_reason(db, officer):
    project = at_stage(Stage.DELIVERING)
    with pytest.raises(services.ProjectError, match="reason for moving back"):
        services.move_stage(project, Stage.DESIGNING, expected=Stage.DELIVERING, actor=officer)
    with pytest.raises(services.ProjectError, match="cannot move"):
        services.move_stage(project, Stage.SCOPING, expected=Stage.DELIVERING, reason="x", actor=officer)
    project = services.move_stage(
        project, Stage.DESIGNING, expected=Stage.DELIVERING, reason="Redo", actor=officer
    )
    assert project.stage == Stage.DESIGNING
    assert project.stage_changes.last().reason == "Redo"


def test_scoping_cannot_go_back_to_being_a_request(db, officer):
    project = accepted()
    with pytest.raises(services.ProjectError):
        services.move_stage(project, Stage.REQUESTED, expected=Stage.SCOPING, reason="x", actor=officer)


@pytest.mark.parametrize("stage", [Stage.SCOPING, Stage.DESIGNING, Stage.DELIVERING, Stage.REVIEWING])
def test_any_active_stage_can_be_stopped_with_a_reason(db, officer, stage):
    project = at_stage(stage)
    with pytest.raises(services.ProjectError, match="reason for stopping"):
        services.move_stage(project, Stage.STOPPED, expected=stage, actor=officer)
    project = services.move_stage(
        project, Stage.STOPPED, expected=stage, reason="Funding withdrawn", actor=officer
    )
    assert project.stage == Stage.STOPPED and project.stopped_reason == "Funding withdrawn"
    with pytest.raises(services.ProjectError):
        services.move_stage(project, Stage.SCOPING, expected=Stage.STOPPED, reason="x", actor=officer)


def test_requests_and_finished_projects_cannot_be_moved(db, officer):
    project = requested()
    with pytest.raises(services.ProjectError):
        services.move_stage(project, Stage.SCOPING, expected=Stage.REQUESTED, actor=officer)
    with pytest.raises(services.ProjectError):
        services.move_stage(project, Stage.STOPPED, expected=Stage.REQUESTED, reason="x", actor=officer)


def test_of_two_officers_moving_the_same_project_only_one_succeeds(db, officer):
    project = accepted()
    other = UserFactory(roles=[Role.OFFICER])
    seen_by_first, seen_by_second = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    services.move_stage(seen_by_first, Stage.DESIGNING, expected=Stage.SCOPING, actor=officer)
    with pytest.raises(services.ProjectError, match="Someone else has just moved"):
        services.move_stage(seen_by_second, Stage.STOPPED, expected=Stage.SCOPING, reason="x", actor=other)
    project.refresh_from_db()
    assert project.stage == Stage.DESIGNING
    assert project.stage_changes.filter(from_stage=Stage.SCOPING).count() == 1


def test_the_conditional_update_refuses_a_stale_stage_even_without_the_lock(db, officer):
    """The row lock is the first guard; the stage is also only changed if it is still the one expected."""
    project = accepted()
    Project.objects.filter(pk=project.pk).update(stage=Stage.DESIGNING)
    with pytest.raises(services.ProjectError):
        services._set_stage(project, Stage.DESIGNING, actor=officer, expected=Stage.SCOPING)
    assert project.stage_changes.filter(to_stage=Stage.DESIGNING).count() == 0


def test_ratings_at_review_and_close_set_the_achieved_rung(db, officer):
    project = at_stage(Stage.DELIVERING)
    with pytest.raises(services.ProjectError, match="reviewing stage"):
        services.rate_project(
            project, moment=RatingMoment.REVIEW, rung=Rung.ENGAGING, evidence="x", actor=officer
        )
    project = services.move_stage(project, Stage.REVIEWING, expected=Stage.DELIVERING, actor=officer)
    with pytest.raises(services.ProjectError, match="evidence"):
        services.rate_project(
            project, moment=RatingMoment.REVIEW, rung=Rung.ENGAGING, evidence=" ", actor=officer
        )
    services.rate_project(
        project, moment=RatingMoment.REVIEW, rung=Rung.ENGAGING, evidence="Minutes", actor=officer
    )
    project.refresh_from_db()
    assert project.achieved_rung == Rung.ENGAGING
    services.rate_project(
        project, moment=RatingMoment.CLOSE, rung=Rung.CO_DESIGNING, evidence="Report", actor=officer
    )
    services.rate_project(
        project, moment=RatingMoment.REVIEW, rung=Rung.CONSULTING, evidence="Later", actor=officer
    )
    project.refresh_from_db()
    assert project.achieved_rung == Rung.CO_DESIGNING  # the close rating wins over a later review
    with pytest.raises(services.ProjectError):
        services.rate_project(
            project, moment=RatingMoment.TARGET, rung=Rung.CO_DESIGNING, evidence="x", actor=officer
        )


def test_publishing_keeps_only_known_sections_in_a_fixed_order(db, officer):
    project = accepted()
    services.set_publishing(
        project, is_published=True, sections=["outputs", "nonsense", "about"], actor=officer
    )
    project.refresh_from_db()
    assert project.is_published and project.public_sections == ["about", "outputs"]
    assert AuditEvent.objects.filter(verb="project.publishing_changed").count() == 1
    services.set_publishing(project, is_published=True, sections=["about", "outputs"], actor=officer)
    assert AuditEvent.objects.filter(verb="project.publishing_changed").count() == 1


def test_the_jargon_buster_holds_a_term_once(db, officer):
    project = accepted()
    services.add_jargon(
        project, term="SEND", meaning="Special educational needs and disabilities", actor=officer
    )
    with pytest.raises(services.ProjectError):
        services.add_jargon(project, term="send", meaning="again", actor=officer)


@given(st.sampled_from(Stage.values))
def test_no_allowed_move_skips_a_stage_or_leaves_a_finished_project(stage):
    moves = selectors.allowed_moves(stage)
    if stage not in ACTIVE_STAGES:
        assert moves == {}
    for to_stage, kind in moves.items():
        if kind == "stop":
            assert to_stage == Stage.STOPPED
        else:
            step = STAGE_ORDER.index(to_stage) - STAGE_ORDER.index(stage)
            assert step == (1 if kind == "forward" else -1)
            assert to_stage != Stage.REQUESTED
