"""notify(): the channel each person chose, the fallback order, one message per event, the easy-read
variant, consent for marketing, and delivery with retries, by Django's email or the Notify stand-in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.notifications import selectors, services
from coproduce.notifications.choices import Channel, Status
from coproduce.notifications.models import Message
from coproduce.people.models import Person
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def person(**fields):
    defaults = {"full_name": "Sam Person", "preferred_contact": "email", "email": "sam@example.test"}
    return Person.objects.create(**{**defaults, **fields})


def tell(someone, key="test:1", **kwargs):
    context = {"subject": "Your meeting", "body": "It is on Tuesday."}
    message = committed(services.notify, someone, "meeting_changed", context, key, **kwargs)
    if message is not None:
        message.refresh_from_db()
    return message


def test_email_by_django_when_notify_is_not_configured():
    message = tell(person())
    message.refresh_from_db()
    assert (message.channel, message.status, message.attempts) == (Channel.EMAIL, Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [["sam@example.test"]]
    assert mail.outbox[0].subject == "Your meeting"
    assert "Dear Sam Person," in mail.outbox[0].body and "It is on Tuesday." in mail.outbox[0].body


def test_the_same_event_is_never_told_twice():
    someone = person()
    first, second = tell(someone), tell(someone)
    assert first.pk == second.pk and Message.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("fields", "order", "expected"),
    [
        ({"preferred_contact": "text", "phone": "01632 960 001"}, "email,text,letter,phone", Channel.EMAIL),
        ({"preferred_contact": "text", "phone": "07700 900 982"}, "email,text,letter,phone", Channel.TEXT),
        ({"preferred_contact": "", "email": "", "phone": "07700900982"}, "letter,text,email", Channel.TEXT),
        ({"preferred_contact": "post", "address": "1 High St\nWyvernbridge", "postcode": "WY1 2AB"}, "email",
         Channel.LETTER),
    ],
)  # fmt: skip
def test_preferred_channel_then_the_programmes_fallback_order(settings, fields, order, expected):
    settings.NOTIFICATIONS_FALLBACK_ORDER = order.split(",")
    assert selectors.choose_channel(person(**fields))[0] == expected


def test_nobody_reachable_goes_on_the_officers_list():
    message = tell(person(email="", preferred_contact="email"))
    assert message.status == Status.UNREACHABLE
    assert list(selectors.not_reached()) == [message]
    assert mail.outbox == []


def test_easy_read_variant_where_asked():
    from coproduce.meetings.models import Meeting

    meeting = Meeting(title="Carers' forum", starts_at=timezone.now(), ends_at=timezone.now())
    someone = person(formats=["easy_read"])
    context = {"meeting": meeting, "when": "Tuesday 3 March, 10:00", "subject": "Cancelled", "body": "Long."}
    message = committed(services.notify, someone, "meeting_cancelled", context, "cancel:1")
    assert message.easy_read and message.subject == "A meeting is cancelled"
    assert "will not happen" in message.body and "Hello Sam Person." in message.body


def test_marketing_needs_consent_service_messages_do_not():
    someone = person(consents_to_contact=False)
    assert tell(someone, "news:1", marketing=True).status == Status.NO_CONSENT
    assert tell(someone, "service:1").status == Status.SENT
    assert len(mail.outbox) == 1


def test_texts_and_phone_calls_without_notify_go_on_the_list_to_phone():
    texted = tell(person(preferred_contact="text", phone="07700 900 982"), "t:1")
    phoned = tell(person(preferred_contact="phone", phone="01632 960 001"), "p:1")
    assert {m.pk for m in selectors.calls_to_make()} == {texted.pk, phoned.pk}
    assert mail.outbox == []


def test_through_the_official_client_to_the_notify_stand_in(notify_stand_in):
    emailed = tell(person(), "n:1")
    texted = tell(person(preferred_contact="text", phone="07700 900 982"), "n:2")
    posted = tell(
        person(preferred_contact="post", address="1 High St\nWyvernbridge", postcode="WY1 2AB"), "n:3"
    )
    paths = [path for path, _ in notify_stand_in.received]
    assert paths == ["/v2/notifications/email", "/v2/notifications/sms", "/v2/notifications/letter"]
    email, sms, letter = (body for _, body in notify_stand_in.received)
    assert email["email_address"] == "sam@example.test" and email["template_id"] == "e-template"
    assert email["personalisation"]["subject"] == "Your meeting"
    assert sms["phone_number"] == "07700 900 982"
    assert letter["personalisation"]["address_line_1"] == "Sam Person"
    assert letter["personalisation"]["address_line_3"] == "Wyvernbridge"
    assert letter["personalisation"]["address_line_4"] == "WY1 2AB"
    for message in (emailed, texted, posted):
        message.refresh_from_db()
        assert message.status == Status.SENT and message.provider_id


def test_a_failed_attempt_is_retried_after_a_growing_wait(notify_stand_in):
    notify_stand_in.fail_next = 1
    message = tell(person())
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert message.next_attempt_at > timezone.now() and "500" in message.failure
    assert services.retry_due() == 0  # its wait is not over
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.retry_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (Status.SENT, 2, None)
    assert selectors.backoff(1) < selectors.backoff(2) < selectors.backoff(3)


def test_gives_up_after_the_last_attempt(notify_stand_in, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    notify_stand_in.fail_next = 1
    message = tell(person())
    message.refresh_from_db()
    assert message.status == Status.FAILED and list(selectors.not_reached()) == [message]


def test_erased_people_are_told_nothing():
    assert tell(person(erased_at=timezone.now())) is None and Message.objects.count() == 0
