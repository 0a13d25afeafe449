"""Delivery receipts from Notify, the officers' lists, the printed letter batch, a member's own messages and
their data download and erasure."""

import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML

from coproduce.notifications import personal_data, selectors, services
from coproduce.notifications.choices import Channel, Status
from coproduce.notifications.models import Message
from coproduce.people.models import Person
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)
from tests.conftest import sign_in
from tests.meetings import factories as m
from tests.on_commit import committed

pytestmark = pytest.mark.django_db

RECEIPTS = "/notify/receipts/"


def letter_to(name="Pat Post", key="letter:1"):
    someone = Person.objects.create(
        full_name=name, preferred_contact="post", address="2 Mill Lane\nWyvernbridge", postcode="WY2 3CD"
    )
    context = {"subject": "Your meeting", "body": "It is on Tuesday."}
    return committed(services.notify, someone, "meeting_changed", context, key)


def receipt(client, payload, token="a-long-callback-token"):
    return client.post(
        RECEIPTS, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_receipts_update_the_status_and_failures_reach_the_officers(client, notify_stand_in):
    delivered, failed = letter_to(key="a"), letter_to(key="b")
    delivered.refresh_from_db()
    failed.refresh_from_db()
    assert receipt(client, {"id": delivered.provider_id, "status": "delivered"}).status_code == 200
    response = receipt(
        client, {"id": failed.provider_id, "reference": f"message-{failed.pk}", "status": "returned-letter"}
    )
    assert response.status_code == 200
    delivered.refresh_from_db()
    failed.refresh_from_db()
    assert (delivered.status, failed.status) == (Status.DELIVERED, Status.RETURNED)
    assert list(selectors.not_reached()) == [failed]


def test_bad_or_forged_receipts_are_refused_and_change_nothing(client, notify_stand_in):
    message = letter_to()
    message.refresh_from_db()
    good = {"id": message.provider_id, "status": "permanent-failure"}
    assert client.post(RECEIPTS, json.dumps(good), content_type="application/json").status_code == 401
    assert receipt(client, good, token="guessed").status_code == 401
    assert receipt(client, {"id": "not-ours", "status": "delivered"}).status_code == 400
    assert receipt(client, {**good, "reference": "message-999999"}).status_code == 400
    assert receipt(client, {**good, "status": "made-up"}).status_code == 400
    bearer = "Bearer a-long-callback-token"
    not_json = client.post(RECEIPTS, "not json", content_type="application/json", HTTP_AUTHORIZATION=bearer)
    assert not_json.status_code == 400
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_receipts_are_refused_when_no_token_is_configured(client, settings):
    settings.GOVUK_NOTIFY = {**settings.GOVUK_NOTIFY, "CALLBACK_TOKEN": ""}
    assert receipt(client, {"id": "x", "status": "delivered"}, token="").status_code == 401


def test_letters_without_notify_are_batched_printed_and_marked_posted(client, officer):
    first, second = letter_to(key="a"), letter_to("Lee Letter", key="b")
    assert first.status == Status.QUEUED and first.channel == Channel.LETTER
    sign_in(client, officer)
    page = client.get(reverse("notifications_manage:letters")).content.decode()
    assert "2 letters waiting to be printed" in page
    response = client.post(reverse("notifications_manage:make_batch"))
    batch = first.__class__.objects.get(pk=first.pk).letter_batch
    assert response.status_code == 302 and batch is not None
    assert set(batch.letters.values_list("pk", flat=True)) == {first.pk, second.pk}
    pdf = client.get(reverse("notifications_manage:batch_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    html = render_to_string("notifications/pdf/letters.html", {"batch": batch, "letters": [first, second]})
    assert len(HTML(string=html).render().pages) == 2  # one page a letter
    client.post(reverse("notifications_manage:batch_posted", args=[batch.pk]))
    first.refresh_from_db()
    assert first.status == Status.SENT and first.sent_at is not None
    again = client.post(reverse("notifications_manage:batch_posted", args=[batch.pk]), follow=True)
    assert "already marked as posted" in again.content.decode()
    nothing = client.post(reverse("notifications_manage:make_batch"), follow=True)
    assert "no letters waiting" in nothing.content.decode()


def test_officers_see_who_was_not_reached_and_mark_it_dealt_with(client, officer):
    nobody = Person.objects.create(full_name="No Address", preferred_contact="email")
    message = committed(services.notify, nobody, "meeting_changed", {"subject": "S", "body": "B"}, "n:1")
    sign_in(client, officer)
    page = client.get(reverse("notifications_manage:not_reached")).content.decode()
    assert "No Address" in page and "Could not be reached" in page
    client.post(reverse("notifications_manage:resolve", args=[message.pk]))
    assert not selectors.not_reached().exists()
    record = client.get(reverse("notifications_manage:person", args=[nobody.pk]))
    assert "No Address" in record.content.decode()


def test_a_member_sees_only_their_own_messages(client):
    user, person = m.member_with_profile()
    mine = committed(services.notify, person, "meeting_changed", {"subject": "Mine", "body": "B"}, "own:1")
    other = committed(
        services.notify, m.person(), "meeting_changed", {"subject": "Theirs", "body": "B"}, "other:1"
    )
    sign_in(client, user)
    page = client.get(reverse("notifications:mine")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(reverse("notifications:mine_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("notifications:mine_detail", args=[other.pk])).status_code == 404


def test_the_download_has_the_log_and_erasure_blanks_addresses():
    message = letter_to()
    person = message.person
    assert personal_data.download(person)["messages"][0]["address"].startswith("Pat Post")
    personal_data.erase(person)
    message.refresh_from_db()
    assert (message.address, message.body, message.subject) == ("", "", "")
    assert Message.objects.filter(person=person).count() == 1


def test_the_api_lists_only_the_members_own_messages(api_client, token_for):  # noqa: F811
    user, person = m.member_with_profile()
    committed(services.notify, person, "meeting_changed", {"subject": "Mine", "body": "B"}, "api:1")
    committed(services.notify, m.person(), "meeting_changed", {"subject": "Theirs", "body": "B"}, "api:2")
    assert api_client.get("/api/messages/mine/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)[1]}")
    body = api_client.get("/api/messages/mine/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["subject"] for row in rows] == ["Mine"] and rows[0]["channel"] == "Email"


@pytest.mark.parametrize(
    ("phone", "error"),
    [("01632 960 001", "Enter a mobile number for text messages"), ("07700 900 982", None)],
)
def test_a_text_message_preference_needs_a_mobile_number(phone, error):
    from coproduce.people.forms import ContactForm

    data = {"email": "", "phone": phone, "address": "", "postcode": "", "preferred_contact": "text"}
    form = ContactForm(data)
    assert form.is_valid() is (error is None)
    if error:
        assert error in form.errors["phone"][0]


def test_an_officer_sets_the_fallback_order_which_is_checked_audited_and_used(client, officer, settings):
    from coproduce.audit.models import AuditEvent

    settings.NOTIFICATIONS_FALLBACK_ORDER = ["email", "text", "letter", "phone"]
    url = reverse("notifications_manage:settings")
    sign_in(client, officer)
    form = client.get(url).context["form"]
    shown = [form[name].initial for name in ("first", "second", "third", "fourth")]
    assert shown == settings.NOTIFICATIONS_FALLBACK_ORDER
    twice = client.post(url, {"first": "letter", "second": "email", "third": "letter"})
    assert "Letter is already in the order" in twice.content.decode()
    assert twice.context["form"]["second"].value() == "email"  # what was typed is kept
    nothing = client.post(url, {"first": ""})
    assert "Choose the channel to try first" in nothing.content.decode()
    assert selectors.fallback_order() == settings.NOTIFICATIONS_FALLBACK_ORDER  # nothing saved
    saved = client.post(url, {"first": "letter", "second": "phone"}, follow=True)
    assert "The order is saved" in saved.content.decode()
    assert selectors.fallback_order() == [Channel.LETTER, Channel.PHONE]
    assert AuditEvent.objects.filter(verb="notifications.fallback_order_set", actor=officer).count() == 1
    no_email = Person.objects.create(
        full_name="Lou Letter", address="3 Mill Lane\nWyvernbridge", postcode="WY2 3CD", phone="07700900982"
    )
    assert selectors.choose_channel(no_email)[0] == Channel.LETTER  # text would have come first before
    with pytest.raises(services.ServiceError):
        services.set_fallback_order(["email", "email"], actor=officer)
