"""Aims -> outcomes -> indicators: written and agreed by the programme, computed by the platform from summary
rows or recorded by hand with a target, baseline and dated values; pages for the team and evaluators."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.core.errors import ServiceError
from coproduce.evaluation import selectors, services
from coproduce.evaluation.models import Aim, IndicatorValue
from tests.conftest import sign_in
from tests.factories import UserFactory

from .support import aim_with_indicator, evaluator

pytestmark = pytest.mark.django_db


def test_a_hand_recorded_indicator_keeps_dated_values_and_says_whether_the_target_is_met():
    actor = evaluator()
    _aim, _outcome, indicator = aim_with_indicator(actor, baseline=Decimal("20"), target=Decimal("50"))
    services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("30"), actor=actor)
    services.record_value(indicator, date=datetime.date(2025, 12, 31), value=Decimal("55"), actor=actor)
    described = selectors.indicator(indicator.pk)
    assert [r.value for r in described.reading_list] == [Decimal("30"), Decimal("55")]
    assert described.target_met is True
    assert described.direction == "up (better)"
    assert AuditEvent.objects.filter(verb="evaluation.value_recorded").count() == 2


def test_recording_a_value_again_on_the_same_date_corrects_it():
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor)
    services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("30"), actor=actor)
    services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("31"), actor=actor)
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal("31")]


def test_values_cannot_be_typed_into_an_indicator_the_platform_works_out():
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor, kind="computed", code="projects_started")
    with pytest.raises(ServiceError):
        services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("3"), actor=actor)


def test_a_future_date_is_refused_next_to_the_date():
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor)
    with pytest.raises(ServiceError) as refused:
        services.record_value(
            indicator, date=timezone.localdate() + datetime.timedelta(days=2), value=Decimal("1"), actor=actor
        )
    assert refused.value.field == "date"


def test_a_computed_indicator_must_name_what_the_platform_works_out():
    actor = evaluator()
    with pytest.raises(ServiceError) as refused:
        aim_with_indicator(actor, kind="computed", code="no_such_thing")
    assert refused.value.field == "computed_code"


def test_the_refresh_writes_computed_values_from_the_other_apps(db):
    from tests.meetings.factories import project

    actor = evaluator()
    *_, indicator = aim_with_indicator(actor, kind="computed", code="ladder_target_co_designing")
    project(target_rung=7)
    project(target_rung=4)
    services.refresh_summaries(timezone.localdate())
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.value == Decimal("50.00")
    assert AuditEvent.objects.filter(verb="evaluation.summaries_refreshed").exists()


def test_other_apps_can_register_a_computed_indicator():
    selectors.register_indicator(
        selectors.ComputedIndicator("test_trained", "People trained", "number", lambda starts, ends: 12)
    )
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor, kind="computed", code="test_trained")
    services.refresh_summaries(timezone.localdate())
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("12.00")


def test_the_evaluator_sees_the_dashboard_and_a_member_is_refused(client):
    actor = evaluator()
    aim_with_indicator(actor)
    sign_in(client, actor)
    page = client.get(reverse("evaluation_manage:dashboard"))
    assert page.status_code == 200
    assert "Embed co-production as the way we work" in page.content.decode()
    sign_in(client, UserFactory(roles=[Role.MEMBER]))
    assert client.get(reverse("evaluation_manage:dashboard")).status_code == 403


def test_the_board_sees_the_dashboard_but_cannot_add_an_aim(client):
    sign_in(client, UserFactory(roles=[Role.BOARD_MEMBER]))
    assert client.get(reverse("evaluation_manage:dashboard")).status_code == 200
    assert client.get(reverse("evaluation_manage:aim_create")).status_code == 403


def test_an_aim_without_who_agreed_it_is_refused_next_to_the_field_and_keeps_what_was_typed(client):
    sign_in(client, evaluator())
    page = client.post(
        reverse("evaluation_manage:aim_create"),
        {
            "title": "Influence beyond the first department",
            "agreed_by": "",
            "agreed_on_day": "1",
            "agreed_on_month": "4",
            "agreed_on_year": "2025",
            "order": "1",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Influence beyond the first department" in body
    assert "govuk-error-message" in body
    assert not Aim.objects.exists()


def test_an_aim_typed_in_is_saved_and_audited(client):
    sign_in(client, evaluator())
    page = client.post(
        reverse("evaluation_manage:aim_create"),
        {
            "title": "Influence beyond the first department",
            "agreed_by": "The board",
            "agreed_on_day": "1",
            "agreed_on_month": "4",
            "agreed_on_year": "2025",
            "order": "1",
        },
    )
    assert page.status_code == 302
    assert Aim.objects.get().agreed_on == datetime.date(2025, 4, 1)
    assert AuditEvent.objects.filter(verb="evaluation.aim_created").exists()


def test_a_value_with_a_bad_date_gets_a_message_not_an_error_page(client):
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor)
    sign_in(client, actor)
    page = client.post(
        reverse("evaluation_manage:value_add", args=[indicator.pk]),
        {"date_day": "31", "date_month": "2", "date_year": "2025", "value": "abc"},
    )
    assert page.status_code == 200
    assert "govuk-error-summary" in page.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_indicator_page_draws_an_accessible_chart_with_the_same_numbers_in_a_table(client):
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor, target=Decimal("60"))
    services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("30"), actor=actor)
    services.record_value(indicator, date=datetime.date(2025, 12, 31), value=Decimal("45"), actor=actor)
    sign_in(client, actor)
    body = client.get(reverse("evaluation_manage:indicator", args=[indicator.pk])).content.decode()
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert "<table" in body and "45.00" in body


def test_the_indicators_csv_download_is_audited(client):
    actor = evaluator()
    *_, indicator = aim_with_indicator(actor)
    services.record_value(indicator, date=datetime.date(2025, 6, 30), value=Decimal("30"), actor=actor)
    sign_in(client, actor)
    response = client.get(reverse("evaluation_manage:indicators_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "Projects at co-designing or above" in response.content.decode()
    assert AuditEvent.objects.filter(verb="evaluation.exported", actor=actor, object_id="indicators").exists()
