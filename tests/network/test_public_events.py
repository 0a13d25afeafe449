"""Public events: listed with access information, booked by anyone, and joining the network from one."""

import datetime

import pytest
from django.urls import reverse

from coproduce.network.models import EventBooking
from coproduce.people.models import Person
from tests.conftest import sign_in
from tests.meetings import factories as mf

from . import factories as f

pytestmark = pytest.mark.django_db


def _public(**fields):
    return mf.meeting(body=mf.board(), title="Co-production week drop-in", is_public=True, **fields)


def test_only_public_events_are_listed_with_their_access_information(client):
    event = _public(venue=mf.venue(name="Larchmere Family Hub", hearing_loop=True))
    mf.meeting(title="Private team meeting")
    listing = client.get(reverse("network:events")).content.decode()
    assert "Co-production week drop-in" in listing
    assert "Private team meeting" not in listing
    page = client.get(reverse("network:event", args=[event.pk])).content.decode()
    assert "Hearing loop: yes" in page


def test_a_member_meeting_is_not_a_public_event_page(client):
    private = mf.meeting()
    assert client.get(reverse("network:event", args=[private.pk])).status_code == 404


def test_anyone_books_a_place_with_their_access_needs(client):
    event = _public()
    response = client.post(
        reverse("network:book", args=[event.pk]),
        {
            "name": "Ada Brook",
            "phone": "07700 900123",
            "access_needs": ["step_free", "breaks"],
            "wants_to_join": "on",
        },
    )
    assert response.status_code == 302
    booking = EventBooking.objects.get()
    assert booking.access_needs == ["step_free", "breaks"]
    assert booking.person is None


def test_a_booking_needs_a_way_to_reach_the_person(client):
    event = _public()
    response = client.post(reverse("network:book", args=[event.pk]), {"name": "Ada Brook"})
    assert "Enter an email address or a phone number" in response.content.decode()
    assert not EventBooking.objects.exists()


def test_a_past_event_takes_no_bookings(client):
    event = _public(starts_in=-datetime.timedelta(days=3))
    client.post(reverse("network:book", args=[event.pk]), {"name": "Late", "email": "late@example.test"})
    assert not EventBooking.objects.exists()


def test_an_officer_registers_someone_who_asked_to_join_at_the_event(client):
    event = _public()
    client.post(
        reverse("network:book", args=[event.pk]),
        {"name": "Ada Brook", "email": "ada@example.test", "wants_to_join": "on", "access_needs": ["breaks"]},
    )
    booking = EventBooking.objects.get()
    sign_in(client, f.officer())
    page = client.get(reverse("network_manage:bookings", args=[event.pk])).content.decode()
    assert 'id="support-breaks"' in page and "Ada Brook (booked)" in page
    client.post(reverse("network_manage:register_booking", args=[event.pk, booking.pk]))
    booking.refresh_from_db()
    person = Person.objects.get(pk=booking.person_id)
    assert person.full_name == "Ada Brook"
    assert person.consents_to_contact


def test_the_meetings_support_summary_counts_the_publics_access_needs(client):
    event = _public()
    mf.register(event, mf.person(full_name="Mo Member"), access_needs=["hearing_loop"])
    client.post(
        reverse("network:book", args=[event.pk]),
        {"name": "Ada Brook", "email": "ada@e.test", "access_needs": ["step_free"], "access_detail": "Ramp"},
    )
    client.post(
        reverse("network:book", args=[event.pk]),
        {"name": "Ben Cole", "email": "ben@example.test", "access_needs": ["hearing_loop"]},
    )
    sign_in(client, f.officer())
    page = client.get(reverse("meetings_manage:support", args=[event.pk])).content.decode()
    assert "1 registered, 2 booked a place at the public event" in page
    step_free = page[page.index('id="support-step_free"') :].split("</tr>")[0]
    assert "Ada Brook (booked)" in step_free and ">1<" in step_free
    loop = page[page.index('id="support-hearing_loop"') :].split("</tr>")[0]
    assert "Mo Member" in loop and "Ben Cole (booked)" in loop and ">2<" in loop
    assert "Ramp" in page


def test_the_meeting_form_makes_a_meeting_public(client):
    officer = f.officer()
    meeting = mf.meeting(organiser=officer)
    sign_in(client, officer)
    page = client.get(reverse("meetings_manage:edit", args=[meeting.pk])).content.decode()
    assert "This is a public event" in page


def test_a_full_event_refuses_another_booking(client):
    event = _public(capacity=1)
    client.post(reverse("network:book", args=[event.pk]), {"name": "First", "email": "first@example.test"})
    response = client.post(
        reverse("network:book", args=[event.pk]), {"name": "Second", "email": "s@example.test"}
    )
    assert "This event is full" in response.content.decode()
    assert EventBooking.objects.count() == 1
