"""The programme's, board's and concordat's rules, through their services: each refusal names its field
and saves nothing; each change is audited."""

import datetime

import pytest
from django.core import mail

from coproduce.accounts.models import Role, RoleGrant
from coproduce.audit.models import AuditEvent
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.meetings.models import AgendaItem, BodyMembership
from coproduce.programme import selectors, services
from coproduce.programme.choices import BoardRole, Shift
from coproduce.programme.models import BoardTerm, Challenge, ShiftNote, Signature, TermsOfReference

from . import factories as f

DAY = datetime.timedelta(days=1)


def refused(call, field):
    with pytest.raises(ServiceError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    return caught.value


def test_the_programme_record_holds_the_seven_shifts(db):
    programme = f.programme()
    shifts = selectors.shifts(programme)
    assert [s.shift for s in shifts] == list(Shift.values)
    assert Shift.SENIOR_COMMITMENT.label == "Senior-level commitment"
    assert programme.cost_centre_list == ["COP01", "COP02"]
    assert AuditEvent.objects.filter(verb="programme.created").exists()
    with pytest.raises(ConflictError):
        f.programme()


def test_a_shift_gets_an_owner_a_status_and_dated_notes(db):
    actor = f.officer()
    shift = selectors.shifts(f.programme())[0]
    owner = f.person()
    assert services.update_shift(shift, actor=actor, owner=owner, status="in_progress") == ["owner", "status"]
    services.add_shift_note(shift, actor=actor, noted_on=f.today(), text="Cabinet paper agreed")
    refused(
        lambda: services.add_shift_note(shift, actor=actor, noted_on=f.today() + DAY, text="x"), "noted_on"
    )
    assert list(ShiftNote.objects.values_list("text", flat=True)) == ["Cabinet paper agreed"]


def test_it_refuses_a_commitment_reviewed_before_it_was_made(db):
    programme, actor = f.programme(), f.officer()
    refused(
        lambda: services.add_commitment(
            programme,
            actor=actor,
            text="We will co-produce",
            source="Corporate plan",
            made_by="Council leader",
            made_on=f.today() - DAY,
            review_on=f.today() - 2 * DAY,
        ),
        "review_on",
    )
    assert not programme.commitments.exists()
    services.add_commitment(
        programme,
        actor=actor,
        text="We will co-produce",
        source="Corporate plan",
        made_by="Council leader",
        made_on=f.today() - DAY,
        review_on=f.today() + 300 * DAY,
    )
    assert AuditEvent.objects.filter(verb="programme.commitment_added").count() == 1


def test_terms_of_reference_are_versions_approved_by_a_board_decision(db):
    actor = f.officer()
    first = services.approve_terms_of_reference(
        actor=actor, text="We meet monthly", what_changed="", decision=f.board_decision(actor=actor)
    )
    assert first.version == 1 and first.review_due == first.approved_on.replace(
        year=first.approved_on.year + 1
    )
    refused(
        lambda: services.approve_terms_of_reference(
            actor=actor, text="We meet monthly", what_changed=" ", decision=f.board_decision(actor=actor)
        ),
        "what_changed",
    )
    project_meeting = f.meeting_factories.meeting()
    from coproduce.meetings.services import add_decision

    not_the_board = add_decision(project_meeting, "A project's decision", actor=actor)
    refused(
        lambda: services.approve_terms_of_reference(
            actor=actor, text="x", what_changed="y", decision=not_the_board
        ),
        "decision",
    )
    assert TermsOfReference.objects.count() == 1


def test_a_review_is_due_within_sixty_days_of_a_year_on(db):
    actor = f.officer()
    services.approve_terms_of_reference(
        actor=actor,
        text="We meet monthly",
        what_changed="",
        decision=f.board_decision(actor=actor, days=-330),
    )
    assert selectors.terms_of_reference_review_due() == 1
    TermsOfReference.objects.update(review_due=f.today() + 90 * DAY)
    assert selectors.terms_of_reference_review_due() == 0


def test_it_refuses_a_term_that_ends_before_it_starts(db):
    who = f.person()
    error = refused(
        lambda: services.start_term(
            actor=f.officer(), person=who, role=BoardRole.LIVED, starts_on=f.today(), ends_on=f.today() - DAY
        ),
        "ends_on",
    )
    assert error.message == "The term must end after it starts"
    assert not BoardTerm.objects.exists() and not BodyMembership.objects.exists()


def test_it_refuses_overlapping_terms_for_one_person(db):
    term = f.term()
    refused(lambda: f.term(who=term.person, starts=0, ends=30), "starts_on")
    assert BoardTerm.objects.count() == 1


def test_a_co_chairs_term_makes_them_co_chair_of_the_board_body_until_it_ends(db):
    term = f.term(BoardRole.CO_CHAIR_LIVED)
    membership = BodyMembership.objects.get(person=term.person, left_at__isnull=True)
    assert membership.role == "co_chair"
    services.end_term(term, actor=f.officer(), left_on=f.today())
    assert not BodyMembership.objects.filter(person=term.person, left_at__isnull=True).exists()
    with pytest.raises(ConflictError):
        services.end_term(term, actor=f.officer(), left_on=f.today())


def is_board_member(user):
    return RoleGrant.objects.filter(user=user, role=Role.BOARD_MEMBER).exists()


def test_a_board_term_gives_the_board_member_role_until_the_last_current_term_ends(db):
    user, who = f.member_with_profile()
    assert not is_board_member(user)
    first = f.term(who=who, starts=-100, ends=10)
    assert is_board_member(user)
    partner_seat = f.term(BoardRole.PARTNER, who=who, starts=20, ends=300)
    services.end_term(first, actor=f.officer(), left_on=f.today())
    assert not is_board_member(user)  # the other term has not started yet
    assert AuditEvent.objects.filter(verb="accounts.role_revoked.board_member").count() == 1
    assert partner_seat.left_on is None


def test_ending_one_term_keeps_the_role_while_another_is_current(db):
    user, who = f.member_with_profile()
    partner_seat = f.term(BoardRole.PARTNER, who=who, starts=-100, ends=5)
    services.renew_term(partner_seat, actor=f.officer(), ends_on=f.today() + 400 * DAY)
    lived_seat = BoardTerm.objects.get(renews=partner_seat)
    services.end_term(lived_seat, actor=f.officer(), left_on=lived_seat.starts_on)
    assert is_board_member(user)  # the first term still runs


def test_the_daily_run_gives_the_role_when_a_term_starts_and_takes_it_when_it_runs_out(db):
    user, who = f.member_with_profile()
    term = f.term(who=who, starts=3, ends=30)  # recorded ahead of its start
    assert not is_board_member(user)
    services.sync_board_terms(today=f.today() + 3 * DAY)
    assert is_board_member(user)
    assert BodyMembership.objects.filter(person=who, left_at__isnull=True).exists()
    services.sync_board_terms(today=term.ends_on + 2 * DAY)
    assert not is_board_member(user)
    assert not BodyMembership.objects.filter(person=who, left_at__isnull=True).exists()


def test_a_renewal_follows_on_the_day_after_the_term_ends(db):
    term = f.term(ends=20)
    renewal = services.renew_term(term, actor=f.officer(), ends_on=term.ends_on + 365 * DAY)
    assert renewal.starts_on == term.ends_on + DAY and renewal.renews == term
    with pytest.raises(ConflictError):
        services.renew_term(term, actor=f.officer(), ends_on=term.ends_on + 400 * DAY)


def test_the_board_warns_of_vacant_seats_staff_co_chairs_and_too_few_lived_experience_members(db):
    assert selectors.composition().warnings[:2] == [
        "The seat of the co-chair with lived experience is vacant.",
        "The seat of the co-chair who is a senior officer is vacant.",
    ]
    f.term(BoardRole.CO_CHAIR_OFFICER)
    f.term(BoardRole.CO_CHAIR_OFFICER)
    f.term(BoardRole.PARTNER)
    warnings = selectors.composition().warnings
    assert "Both co-chairs are staff: one co-chair should bring lived experience." in warnings
    assert "Staff and partner members (3) outnumber members with lived experience (0)." in warnings
    f.term(BoardRole.CO_CHAIR_LIVED)
    for _ in range(3):
        f.term(BoardRole.LIVED)
    assert selectors.composition().warnings == []


def test_recruitment_goes_step_by_step_with_dates_in_order(db):
    actor = f.officer()
    row = services.start_recruitment(actor=actor, person=f.person(), interest_on=f.today() - 30 * DAY)
    refused(lambda: services.record_step(row, actor=actor, on=f.today() - 40 * DAY), "on")
    refused(lambda: services.record_step(row, actor=actor, on=f.today() + DAY), "on")
    for days in (20, 15, 10, 5):
        services.record_step(row, actor=actor, on=f.today() - days * DAY)
    assert row.step == "member" and row.member_on == f.today() - 5 * DAY
    with pytest.raises(ConflictError):
        services.record_step(row, actor=actor, on=f.today())


def test_a_forward_plan_item_goes_on_the_agenda_of_its_meeting_and_moves_with_it(db):
    actor = f.officer()
    first, second = f.board_meeting(days=10, actor=actor), f.board_meeting(days=40, actor=actor)
    item = services.plan_item(actor=actor, meeting=first, title="Review the concordat", led_by="Co-chairs")
    assert item.agenda_item.meeting == first and item.agenda_item.title == "Review the concordat"
    services.move_plan_item(item, actor=actor, meeting=second)
    assert list(AgendaItem.objects.values_list("meeting_id", flat=True)) == [second.pk]
    refused(lambda: services.plan_item(actor=actor, meeting=f.board_meeting(days=-3), title="x"), "meeting")


def test_it_refuses_a_response_date_in_the_past(db):
    error = refused(lambda: f.challenge(days=-1), "respond_by")
    assert "today or in the future" in error.message
    assert not Challenge.objects.exists()


def test_a_challenge_tells_the_lead_then_takes_a_response_and_an_outcome(db):
    board_member = f.officer()
    project = f.project()
    mail.outbox.clear()
    challenge = f.challenge(project, actor=board_member)
    assert challenge.lead == project.requested_by
    assert [m.to for m in mail.outbox] == [[project.requested_by.email]]
    assert "respond by" in mail.outbox[0].body
    services.respond_to_challenge(challenge, actor=project.requested_by, response="We asked 40 carers")
    assert challenge.status == "responded"
    decision = f.board_decision("Accept the project's answer")
    services.record_outcome(challenge, actor=board_member, outcome="accepted", decision=decision)
    challenge.refresh_from_db()
    assert challenge.status == "closed" and challenge.decision == decision
    with pytest.raises(ConflictError):
        services.respond_to_challenge(challenge, actor=project.requested_by, response="More")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "programme.challenge_raised",
        "programme.challenge_responded",
        "programme.challenge_outcome",
    } <= verbs


def test_overdue_challenges_are_those_waiting_past_their_date(db):
    waiting, answered = f.challenge(), f.challenge()
    services.respond_to_challenge(answered, actor=f.officer(), response="Done")
    Challenge.objects.update(respond_by=f.today() - DAY)
    assert list(selectors.overdue_challenges()) == [waiting]
    assert selectors.challenge_counts() == {"open": 2, "overdue": 1}


def test_it_refuses_a_second_signature_of_the_same_version(db):
    version = f.concordat()
    sign = dict(
        kind="organisation", name="Wyvernshire Carers", organisation="Wyvernshire Carers", listed=True
    )
    services.sign_concordat(version, actor=None, **sign)
    error = refused(
        lambda: services.sign_concordat(version, actor=None, **{**sign, "name": " wyvernshire  CARERS"}),
        "name",
    )
    assert "already signed version 1" in error.message
    assert Signature.objects.count() == 1


def test_a_person_signs_once_per_version_and_is_asked_to_re_sign_a_new_one(db):
    user, who = f.member_with_profile()
    first = f.concordat()
    services.sign_concordat(first, actor=user, kind="person", person=who, name=who.full_name, email=who.email)
    refused(
        lambda: services.sign_concordat(first, actor=user, kind="person", person=who, name="Another name"),
        "name",
    )
    mail.outbox.clear()
    second = f.concordat(what_changed="Added payment within ten days")
    assert [m.to for m in mail.outbox] == [[who.email]]
    assert "sign again" in mail.outbox[0].body
    assert [s.person for s in selectors.still_to_re_sign(second)] == [who]
    with pytest.raises(ConflictError):
        services.sign_concordat(
            first, actor=user, kind="organisation", name="Late Org", organisation="Late Org"
        )
    services.sign_concordat(second, actor=user, kind="person", person=who, name=who.full_name)
    assert selectors.still_to_re_sign(second) == []


def test_a_new_concordat_version_must_say_what_changed(db):
    f.concordat()
    refused(lambda: f.concordat(what_changed=""), "what_changed")
