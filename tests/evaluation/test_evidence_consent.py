"""Evidence linked to aims, outcomes, indicators and projects, with consent respected everywhere: a quote
from someone who withdrew consent to be quoted is hidden from every page, report and export."""

import datetime

import pytest
from django.urls import reverse

from coproduce.core.errors import ServiceError
from coproduce.evaluation import selectors, services
from coproduce.evaluation.models import Evidence
from coproduce.people.choices import ConsentPurpose
from tests.conftest import sign_in

from .support import aim_with_indicator, evaluator, person, withdraw

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 9, 1)


def _quote(actor, speaker, aim, **fields):
    return services.add_evidence(
        actor=actor,
        kind="quote",
        title="Being heard",
        text="For the first time I felt they listened to us.",
        attribution="A carer from Cherwell",
        person=speaker,
        collected_on=DAY,
        aims=[aim],
        for_report=True,
        **fields,
    )


def test_a_quote_of_someone_who_has_not_agreed_to_be_quoted_is_refused():
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    with pytest.raises(ServiceError) as refused:
        _quote(actor, person(), aim)
    assert refused.value.field == "person"
    assert not Evidence.objects.exists()


def test_a_quote_disappears_from_lists_pages_and_reports_once_consent_is_withdrawn(client):
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    speaker = person(consents=[ConsentPurpose.QUOTES])
    quote = _quote(actor, speaker, aim)
    anonymous = services.add_evidence(
        actor=actor,
        kind="case_study",
        title="Day services",
        text="The review changed opening times.",
        collected_on=DAY,
        aims=[aim],
    )
    assert {e.pk for e in selectors.evidence_list()} == {quote.pk, anonymous.pk}

    withdraw(speaker)

    assert [e.pk for e in selectors.evidence_list()] == [anonymous.pk]
    assert selectors.evidence_for(aims=[aim.pk]) == [anonymous]
    assert quote.pk not in {e.pk for e in selectors.choosable_evidence()}
    sign_in(client, actor)
    assert client.get(reverse("evaluation_manage:evidence", args=[quote.pk])).status_code == 404
    listing = client.get(reverse("evaluation_manage:evidence_list")).content.decode()
    assert "they listened to us" not in listing
    assert "1 piece of evidence is hidden" in listing


def test_a_quote_comes_back_when_consent_is_given_again():
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    speaker = person(consents=[ConsentPurpose.QUOTES])
    quote = _quote(actor, speaker, aim)
    withdraw(speaker)
    person_consents_again = ConsentPurpose.QUOTES
    from coproduce.people import services as people_services

    people_services.record_consent(speaker, person_consents_again, True, method="paper", actor=None)
    assert [e.pk for e in selectors.evidence_list()] == [quote.pk]


def test_a_published_report_drops_a_quote_whose_consent_was_withdrawn_later(client):
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    speaker = person(consents=[ConsentPurpose.QUOTES])
    quote = _quote(actor, speaker, aim)
    report = services.save_report(
        None,
        evidence=[quote],
        actor=actor,
        year=2025,
        title="A year of co-production",
        introduction="What we did.",
        easy_read_summary="We worked together.",
    )
    services.publish_report(report, actor=actor)
    assert "they listened to us" in client.get(reverse("evaluation:report", args=[2025])).content.decode()
    withdraw(speaker)
    assert "they listened to us" not in client.get(reverse("evaluation:report", args=[2025])).content.decode()


def test_withdrawn_evidence_is_shown_nowhere_and_cannot_be_withdrawn_twice():
    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    item = services.add_evidence(
        actor=actor, kind="observation", title="Board meeting", text="Members chaired.", collected_on=DAY
    )
    services.withdraw_evidence(item, actor=actor)
    assert selectors.evidence_list().count() == 0
    with pytest.raises(ServiceError):
        services.withdraw_evidence(item, actor=actor)


def test_evidence_without_its_words_is_refused_next_to_the_text():
    with pytest.raises(ServiceError) as refused:
        services.add_evidence(
            actor=evaluator(), kind="interview", title="Interview", text=" ", collected_on=DAY
        )
    assert refused.value.field == "text"


def test_erasing_a_person_deletes_quotes_of_them_and_unlinks_the_rest():
    from coproduce.evaluation.personal_data import erase

    actor = evaluator()
    aim, *_ = aim_with_indicator(actor)
    speaker = person(consents=[ConsentPurpose.QUOTES])
    _quote(actor, speaker, aim)
    notes = services.add_evidence(
        actor=actor, kind="interview", title="Interview", text="Notes", collected_on=DAY, person=speaker
    )
    assert erase(speaker) == ["evaluation.evidence"]
    assert list(Evidence.objects.all()) == [notes]
    notes.refresh_from_db()
    assert notes.person is None
