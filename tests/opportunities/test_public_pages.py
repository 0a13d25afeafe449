"""The public list and page, and a member's expression of interest, applications and withdrawal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.opportunities.choices import InterestStatus, Mode, Status
from coproduce.opportunities.models import ExpressionOfInterest
from coproduce.people.models import Interest, LivedExperienceArea
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.people.member_factories import joined_member

from .factories import InterestFactory, OpportunityFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("opportunities:list")


def titles(response):
    return [opportunity.title for opportunity in response.context["page"]]


def test_anyone_can_browse_open_opportunities_and_no_others(client):
    OpportunityFactory(title="Open one")
    OpportunityFactory(title="Draft one", status=Status.DRAFT)
    OpportunityFactory(title="Closed one", status=Status.CLOSED)
    OpportunityFactory(title="Past its date", closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Open one"]


def test_filters_by_interest_lived_experience_and_way_of_taking_part(client):
    area = LivedExperienceArea.objects.create(name="Dementia (test)")
    topic = Interest.objects.create(name="Transport (test)")
    OpportunityFactory(title="Area", lived_experience=[area], mode=Mode.IN_PERSON)
    OpportunityFactory(title="Topic", interests=[topic], mode=Mode.ONLINE)
    OpportunityFactory(title="Hybrid", mode=Mode.HYBRID)
    assert titles(client.get(LIST, {"area": area.pk})) == ["Area"]
    assert titles(client.get(LIST, {"interest": topic.pk})) == ["Topic"]
    assert set(titles(client.get(LIST, {"mode": "online"}))) == {"Topic", "Hybrid"}
    assert set(titles(client.get(LIST, {"mode": "in_person"}))) == {"Area", "Hybrid"}
    assert client.get(LIST, {"mode": "nonsense", "area": "x"}).status_code == 200


@pytest.mark.parametrize("count", [3, 45])
def test_the_list_costs_the_same_however_many_opportunities(client, count):
    project = ProjectFactory()
    for _ in range(count):
        OpportunityFactory(project=project)
    response = assert_page_queries(client, LIST, "opportunities:list")
    assert len(response.context["page"]) == min(count, 20)
    assert_page_queries(client, LIST, "opportunities:list", data={"page": "2", "mode": "online"})


def test_an_opportunity_page_shows_everything_including_other_ways_to_apply(client):
    opportunity = OpportunityFactory(
        project=ProjectFactory(title="Better buses"),
        access_support=["bsl_interpreter"],
        other_ways=["phone", "partner"],
        other_ways_detail="Ask at the Oakhollow Carers Centre",
    )
    text = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    for expected in (
        "Better buses",
        "£25.00 per session",
        "British Sign Language (BSL) interpreter",
        "Through a partner organisation",
        "Ask at the Oakhollow Carers Centre",
        "2 hours a month",
        "Sign in",
    ):
        assert expected in text


def test_drafts_are_not_found_and_closed_ones_say_so(client):
    draft = OpportunityFactory(status=Status.DRAFT)
    assert client.get(reverse("opportunities:detail", args=[draft.pk])).status_code == 404
    closed = OpportunityFactory(status=Status.CLOSED)
    response = client.get(reverse("opportunities:detail", args=[closed.pk]))
    assert "no longer taking expressions of interest" in response.content.decode()


def test_the_interest_form_is_filled_in_from_the_profile(member_client, joined):
    opportunity = OpportunityFactory()
    form = member_client.get(reverse("opportunities:express_interest", args=[opportunity.pk])).context["form"]
    assert form.initial["access_needs"] == ["step_free", "quiet_room"]
    assert form.initial["access_needs_detail"] == "Afternoons are better"
    assert form.initial["contact_method"] == "phone"


def test_bad_input_keeps_what_was_typed_and_saves_nothing(member_client):
    opportunity = OpportunityFactory()
    url = reverse("opportunities:express_interest", args=[opportunity.pk])
    response = member_client.post(url, {"why": "Because", "brings": "", "contact_method": "pigeon"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"brings", "contact_method"}
    assert "Because" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_access_needs_are_ticked_as_checkboxes_so_people_can_choose_several(member_client):
    opportunity = OpportunityFactory()
    page = member_client.get(
        reverse("opportunities:express_interest", args=[opportunity.pk])
    ).content.decode()
    step_free = 'name="access_needs" value="step_free" id="id_access_needs_0" class="govuk-checkboxes__input"'
    assert f'type="checkbox" {step_free}' in page


def test_an_empty_or_odd_expression_of_interest_says_what_each_field_needs(member_client):
    opportunity = OpportunityFactory()
    url = reverse("opportunities:express_interest", args=[opportunity.pk])
    response = member_client.post(url, {"why": "", "brings": "", "contact_method": "pigeon"})
    errors = {name: list(messages) for name, messages in response.context["form"].errors.items()}
    assert errors == {
        "why": ["Say why you are interested"],
        "brings": ["Say what you would bring"],
        "contact_method": ["Choose how you would like us to get back to you"],
    }
    assert "This field is required" not in response.content.decode()


def test_a_member_expresses_interest_then_sees_and_withdraws_it(member_client, joined):
    opportunity = OpportunityFactory()
    url = reverse("opportunities:express_interest", args=[opportunity.pk])
    response = member_client.post(
        url,
        {"why": "I use it", "brings": "Ideas", "access_needs": ["breaks"], "contact_method": "email"},
        follow=True,
    )
    interest = ExpressionOfInterest.objects.get()
    assert interest.person == joined[1] and interest.access_needs == ["breaks"]
    assert "Thank you" in response.content.decode()
    listing = member_client.get(reverse("opportunities:applications")).content.decode()
    assert opportunity.title in listing and "Waiting for a decision" in listing
    again = member_client.post(url, {"why": "x", "brings": "y", "contact_method": "email"}, follow=True)
    assert "already said you are interested" in again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("opportunities:application", args=[interest.pk])
    assert ExpressionOfInterest.objects.count() == 1
    member_client.post(reverse("opportunities:withdraw", args=[interest.pk]))
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN


def test_after_the_closing_date_the_form_refuses_with_a_message(member_client):
    opportunity = OpportunityFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = member_client.get(
        reverse("opportunities:express_interest", args=[opportunity.pk]), follow=True
    )
    assert "no longer taking expressions of interest" in response.content.decode()
    response = member_client.post(
        reverse("opportunities:express_interest", args=[opportunity.pk]),
        {"why": "a", "brings": "b", "contact_method": "email"},
        follow=True,
    )
    assert not ExpressionOfInterest.objects.exists()


def test_a_member_cannot_see_or_withdraw_another_members_application_by_id(client, joined):
    _, someone_else = joined_member(account_name="Sam Else", email="sam@example.test")
    theirs = InterestFactory(person=someone_else)
    sign_in(client, joined[0])
    for name in ("opportunities:application", "opportunities:withdraw"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("opportunities:withdraw", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == InterestStatus.ACTIVE
    assert theirs.opportunity.title not in client.get(reverse("opportunities:applications")).content.decode()


def test_the_outcome_and_its_message_show_on_the_members_page(member_client, joined):
    interest = InterestFactory(
        person=joined[1], status=InterestStatus.NOT_SELECTED, outcome_message="You stay part of our network."
    )
    text = member_client.get(reverse("opportunities:application", args=[interest.pk])).content.decode()
    assert "Not selected this time" in text and "You stay part of our network." in text
    assert "Withdraw" not in text


def test_signed_in_without_a_profile_is_asked_to_join(client, member):
    sign_in(client, member)
    opportunity = OpportunityFactory()
    assert (
        "Join the network"
        in client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    )
    assert client.get(reverse("opportunities:express_interest", args=[opportunity.pk])).status_code == 403


def test_the_applications_page_costs_the_same_however_many(member_client, joined):
    project = ProjectFactory()
    InterestFactory(person=joined[1], opportunity=OpportunityFactory(project=project))
    url = reverse("opportunities:applications")
    assert_page_queries(member_client, url, "opportunities:applications")
    for _ in range(12):
        InterestFactory(person=joined[1], opportunity=OpportunityFactory(project=project))
    response = assert_page_queries(member_client, url, "opportunities:applications")
    assert len(response.context["applications"]) == 13
