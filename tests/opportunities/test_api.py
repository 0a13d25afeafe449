"""The opportunities API: the same services and permissions as the pages."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coproduce.accounts.models import Role
from coproduce.notifications.models import Message
from coproduce.opportunities.choices import InterestStatus, Status
from coproduce.opportunities.models import ExpressionOfInterest, Invitation, Opportunity
from coproduce.projects.models import TeamMember
from tests.factories import UserFactory
from tests.people.member_factories import joined_member

from .factories import InterestFactory, OpportunityFactory, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = "/api/opportunities/"
APPLICATIONS = "/api/applications/"


def as_user(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_urls_are_named():
    assert reverse("api:opportunity-list") == LIST
    assert reverse("api:opportunity-selection", args=[3]) == "/api/opportunities/3/selection/"
    assert reverse("api:application-withdraw", args=[4]) == "/api/applications/4/withdraw/"


def test_anyone_lists_and_reads_open_opportunities_only(officer):
    open_one = OpportunityFactory(title="Open")
    draft = OpportunityFactory(status=Status.DRAFT)
    OpportunityFactory(status=Status.CLOSED)
    response = as_user().get(LIST)
    assert [row["title"] for row in response.json()["results"]] == ["Open"]
    assert response.json()["results"][0]["reward_text"] == "£25.00 per session"
    assert as_user().get(f"{LIST}{open_one.pk}/").status_code == 200
    assert as_user().get(f"{LIST}{draft.pk}/").status_code == 404
    assert len(as_user(officer).get(LIST).json()["results"]) == 3
    assert as_user(officer).get(f"{LIST}{draft.pk}/").status_code == 200


def advert(**changes):
    data = {
        "title": "Join the co-production board",
        "description": "Check, challenge, advise and support.",
        "time_commitment": "3 hours every two months",
        "mode": "hybrid",
        "location": "County Hall",
        "reward_unit": "per_session",
        "reward_amount": "40.00",
        "places": 2,
        "closes_on": str(timezone.localdate() + datetime.timedelta(days=20)),
        "access_support": ["breaks", "breaks"],
    }
    data.update(changes)
    return data


def test_officers_advertise_and_publish_through_the_api(officer):
    response = as_user(officer).post(LIST, advert(), format="json")
    assert response.status_code == 201, response.json()
    opportunity = Opportunity.objects.get()
    assert opportunity.status == Status.DRAFT and opportunity.access_support == ["breaks"]
    response = as_user(officer).post(
        reverse("api:opportunity-status", args=[opportunity.pk]), {"status": "open"}
    )
    assert response.status_code == 200 and response.json()["status"] == "open"
    again = as_user(officer).post(
        reverse("api:opportunity-status", args=[opportunity.pk]), {"status": "open"}
    )
    assert again.status_code == 400


@pytest.mark.parametrize(
    "changes",
    [
        {"reward_amount": None},
        {"reward_unit": "voluntary"},
        {"closes_on": "2001-01-01"},
        {"places": 0},
        {"mode": "in_person", "location": ""},
        {"ongoing": True, "ends_on": "2031-01-01"},
    ],
)
def test_bad_adverts_are_refused_with_reasons(officer, changes):
    response = as_user(officer).post(LIST, advert(**changes), format="json")
    assert response.status_code == 400
    assert not Opportunity.objects.exists()


def test_members_and_anonymous_callers_cannot_advertise(member):
    assert as_user().post(LIST, advert(), format="json").status_code == 401
    assert as_user(member).post(LIST, advert(), format="json").status_code == 403
    assert not Opportunity.objects.exists()


def test_project_leads_advertise_only_for_their_projects():
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    own, other = ProjectFactory(requested_by=lead), ProjectFactory()
    assert as_user(lead).post(LIST, advert(project=other.pk), format="json").status_code == 400
    assert as_user(lead).post(LIST, advert(), format="json").status_code == 400
    assert as_user(lead).post(LIST, advert(project=own.pk), format="json").status_code == 201
    theirs = OpportunityFactory(project=other, status=Status.DRAFT)
    refused = as_user(lead).post(reverse("api:opportunity-status", args=[theirs.pk]), {"status": "open"})
    assert refused.status_code == 404


def test_members_express_interest_list_and_withdraw_their_own():
    user, person = joined_member(access_needs=["hearing_loop"], preferred_contact="text")
    opportunity = OpportunityFactory()
    client = as_user(user)
    response = client.post(
        APPLICATIONS, {"opportunity": opportunity.pk, "why": "a", "brings": "b"}, format="json"
    )
    assert response.status_code == 201, response.json()
    interest = ExpressionOfInterest.objects.get()
    assert interest.access_needs == ["hearing_loop"] and interest.contact_method == "text"
    duplicate = client.post(APPLICATIONS, {"opportunity": opportunity.pk, "why": "a", "brings": "b"})
    assert duplicate.status_code == 400 and "already" in str(duplicate.json())
    assert [row["id"] for row in client.get(APPLICATIONS).json()["results"]] == [interest.pk]
    assert (
        client.post(reverse("api:application-withdraw", args=[interest.pk])).json()["status"] == "withdrawn"
    )


def test_interest_after_the_closing_date_is_refused_through_the_api():
    user, _ = joined_member()
    opportunity = OpportunityFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    response = as_user(user).post(APPLICATIONS, {"opportunity": opportunity.pk, "why": "a", "brings": "b"})
    assert response.status_code == 400 and "closed on" in str(response.json())


def test_a_member_cannot_read_or_withdraw_anothers_application():
    user, _ = joined_member()
    theirs = InterestFactory()
    client = as_user(user)
    assert client.get(f"{APPLICATIONS}{theirs.pk}/").status_code == 404
    assert client.post(reverse("api:application-withdraw", args=[theirs.pk])).status_code == 404
    assert client.get(APPLICATIONS).json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.status == InterestStatus.ACTIVE


def test_only_officers_see_expressions_and_select(member):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=1)
    chosen, other = InterestFactory(opportunity=opportunity), InterestFactory(opportunity=opportunity)
    expressions = reverse("api:opportunity-expressions", args=[opportunity.pk])
    selection = reverse("api:opportunity-selection", args=[opportunity.pk])
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    for caller, status in ((None, 401), (member, 403), (lead, 403)):
        assert as_user(caller).get(expressions).status_code == status
        assert as_user(caller).post(selection, {"chosen": [chosen.pk]}, format="json").status_code == status
    officer = UserFactory(roles=[Role.OFFICER])
    rows = as_user(officer).get(expressions).json()["results"]
    assert {row["id"] for row in rows} == {chosen.pk, other.pk}
    too_many = as_user(officer).post(selection, {"chosen": [chosen.pk, other.pk]}, format="json")
    assert too_many.status_code == 400 and "Choose fewer people" in str(too_many.json())
    response = as_user(officer).post(selection, {"chosen": [chosen.pk]}, format="json")
    assert response.json() == {"selected": [chosen.pk], "not_selected": [other.pk]}
    assert as_user(officer).post(selection, {"chosen": [chosen.pk]}, format="json").json() == {
        "selected": [],
        "not_selected": [],
    }
    assert TeamMember.objects.get().person == chosen.person


def test_an_officer_records_interest_on_someones_behalf_through_the_api(
    member, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory()
    person = PersonFactory(access_needs=["hearing_loop"], preferred_contact="phone")
    url = reverse("api:opportunity-expressions", args=[opportunity.pk])
    body = {
        "person": person.pk,
        "came_in": "phone",
        "came_in_note": "Rang Tuesday",
        "why": "Loves it",
        "brings": "Ideas",
    }
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    for caller, status in ((None, 401), (member, 403), (lead, 403)):
        assert as_user(caller).post(url, body, format="json").status_code == status
    officer = UserFactory(roles=[Role.OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(officer).post(url, body, format="json")
    assert response.status_code == 201, response.json()
    interest = ExpressionOfInterest.objects.get()
    assert (interest.person, interest.came_in, interest.recorded_by) == (person, "phone", officer)
    assert (
        interest.access_needs == ["hearing_loop"] and interest.contact_method == "phone"
    )  # from the profile
    assert any(officer.email in message.to for message in mail.outbox)  # the team hears, as online
    again = as_user(officer).post(url, body, format="json")
    assert again.status_code == 400 and "already said they are interested" in again.json()["person"]
    online = as_user(officer).post(
        url, {**body, "person": PersonFactory().pk, "came_in": "online"}, format="json"
    )
    assert online.status_code == 400
    assert ExpressionOfInterest.objects.count() == 1


def test_officers_invite_by_email_or_letter_and_list_invitations_through_the_api(member):
    opportunity = OpportunityFactory()
    person = PersonFactory(full_name="Ivy Invitee")
    url = reverse("api:opportunity-invitations", args=[opportunity.pk])
    officer = UserFactory(roles=[Role.OFFICER])
    for caller, status in ((None, 401), (member, 403)):
        assert as_user(caller).get(url).status_code == status
        assert (
            as_user(caller).post(url, {"person": person.pk, "method": "email"}, format="json").status_code
            == status
        )
    by_email = as_user(officer).post(url, {"person": person.pk, "method": "email"}, format="json")
    assert by_email.status_code == 201
    by_letter = as_user(officer).post(url, {"person": person.pk, "method": "letter"}, format="json")
    assert by_letter.status_code == 201
    letter = Message.objects.get(event_key=f"opportunities.invitation:{by_letter.json()['id']}")
    assert letter.channel == "letter" and letter.status == "queued"
    rows = as_user(officer).get(url).json()["results"]
    assert [(row["person_name"], row["method"]) for row in rows] == [
        ("Ivy Invitee", "letter"),
        ("Ivy Invitee", "email"),
    ]
    no_consent = PersonFactory(consents_to_contact=False)
    refused = as_user(officer).post(url, {"person": no_consent.pk, "method": "email"}, format="json")
    assert refused.status_code == 400 and "has not agreed to be contacted" in refused.json()["method"]
    assert Invitation.objects.count() == 2
