"""The newsletter: written in Markdown (sanitised), previewed, sent through the task queue by email, with an
unsubscribe that works."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.core.errors import ServiceError
from coproduce.network import selectors, services
from coproduce.network.choices import Audience, NewsletterStatus
from coproduce.network.models import Newsletter
from coproduce.people.services import record_consent
from tests.conftest import sign_in

from . import factories as f

pytestmark = pytest.mark.django_db


def test_an_empty_body_is_refused_by_the_field(client):
    sign_in(client, f.officer())
    response = client.post(
        reverse("network_manage:newsletter_new"),
        {"subject": "Spring news", "body": "   ", "audience": "champions"},
    )
    assert "Write the newsletter: its body cannot be empty" in response.content.decode()
    assert not Newsletter.objects.exists()
    with pytest.raises(ServiceError) as refusal:
        services.write_newsletter(None, subject="Spring", body="", audience="champions", actor=f.officer())
    assert refusal.value.field == "body"


def test_the_preview_renders_markdown_without_scripts(client):
    officer = f.officer()
    newsletter = services.write_newsletter(
        None,
        subject="Spring news",
        body="## Hello\n\n<script>alert(1)</script>",
        audience="champions",
        actor=officer,
    )
    sign_in(client, officer)
    page = client.get(reverse("network_manage:newsletter", args=[newsletter.pk])).content.decode()
    assert ">Hello</h3>" in page
    assert "<script>alert(1)</script>" not in page


def test_sending_emails_each_champion_once_with_an_unsubscribe_link(client):
    officer = f.officer()
    champions = [f.champion(), f.champion()]
    newsletter = services.write_newsletter(
        None, subject="Spring news", body="Hello **all**", audience="champions", actor=officer
    )
    sign_in(client, officer)
    client.post(reverse("network_manage:newsletter_send", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.person.email for c in champions)
    message = mail.outbox[0]
    assert "/network/unsubscribe/" in message.body
    assert "Hello **all**" in message.body  # Markdown reads as plain text in an email, a text or a letter
    with pytest.raises(ServiceError):
        services.send_newsletter(newsletter, actor=officer)
    assert len(mail.outbox) == 2


def test_unsubscribing_stops_the_next_newsletter(client):
    champion = f.champion()
    token = selectors.unsubscribe_token(champion.person.pk)
    client.post(reverse("network:unsubscribe", args=[token]))
    assert selectors.is_unsubscribed(champion.person)
    assert champion.person.pk not in selectors.newsletter_recipient_ids(Audience.CHAMPIONS)


def test_a_tampered_unsubscribe_link_is_not_found(client):
    champion = f.champion()
    token = selectors.unsubscribe_token(champion.person.pk)
    assert client.get(reverse("network:unsubscribe", args=[token + "x"])).status_code == 404


def test_everyone_adds_members_who_agreed_to_be_contacted():
    champion = f.champion()
    _, agreed = f.member_with_profile()
    record_consent(agreed, "contact", True, method="online", actor=None)
    _, declined = f.member_with_profile()
    everyone = selectors.newsletter_recipient_ids(Audience.EVERYONE)
    assert {champion.person.pk, agreed.pk} <= set(everyone)
    assert declined.pk not in everyone
    assert agreed.pk not in selectors.newsletter_recipient_ids(Audience.CHAMPIONS)
