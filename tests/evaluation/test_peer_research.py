"""Peer researchers: a workspace to record interviews and observations as evidence, and their research
sessions paid at the rate card's peer research rate through the existing claims."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.core.errors import ServiceError
from coproduce.evaluation import services
from coproduce.evaluation.models import Evidence
from coproduce.payments.choices import Activity
from coproduce.projects.choices import TeamRole
from tests.conftest import sign_in
from tests.meetings.factories import join_team, project
from tests.payments import support as payments

from .support import evaluator, peer_research_rate

pytestmark = pytest.mark.django_db


def _peer_researcher():
    user, person = payments.member()
    join_team(project(), person, role=TeamRole.PEER_RESEARCHER)
    return user, person


def test_a_research_session_is_paid_at_the_peer_research_rate():
    payments.rate_card()
    peer_research_rate()
    _user, person = _peer_researcher()
    claim = payments.attend(payments.meeting(hours=2), person)
    assert claim.activity == Activity.MEETING
    services.pay_at_peer_research_rate(claim, actor=evaluator())
    claim.refresh_from_db()
    assert claim.activity == Activity.PEER_RESEARCH and claim.time_amount == Decimal("50.00")


def test_only_a_peer_researchers_claim_is_paid_at_that_rate():
    payments.rate_card()
    peer_research_rate()
    _user, person = payments.member()
    claim = payments.attend(payments.meeting(), person)
    with pytest.raises(ServiceError):
        services.pay_at_peer_research_rate(claim, actor=evaluator())


def test_the_team_sees_peer_researchers_claims_and_changes_the_rate_from_the_page(client):
    payments.rate_card()
    peer_research_rate()
    _user, person = _peer_researcher()
    claim = payments.attend(payments.meeting(title="Interviews at the carers' centre"), person)
    actor = evaluator()
    sign_in(client, actor)
    assert (
        "Interviews at the carers" in client.get(reverse("evaluation_manage:peer_research")).content.decode()
    )
    assert client.post(reverse("evaluation_manage:peer_research_rate", args=[claim.pk])).status_code == 302
    claim.refresh_from_db()
    assert claim.activity == Activity.PEER_RESEARCH


def test_a_peer_researcher_records_interview_notes_as_evidence(client):
    user, _person = _peer_researcher()
    sign_in(client, user)
    page = client.post(
        reverse("evaluation:workspace"),
        {
            "kind": "interview",
            "title": "Why people stay",
            "text": "Seeing change after the second meeting.",
            "collected_on_day": "3",
            "collected_on_month": "3",
            "collected_on_year": "2025",
        },
    )
    assert page.status_code == 302
    item = Evidence.objects.get()
    assert (
        item.by_peer_researcher
        and item.collected_by == user
        and item.collected_on == datetime.date(2025, 3, 3)
    )


def test_a_member_who_is_not_a_peer_researcher_cannot_open_the_workspace(client):
    user, _person = payments.member()
    sign_in(client, user)
    assert client.get(reverse("evaluation:workspace")).status_code == 403
