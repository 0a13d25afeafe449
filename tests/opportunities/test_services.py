"""The workflow rules, through the services the pages and the API share."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.opportunities import services
from coproduce.opportunities.choices import InterestStatus, InvitationMethod, Status
from coproduce.opportunities.models import ExpressionOfInterest, Invitation
from coproduce.projects.choices import TeamRole
from coproduce.projects.models import TeamMember
from tests.factories import UserFactory
from tests.on_commit import committed

from .factories import InterestFactory, OpportunityFactory, PersonFactory, ProjectFactory, staff_lead_for

pytestmark = pytest.mark.django_db

ANSWERS = {
    "why": "I care about this",
    "brings": "Ten years of using the service",
    "access_needs": ["breaks"],
    "access_needs_detail": "",
    "contact_method": "email",
}


def verbs():
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


def test_expressing_interest_is_recorded_audited_and_emails_the_team(officer):
    project = ProjectFactory()
    lead_user = UserFactory(roles=[Role.PROJECT_LEAD], email="lead@example.test")
    staff_lead_for(project, lead_user)
    opportunity = OpportunityFactory(project=project, created_by=officer)
    person = PersonFactory()
    interest = committed(services.express_interest, opportunity, person, ANSWERS, actor=officer)
    assert interest.status == InterestStatus.ACTIVE
    assert "opportunity.interest_expressed" in verbs()
    # One message each, so each is in the messages log with its own status.
    assert sorted(address for m in mail.outbox for address in m.to) == ["lead@example.test", officer.email]
    assert all(person.full_name in m.body for m in mail.outbox)


def test_interest_after_the_closing_date_is_refused_with_a_clear_message(officer):
    opportunity = OpportunityFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(services.OpportunityError, match="closed on"):
        services.express_interest(opportunity, PersonFactory(), ANSWERS, actor=officer)
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CLOSED, Status.FILLED])
def test_interest_in_an_opportunity_that_is_not_open_is_refused(officer, status):
    with pytest.raises(services.OpportunityError, match="not taking"):
        services.express_interest(OpportunityFactory(status=status), PersonFactory(), ANSWERS, actor=officer)


def test_interest_on_the_closing_date_itself_is_accepted(officer):
    opportunity = OpportunityFactory(closes_on=timezone.localdate())
    assert services.express_interest(opportunity, PersonFactory(), ANSWERS, actor=officer).pk


def test_one_live_expression_per_person_per_opportunity(officer):
    opportunity, person = OpportunityFactory(), PersonFactory()
    first = services.express_interest(opportunity, person, ANSWERS, actor=officer)
    with pytest.raises(services.OpportunityError, match="already said they are interested"):
        services.express_interest(opportunity, person, ANSWERS, actor=officer)
    services.withdraw(first, actor=officer)
    again = services.express_interest(opportunity, person, ANSWERS, actor=officer)
    assert again.pk != first.pk
    assert ExpressionOfInterest.objects.filter(person=person).count() == 2


def test_withdrawing_is_audited_and_only_possible_while_waiting(officer):
    interest = InterestFactory()
    services.withdraw(interest, actor=officer)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN and interest.withdrawn_at
    assert "opportunity.interest_withdrawn" in verbs()
    with pytest.raises(services.OpportunityError, match="already withdrawn"):
        services.withdraw(interest, actor=officer)
    decided = InterestFactory(status=InterestStatus.SELECTED)
    with pytest.raises(services.OpportunityError, match="decision has already been made"):
        services.withdraw(decided, actor=officer)


def test_status_moves_are_audited_and_wrong_moves_refused(officer):
    opportunity = OpportunityFactory(status=Status.DRAFT)
    services.change_status(opportunity, Status.OPEN, actor=officer)
    opportunity.refresh_from_db()
    assert opportunity.status == Status.OPEN and opportunity.published_at
    services.change_status(opportunity, Status.CLOSED, actor=officer)
    with pytest.raises(services.OpportunityError):
        services.change_status(opportunity, Status.DRAFT, actor=officer)
    assert verbs() == ["opportunity.published", "opportunity.closed"]


def test_reopening_after_the_closing_date_is_refused(officer):
    opportunity = OpportunityFactory(
        status=Status.CLOSED, closes_on=timezone.localdate() - datetime.timedelta(1)
    )
    with pytest.raises(services.OpportunityError, match="closing date has passed"):
        services.change_status(opportunity, Status.OPEN, actor=officer)


def test_invitations_need_consent_to_contact_and_are_audited(officer):
    opportunity = OpportunityFactory()
    with pytest.raises(services.OpportunityError, match="not agreed"):
        services.invite(
            opportunity, PersonFactory(consents_to_contact=False), InvitationMethod.EMAIL, actor=officer
        )
    erased = PersonFactory(erased_at=timezone.now())
    with pytest.raises(services.OpportunityError, match="not agreed"):
        services.invite(opportunity, erased, InvitationMethod.LETTER, actor=officer)
    with pytest.raises(services.OpportunityError, match="no email address"):
        services.invite(opportunity, PersonFactory(email=""), InvitationMethod.EMAIL, actor=officer)
    person = PersonFactory()
    committed(services.invite, opportunity, person, InvitationMethod.EMAIL, actor=officer)
    services.invite(opportunity, person, InvitationMethod.LETTER, actor=officer)
    assert Invitation.objects.filter(person=person).count() == 2
    assert verbs() == ["opportunity.invited", "opportunity.invited"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    assert f"/opportunities/{opportunity.pk}/" in mail.outbox[0].body


def _applicants(opportunity, count):
    return [InterestFactory(opportunity=opportunity) for _ in range(count)]


def test_selection_adds_the_chosen_to_the_team_and_tells_everyone_kindly(officer):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=2)
    chosen, other, declined = _applicants(opportunity, 3)
    withdrawn = InterestFactory(opportunity=opportunity, status=InterestStatus.WITHDRAWN)
    newly, not_selected = committed(
        services.select, opportunity, [chosen.pk, other.pk], actor=officer, note=""
    )
    assert {i.pk for i in newly} == {chosen.pk, other.pk}
    assert [i.pk for i in not_selected] == [declined.pk]
    team = TeamMember.objects.filter(project=opportunity.project)
    assert {(m.person_id, m.role) for m in team} == {
        (chosen.person_id, TeamRole.MEMBER),
        (other.person_id, TeamRole.MEMBER),
    }
    declined.refresh_from_db()
    withdrawn.refresh_from_db()
    assert declined.status == InterestStatus.NOT_SELECTED
    assert "stay part of our network" in declined.outcome_message
    assert withdrawn.status == InterestStatus.WITHDRAWN
    assert len(mail.outbox) == 3
    assert {tuple(m.to) for m in mail.outbox} == {
        (chosen.person.email,),
        (other.person.email,),
        (declined.person.email,),
    }
    opportunity.refresh_from_db()
    assert opportunity.status == Status.FILLED
    assert verbs().count("opportunity.interest_selected") == 2
    assert verbs().count("opportunity.interest_declined") == 1
    assert "opportunity.filled" in verbs()


def test_selection_cannot_exceed_the_places_and_changes_nothing(officer):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=1)
    first, second = _applicants(opportunity, 2)
    with pytest.raises(services.OpportunityError, match="There is 1 place and you have chosen 2"):
        services.select(opportunity, [first.pk, second.pk], actor=officer)
    assert not ExpressionOfInterest.objects.exclude(status=InterestStatus.ACTIVE).exists()
    assert not TeamMember.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="opportunity.interest_").exists()


def test_selecting_again_is_idempotent_and_sends_nothing_twice(officer):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=2)
    chosen, declined = _applicants(opportunity, 2)
    committed(services.select, opportunity, [chosen.pk], actor=officer)
    sent, events = len(mail.outbox), AuditEvent.objects.count()
    newly, not_selected = committed(services.select, opportunity, [chosen.pk], actor=officer)
    assert newly == [] and not_selected == []
    assert len(mail.outbox) == sent and AuditEvent.objects.count() == events
    assert TeamMember.objects.filter(person=chosen.person).count() == 1
    with pytest.raises(services.OpportunityError, match="already been told they were not selected"):
        services.select(opportunity, [declined.pk], actor=officer)


def test_a_late_applicant_can_be_chosen_beside_those_already_selected(officer):
    opportunity = OpportunityFactory(places=2)
    (first,) = _applicants(opportunity, 1)
    services.select(opportunity, [first.pk], actor=officer)
    (late,) = _applicants(opportunity, 1)
    newly, _ = services.select(opportunity, [first.pk, late.pk], actor=officer)
    assert newly == [late]


def test_programme_wide_selection_joins_no_team(officer):
    opportunity = OpportunityFactory(project=None, places=1)
    (chosen,) = _applicants(opportunity, 1)
    services.select(opportunity, [chosen.pk], actor=officer)
    assert not TeamMember.objects.exists()


def test_choosing_someone_who_did_not_apply_is_refused(officer):
    opportunity = OpportunityFactory()
    elsewhere = InterestFactory()
    with pytest.raises(services.OpportunityError, match="did not apply"):
        services.select(opportunity, [elsewhere.pk], actor=officer)


def test_everyone_decided_hears_kindly_by_email_or_on_their_page(officer):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=1)
    chosen = InterestFactory(opportunity=opportunity, person=PersonFactory(full_name="Sel Ected"))
    declined = InterestFactory(opportunity=opportunity, person=PersonFactory(full_name="Not Thistime"))
    no_email = InterestFactory(opportunity=opportunity, person=PersonFactory(email=""))
    committed(services.select, opportunity, [chosen.pk], actor=officer, note="We meet on 3 March.")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {chosen.person.email, declined.person.email}
    assert "you have been chosen" in bodies[chosen.person.email]
    for kind_words in ("This is not a judgement on you", "we would really like you to apply"):
        assert kind_words in bodies[declined.person.email]
    assert all("We meet on 3 March." in body for body in bodies.values())
    no_email.refresh_from_db()
    # No address: the decision and its kind message wait on their applications page for the team to pass on.
    assert no_email.status == InterestStatus.NOT_SELECTED
    assert "not a judgement on you" in no_email.outcome_message and no_email.decided_by == officer
    assert TeamMember.objects.get(project=opportunity.project).person == chosen.person


def test_someone_selected_for_paid_peer_research_joins_the_team_as_its_peer_researcher(officer):
    from coproduce.opportunities.reward import RewardUnit
    from coproduce.payments.choices import Activity
    from coproduce.projects.selectors import is_peer_researcher

    opportunity = OpportunityFactory(
        project=ProjectFactory(),
        places=1,
        reward_unit=RewardUnit.RATE_CARD,
        reward_activity=Activity.PEER_RESEARCH,
        reward_amount=None,
    )
    (chosen,) = _applicants(opportunity, 1)
    services.select(opportunity, [chosen.pk], actor=officer)
    member = TeamMember.objects.get(person=chosen.person)
    assert member.role == TeamRole.PEER_RESEARCHER
    assert is_peer_researcher(chosen.person_id, project_id=opportunity.project_id)
