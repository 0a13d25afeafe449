"""Nobody finds what they may not open, for the kinds the programme, network, training and evaluation apps
add: one test per kind, each with someone who may and someone who may not."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.evaluation import services as evaluation_services
from coproduce.people.choices import ConsentPurpose
from coproduce.people.services import erase_person
from tests.evaluation.support import aim_with_indicator, evaluator, withdraw
from tests.evaluation.support import person as consenting_person
from tests.factories import UserFactory
from tests.meetings import factories as meetings
from tests.network import factories as network
from tests.programme import factories as programme
from tests.training import factories as training

from .test_access import found

pytestmark = pytest.mark.django_db


def test_board_challenges_are_found_by_the_board_the_team_and_the_lead_asked_only():
    project = meetings.project(title="Gecko services review", is_published=True)
    challenge = programme.challenge(project, text="Who did you ask about the gecko review?")
    board_member = UserFactory(roles=[Role.BOARD_MEMBER])
    other_lead = UserFactory(roles=[Role.PROJECT_LEAD])
    member, _ = meetings.member_with_profile()
    title = f"{challenge.get_kind_display()} to {project.title}"
    assert found(board_member, "gecko", "challenge") == [title]
    assert found(programme.officer(), "gecko", "challenge") == [title]
    assert found(challenge.lead, "gecko", "challenge") == [title]
    assert found(other_lead, "gecko", "challenge") == []
    assert found(member, "gecko", "challenge") == []
    assert found(AnonymousUser(), "gecko", "challenge") == []


def test_the_concordat_is_found_by_anyone():
    programme.concordat(what_changed="Added the heron clause")
    assert len(found(AnonymousUser(), "heron", "concordat")) == 1


def test_public_events_are_found_by_anyone_and_a_cancelled_or_private_one_by_nobody():
    meetings.meeting(title="Lemur festival drop-in", is_public=True)
    meetings.meeting(title="Lemur project meeting")
    cancelled = meetings.meeting(title="Lemur fair", is_public=True)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    assert found(AnonymousUser(), "lemur", "public_event") == ["Lemur festival drop-in"]
    assert found(network.officer(), "lemur", "public_event") == ["Lemur festival drop-in"]


def test_champions_are_found_by_officers_only_and_not_once_erased():
    user = UserFactory(roles=[Role.MEMBER], full_name="Tamsin Pangolin")
    person = meetings.person(user=user, full_name=user.full_name, email=user.email)
    champion = network.champion(person)
    officer = network.officer()
    assert found(officer, "pangolin", "champion") == ["Tamsin Pangolin"]
    assert found(champion.person.user, "pangolin", "champion") == []
    assert found(UserFactory(roles=[Role.PROJECT_LEAD]), "pangolin", "champion") == []
    assert found(AnonymousUser(), "pangolin", "champion") == []
    erase_person(person, actor=officer)
    assert found(officer, "pangolin", "champion") == []


def test_active_courses_are_found_by_anyone_and_a_withdrawn_one_by_nobody():
    training.course(title="Marmot facilitation skills")
    old = training.course(title="Marmot old course")
    old.active = False
    old.save()
    assert found(AnonymousUser(), "marmot", "course") == ["Marmot facilitation skills"]
    assert found(training.officer(), "marmot", "course") == ["Marmot facilitation skills"]


def test_annual_reports_are_found_once_published_only():
    actor = evaluator()
    report = evaluation_services.save_report(
        None,
        actor=actor,
        year=2025,
        title="Doing it together: the wombat year",
        introduction="A year of co-production.",
        easy_read_summary="We worked with 300 people.",
    )
    assert found(AnonymousUser(), "wombat", "annual_report") == []
    assert found(actor, "wombat", "annual_report") == []
    evaluation_services.publish_report(report, actor=actor)
    assert found(AnonymousUser(), "wombat", "annual_report") == [report.title]


def test_evidence_is_found_by_the_evaluation_team_only_and_not_once_consent_is_withdrawn():
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    speaker = consenting_person(consents=[ConsentPurpose.QUOTES])
    evaluation_services.add_evidence(
        actor=actor,
        kind="quote",
        title="Being heard about the ocelot centre",
        text="They listened to us.",
        person=speaker,
        collected_on=datetime.date(2025, 9, 1),
        aims=[aim],
    )
    member, _ = meetings.member_with_profile()
    assert found(actor, "ocelot", "evidence") == ["Being heard about the ocelot centre"]
    assert found(UserFactory(roles=[Role.BOARD_MEMBER]), "ocelot", "evidence") == [
        "Being heard about the ocelot centre"
    ]
    assert found(member, "ocelot", "evidence") == []
    assert found(AnonymousUser(), "ocelot", "evidence") == []
    withdraw(speaker)
    assert found(actor, "ocelot", "evidence") == []
