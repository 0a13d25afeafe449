"""A signed-in member's home page says what is next for them, in a fixed number of queries."""

import pytest
from django.urls import reverse

from coproduce.meetings.models import Action, Registration
from coproduce.notifications.models import Message
from coproduce.people.models import LivedExperienceArea
from tests.conftest import sign_in
from tests.meetings import factories as m
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def home_of(client, django_assert_max_num_queries, user):
    sign_in(client, user)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_member_is_told_nothing_waits(client, django_assert_max_num_queries):
    user, _ = m.member_with_profile()
    page = home_of(client, django_assert_max_num_queries, user)
    assert "You are not booked on any meetings" in page
    assert "Nothing is waiting for you." in page
    assert "We have not sent you any messages yet." in page


def test_the_next_meeting_with_support_what_waits_fitting_opportunities_and_messages(
    client, django_assert_max_num_queries
):
    user, person = m.member_with_profile()
    area = LivedExperienceArea.objects.create(name="Caring for someone")
    person.lived_experience.add(area)
    fitting = OpportunityFactory(title="Carers' design group", lived_experience=[area])
    OpportunityFactory(title="Unrelated group")
    soon = m.meeting(title="Carers' forum")
    Registration.objects.create(
        meeting=soon, person=person, status="registered", access_needs=["hearing_loop"], formats=["easy_read"]
    )
    later = m.meeting(title="Budget review")
    Registration.objects.create(meeting=later, person=person, status="invited")
    Action.objects.create(
        meeting=soon, owner=person, description="Bring the leaflet drafts", created_by=soon.organiser
    )
    for n in range(3):
        Message.objects.create(
            event_key=f"home:{n}", template="meeting_changed", person=person, channel="email",
            subject=f"Message {n}", body="Text", status="sent",
        )  # fmt: skip
    page = home_of(client, django_assert_max_num_queries, user)
    assert "Carers&#x27; forum" in page and "Hearing loop" in page and "Easy read" in page
    assert "Tell us if you can come to Budget review" in page
    assert "Bring the leaflet drafts" in page
    assert fitting.title.replace("'", "&#x27;") in page and "Unrelated group" not in page
    assert "Message 2" in page and "Message 0" in page
